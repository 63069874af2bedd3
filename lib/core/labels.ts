import { Token } from "cdktf";
import { Cloud } from "./cloud";

/** GCP label rules: lowercase letters, digits, `_` and `-`, at most 63 characters; keys start with a letter. */
const GCP_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const GCP_VALUE = /^[a-z0-9_-]{0,63}$/;

/** Why a tag/label key or value cannot be used on a cloud, or undefined. Values are not mangled. */
export function labelProblem(cloud: Cloud, key: string, value: string): string | undefined {
  if (cloud === "gcp") {
    if (!GCP_KEY.test(key)) {
      return `key ${JSON.stringify(key)} breaks GCP's label rules (start with a lowercase letter; only a-z, 0-9, _ and -; at most 63 characters)`;
    }
    if (!GCP_VALUE.test(value)) {
      return `value ${JSON.stringify(value)} of ${JSON.stringify(key)} breaks GCP's label rules (only a-z, 0-9, _ and -; at most 63 characters)`;
    }
    return undefined;
  }
  if (key.length === 0 || key.length > 128) return `key ${JSON.stringify(key)} must be 1 to 128 characters on AWS`;
  if (key.toLowerCase().startsWith("aws:")) return `key ${JSON.stringify(key)} uses the reserved "aws:" prefix`;
  if (value.length > 256) return `value of ${JSON.stringify(key)} is longer than AWS's 256 characters`;
  return undefined;
}

/** The first problem in a set of tags/labels, or undefined. */
export function labelsProblem(cloud: Cloud, labels: Record<string, string>): string | undefined {
  for (const [key, value] of Object.entries(labels)) {
    if (Token.isUnresolved(key) || Token.isUnresolved(value)) continue; // known only at apply time
    const problem = labelProblem(cloud, key, value);
    if (problem) return problem;
  }
  return undefined;
}
