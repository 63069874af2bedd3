import { createHash } from "crypto";
import { IConstruct } from "constructs";

/** A Kubernetes name (RFC 1123 label), the form namespaces, service accounts and workloads take. */
export const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** How to write a Kubernetes name, for the fix of an error. */
export const K8S_NAME_FIX =
  "use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit";

/** The shape a cloud allows for one kind of name. */
export interface NameRule {
  readonly maxLength: number;
  /** Characters allowed besides the separator `-`; others become `-`. */
  readonly allowed: RegExp;
  readonly lowercase: boolean;
  /** Prefix a letter when the name would start with a digit or dash. */
  readonly startWithLetter: boolean;
}

export const NameRules = {
  /** GCP resource names (RFC 1035): `[a-z]([-a-z0-9]*[a-z0-9])?`, 63 characters. */
  gcp: { maxLength: 63, allowed: /[a-z0-9]/, lowercase: true, startWithLetter: true },
  /** GCP service account ids: 6-30 characters, RFC 1035. */
  gcpServiceAccount: { maxLength: 30, allowed: /[a-z0-9]/, lowercase: true, startWithLetter: true },
  /** AWS names with the tightest common rules (RDS identifiers, ElastiCache, target groups). */
  awsStrict: { maxLength: 63, allowed: /[a-z0-9]/, lowercase: true, startWithLetter: true },
  /** IAM roles and policies: 64 characters of `[\w+=,.@-]`. */
  awsIam: { maxLength: 64, allowed: /[A-Za-z0-9_+=,.@]/, lowercase: false, startWithLetter: false },
  /** Tag-like names such as security groups and log groups. */
  awsLoose: { maxLength: 255, allowed: /[A-Za-z0-9_./]/, lowercase: false, startWithLetter: false },
} satisfies Record<string, NameRule>;

// Ids that only mark a construct's main child; aws-cdk leaves them out of names too.
const HIDDEN_IDS = new Set(["Resource", "Default"]);

/**
 * A deterministic physical name from a construct's path, e.g. `aws-prod-network` for
 * `aws-prod/network`. Names that would run past the rule's limit are cut and end in a hash
 * of the whole path, so two long paths never collide.
 */
export function physicalName(scope: IConstruct, rule: NameRule, suffix?: string): string {
  const ids = nameParts(scope);
  if (suffix) ids.push(suffix);
  return nameFromParts(ids, rule);
}

/** The construct ids a name is made of: the path of `scope`, from just below `below` when given. */
export function nameParts(scope: IConstruct, below?: IConstruct): string[] {
  const scopes = scope.node.scopes;
  return scopes
    .slice(below ? scopes.indexOf(below) + 1 : 0)
    .map((s) => s.node.id)
    .filter((id) => id !== "" && !HIDDEN_IDS.has(id));
}

export function nameFromParts(parts: string[], rule: NameRule): string {
  const joined = parts.join("-");
  let name = [...(rule.lowercase ? joined.toLowerCase() : joined)]
    .map((c) => (rule.allowed.test(c) ? c : "-"))
    .join("")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  if (rule.startWithLetter && !/^[a-zA-Z]/.test(name)) name = `x${name}`;
  if (name.length <= rule.maxLength) return name;
  const hash = createHash("sha256").update(parts.join("/")).digest("hex").slice(0, 8);
  return `${name.slice(0, rule.maxLength - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}
