import { IConstruct } from "constructs";
import { Cloud } from "./cloud";
import { describe, kindOf, LandformError } from "./errors";
import { stackOf } from "./stack-info";

/**
 * The cloud-specific resources behind a portable construct's `.aws` / `.gcp` escape hatch, when
 * its stack is on `cloud`; a clear error when it is not, or when the construct was imported.
 */
export function resourcesOn<T>(scope: IConstruct, cloud: Cloud, resources: unknown): T {
  const actual = stackOf(scope).cloud;
  if (actual !== cloud) {
    throw new LandformError({
      code: "wrong-cloud",
      constructPath: scope.node.path,
      kind: kindOf(scope),
      problem: `.${cloud} is only available on ${cloud} stacks, and this stack targets ${actual}`,
      fix: `use the portable attributes or .${actual}`,
      message: `${describe(scope)}: .${cloud} is only available on ${cloud} stacks, and this stack targets ${actual}; use the portable attributes or .${actual}.`,
    });
  }
  if (resources === undefined) {
    throw new LandformError({
      code: "wrong-cloud",
      constructPath: scope.node.path,
      kind: kindOf(scope),
      problem: "was imported, so Landform declares no resources for it",
      fix: "manage its resources where it is defined",
      message: `${describe(scope)}: .${cloud} is not available: it was imported, so Landform declares no resources for it; manage its resources where it is defined.`,
    });
  }
  return resources as T;
}
