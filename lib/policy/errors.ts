import { InputError, InputErrorDetails } from "../core/input-error";

/**
 * Bad input to the policy engine or CLI: unreadable files, unknown packs, invalid suppressions. An
 * InputError with code `policy-input`; the CLI prints it in one line and exits 2.
 */
export class PolicyInputError extends InputError {
  constructor(details: InputErrorDetails | string) {
    super(details, "policy-input");
    this.name = "PolicyInputError";
  }
}

/** An input error of the operations layer (reading the stacks) as the policy engine's own, with the same parts. */
export function asPolicyInput(error: unknown): unknown {
  if (!(error instanceof InputError) || error instanceof PolicyInputError) return error;
  const value = error.value !== undefined ? { value: error.value } : {};
  const { source, prop, problem, fix } = error;
  return new PolicyInputError({ source, prop, ...value, problem, fix });
}
