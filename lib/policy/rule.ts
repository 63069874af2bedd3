import type { RuleInfo } from "../findings/finding";

export { SEVERITIES, severityRank } from "../findings/finding";
export type { Severity } from "../findings/finding";

/** What a rule looks at: a `resource` block or a `provider` block of a stack. */
export type ResourceKind = "resource" | "provider";

/** A Terraform JSON object, as found in a `*.tf.json` file. */
export type Attributes = Readonly<Record<string, unknown>>;

/** The Terraform JSON of one stack, as much of it as policy reads. */
export interface TerraformJson {
  /** `{ "<type>": { "<name>": { ...attributes } } }` */
  readonly resource?: unknown;
  /** `{ "<name>": [ { ...config } ] }` (or a single object) */
  readonly provider?: unknown;
  readonly [key: string]: unknown;
}

/** The stack a resource belongs to, with what rules commonly need from it. */
export interface StackContext {
  /** The stack's name, e.g. `aws-prod`. */
  readonly name: string;
  /** The stack's whole Terraform JSON. */
  readonly json: TerraformJson;
  /**
   * The stack's environment, from the `environment` key of the providers' `default_tags` (AWS)
   * or `default_labels` (GCP), when one is set.
   */
  readonly environment?: string;
  /** Whether the environment is `prod` or `production`. */
  readonly production: boolean;
}

/** One block a rule judges: a resource (`aws_db_instance.orders`) or a provider (`provider.aws`). */
export interface PolicyResource {
  readonly kind: ResourceKind;
  /** Resource type (`aws_db_instance`), or provider name (`aws`) for a provider block. */
  readonly type: string;
  /** Resource name in the JSON (`orders`), or the provider alias (or `default`). */
  readonly name: string;
  /** Terraform address: `aws_db_instance.orders`, `provider.aws` or `provider.aws.eu`. */
  readonly address: string;
  /** The block's attributes, without cdktf's `//` metadata. */
  readonly attributes: Attributes;
  readonly stack: StackContext;
  /** The cdktf construct path (`aws-prod/orders/Resource`) when the JSON carries cdktf metadata. */
  readonly constructPath?: string;
}

/** What `check` returns: one message per problem; nothing (or an empty list) when compliant. */
export type RuleResult = string | readonly string[] | undefined | void;

/**
 * A rule: a pure function over one thing (by default a Terraform block; `Rule<WorkflowDocument>`
 * for a GitHub Actions workflow) with what a person needs to act on a finding. Terraform rules
 * read Terraform JSON only, so they judge any cdktf or hand-written Terraform JSON. Every rule
 * runs in the same engine: suppressions, `--fail-on` and the formats work alike for all.
 */
export interface Rule<T = PolicyResource> extends RuleInfo {
  /** Which blocks the rule sees (Terraform rules). @default ["resource"] */
  readonly kinds?: readonly ResourceKind[];
  /** Messages for each problem in this thing; none when it is compliant. */
  check(target: T): RuleResult;
}

/** A named group of rules. */
export interface Pack<T = PolicyResource> {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly Rule<T>[];
}

/** Messages of a `check` result as a list. */
export function messagesOf(result: RuleResult): readonly string[] {
  if (result === undefined || result === null) return [];
  return typeof result === "string" ? [result] : result;
}
