import { isObject } from "./attributes";
import { PolicyInputError } from "./errors";
import { Rule, TerraformJson } from "./rule";

/**
 * An acknowledged finding: rule `ruleId` is accepted, for `reason`, on one target: a construct
 * path and everything below it (`path`), or a Terraform address (`address`, optionally limited to
 * one `stack`).
 */
export interface Suppression {
  readonly ruleId: string;
  /** Why the finding is accepted. Required: a suppression without a written reason is an error. */
  readonly reason: string;
  /** A construct path such as `aws-prod/bastion`: the construct and every resource below it. */
  readonly path?: string;
  /** A Terraform address such as `aws_instance.bastion`. */
  readonly address?: string;
  /** Limits an address suppression to one stack. @default - every stack */
  readonly stack?: string;
  /** The file that declared it, for reports. Set by the loaders. */
  readonly source?: string;
}

/** Where cdktf stacks carry construct-level suppressions in their JSON: `"//": { "landform": { "suppressions": [...] } }`. */
export const METADATA_PATH = ["//", "landform", "suppressions"] as const;

/** The pseudo-rule under which a suppression that matches nothing is reported. */
export const UNMATCHED_SUPPRESSION: Rule = {
  id: "unmatched-suppression",
  severity: "warning",
  title: "Every suppression matches a finding",
  rationale:
    "A suppression that matches nothing is stale or mistyped, and may hide a future finding it was never meant for.",
  remediation: "Remove the suppression, or correct its rule id, construct path or address.",
  check: () => undefined,
};

/** Checks one suppression read from `where`; throws a PolicyInputError that says what is wrong. */
export function validateSuppression(value: unknown, where: string): Suppression {
  if (!isObject(value))
    throw new PolicyInputError({
      source: where,
      problem: "a suppression must be an object with ruleId, reason and path or address",
    });
  const { ruleId, reason, path, address, stack } = value;
  if (typeof ruleId !== "string" || ruleId === "") {
    throw new PolicyInputError({
      source: where,
      prop: "suppression",
      value,
      problem: "has no ruleId",
      fix: "name the rule it accepts",
    });
  }
  if (typeof reason !== "string" || reason.trim() === "") {
    const inStack = typeof stack === "string" ? ` in stack ${stack}` : "";
    throw new PolicyInputError({
      source: where,
      problem: `suppression of ${ruleId}${inStack} has no reason`,
      fix: 'write why the finding is accepted in "reason"',
    });
  }
  if (
    (path === undefined) === (address === undefined) ||
    (path !== undefined && typeof path !== "string") ||
    (address !== undefined && typeof address !== "string")
  ) {
    throw new PolicyInputError({
      source: where,
      problem: `suppression of ${ruleId} needs exactly one of "path" (a construct path) or "address" (a Terraform address)`,
    });
  }
  if (stack !== undefined && typeof stack !== "string") {
    throw new PolicyInputError({
      source: where,
      problem: `suppression of ${ruleId} has a "stack" that is not a string`,
    });
  }
  return {
    ruleId,
    reason,
    path: path as string | undefined,
    address: address as string | undefined,
    stack: stack as string | undefined,
  };
}

/** Construct-level suppressions a cdktf stack wrote into its JSON with `Policy.suppress`. */
export function embeddedSuppressions(json: TerraformJson, stackName: string): Suppression[] {
  let value: unknown = json;
  for (const key of METADATA_PATH) value = isObject(value) ? value[key] : undefined;
  if (value === undefined) return [];
  if (!Array.isArray(value))
    throw new PolicyInputError({ source: `stack ${stackName}`, problem: '"//.landform.suppressions" must be a list' });
  return value.map((s, i) => ({
    ...validateSuppression(s, `stack ${stackName}, suppression ${i + 1}`),
    stack: stackName,
  }));
}

/** Suppressions from a `landform.policy.json` file's `suppressions` list. */
export function configSuppressions(value: unknown, file: string): Suppression[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new PolicyInputError({ source: file, problem: '"suppressions" must be a list' });
  return value.map((s, i) => ({ ...validateSuppression(s, `${file}, suppression ${i + 1}`), source: file }));
}

/** Whether a suppression covers a finding of `ruleId` on this block. */
export function suppresses(
  s: Suppression,
  ruleId: string,
  stack: string,
  address: string,
  constructPath: string | undefined,
): boolean {
  if (s.ruleId !== ruleId) return false;
  if (s.stack !== undefined && s.stack !== stack) return false;
  if (s.address !== undefined) return s.address === address;
  return (
    constructPath !== undefined &&
    s.path !== undefined &&
    (constructPath === s.path || constructPath.startsWith(`${s.path}/`))
  );
}

/** How a suppression names its target in messages. */
export function describeTarget(s: Suppression): string {
  const where = s.path !== undefined ? `construct '${s.path}'` : `address ${s.address}`;
  return s.stack !== undefined && s.address !== undefined ? `${where} in stack ${s.stack}` : where;
}
