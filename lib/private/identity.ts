import { IConstruct } from "constructs";
import { CLOUDS } from "../core/cloud";
import { invalidProp } from "../core/errors";
import { targetOf } from "../core/registry";
import { Checks, PropRules } from "../core/validate";
import type { Identity } from "../contracts/identity";

/** An Identity given by hand (to an imported instance or service account). */
export const IDENTITY_RULES: PropRules<Identity> = {
  name: Checks.required(Checks.string({ nonEmpty: true })),
  id: Checks.required(Checks.string({ nonEmpty: true })),
  principal: Checks.required(Checks.string({ nonEmpty: true })),
  cloud: Checks.oneOf(CLOUDS),
};

/**
 * Why `identity` cannot be used on `scope`'s cloud, or undefined: it names another cloud, or its
 * principal has another cloud's form. A principal that is only a reference cannot be judged.
 */
export function otherCloudProblem(scope: IConstruct, identity: Identity): string | undefined {
  const target = targetOf(scope);
  if (identity.cloud !== undefined && identity.cloud !== target.cloud) return `is an identity on ${identity.cloud}`;
  return target.data.principalProblem(identity.principal);
}

/** Refuses an identity of another cloud where `scope` runs as one (an imported instance or service account). */
export function requireOwnCloud(scope: IConstruct, prop: string, identity: Identity | undefined, what: string): void {
  if (identity === undefined) return;
  const problem = otherCloudProblem(scope, identity);
  if (problem) {
    const cloud = targetOf(scope).cloud;
    throw invalidProp(
      scope,
      prop,
      identity.principal,
      `${problem}: ${what} on ${cloud} runs as a ${cloud} identity`,
      `pass its ${cloud} identity`,
    );
  }
}
