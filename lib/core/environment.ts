/** Environment names that mean production when a stack does not say otherwise. */
export const PRODUCTION_ENVIRONMENTS: readonly string[] = ["prod", "production"];

/** The one rule for "is this environment production", shared by stacks and policy rules. */
export function isProductionEnvironment(environment: string): boolean {
  return PRODUCTION_ENVIRONMENTS.includes(environment.toLowerCase());
}
