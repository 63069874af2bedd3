import { IConstruct } from "constructs";
import { Cloud } from "./cloud";
import { CloudStack } from "./cloud-stack";
import { LandformError } from "./errors";

/**
 * The cloud-specific resources behind a portable construct's `.aws` / `.gcp` escape hatch, when
 * its stack is on `cloud`; a clear error when it is not.
 */
export function resourcesOn<T>(scope: IConstruct, cloud: Cloud, resources: unknown): T {
  const actual = CloudStack.of(scope).cloud;
  if (actual !== cloud) {
    throw new LandformError(
      `${scope.constructor.name} '${scope.node.path}': .${cloud} is only available on ${cloud} stacks, and this stack targets ${actual}; use the portable attributes or .${actual}.`,
    );
  }
  return resources as T;
}
