import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidLabels, invalidProp } from "./errors";
import { Cloud } from "./cloud";
import { targetFor } from "./registry";
import { stackOf } from "./stack-info";

/**
 * Checks tags (AWS) or labels (GCP) against the stack's cloud's rules. Values are never rewritten:
 * a tag that silently changed would break whatever matches on it.
 */
export function checkLabels(
  scope: IConstruct,
  prop: string,
  labels: unknown,
  cloud: Cloud = stackOf(scope).cloud,
): Record<string, string> {
  if (labels === undefined) return {};
  if (typeof labels !== "object" || labels === null || Array.isArray(labels)) {
    throw invalidProp(scope, prop, labels, "is not an object of strings", `pass ${prop} as { key: "value" }`);
  }
  const data = targetFor(cloud).data;
  for (const [key, value] of Object.entries(labels)) {
    if (typeof value !== "string") {
      throw invalidProp(scope, `${prop}.${key}`, value, "is not a string", "give every tag or label a string value");
    }
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue; // known only at apply time
    const problem = data.labelProblem(key, value);
    if (problem) throw invalidLabels(scope, prop, labels, problem);
  }
  return labels as Record<string, string>;
}
