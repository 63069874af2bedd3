import { deepEqual, RawDiff } from "./diff";
import { ResourceChange } from "./model";
import { isObject } from "../json";

export interface NoiseContext {
  readonly resource: ResourceChange;
  /** The provider's `default_tags` (AWS) / `default_labels` (Google) for the resource's stack. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/**
 * A difference that providers are known to report without anything having changed. A rule
 * classifies, it never hides: the entry is still shown, marked noise, and does not fail the run.
 */
export interface NoiseRule {
  readonly id: string;
  readonly title: string;
  /** Where the behaviour is documented or tracked. */
  readonly source: string;
  readonly matches: (diff: RawDiff, context: NoiseContext) => boolean;
}

const isEmpty = (v: unknown) =>
  v === null ||
  v === undefined ||
  v === "" ||
  (Array.isArray(v) && v.length === 0) ||
  (isObject(v) && Object.keys(v).length === 0);

/** The one table of noise rules. Order matters only for which id is reported when several match. */
export const NOISE_RULES: readonly NoiseRule[] = [
  {
    id: "null-vs-empty",
    title: "null on one side, an empty string, list or map on the other",
    source: "https://github.com/hashicorp/terraform-plugin-sdk/issues/741",
    matches: (d) => !d.sensitive && !d.unknown && isEmpty(d.before) && isEmpty(d.after),
  },
  {
    id: "json-equivalent",
    title: "JSON strings (policies, container definitions) equal once parsed",
    source: "https://github.com/hashicorp/terraform-provider-aws/issues/21968",
    matches: (d) => {
      if (d.unknown || typeof d.before !== "string" || typeof d.after !== "string") return false;
      const [a, b] = [parseJson(d.before), parseJson(d.after)];
      return a !== undefined && b !== undefined && deepEqual(a, b);
    },
  },
  {
    id: "aws-tags-all-default-tags",
    title: "tags_all differs only in keys of the provider's default_tags, while tags is unchanged",
    source: "https://github.com/hashicorp/terraform-provider-aws/issues/18311",
    matches: (d, c) => c.resource.type.startsWith("aws_") && computedFromDefaults(d, c, "tags_all", "tags"),
  },
  {
    id: "google-labels-default-labels",
    title:
      "effective_labels / terraform_labels differ only in keys of the provider's default_labels, while labels is unchanged",
    source:
      "https://registry.terraform.io/providers/hashicorp/google/latest/docs/guides/version_5_upgrade#provider-level-labels-rework",
    matches: (d, c) =>
      c.resource.type.startsWith("google_") &&
      (computedFromDefaults(d, c, "effective_labels", "labels") ||
        computedFromDefaults(d, c, "terraform_labels", "labels")),
  },
];

/**
 * A whole entry whose values are the same on both sides: Terraform reports an update when only
 * what the JSON does not show changed (sensitivity marks, a value's type, provider metadata).
 * Nothing in the infrastructure differs, so it is noise, classified by this rule.
 */
export const SAME_VALUES_RULE: Omit<NoiseRule, "matches"> = {
  id: "same-values",
  title: "an update whose before and after are equal: no attribute differs",
  source: "https://developer.hashicorp.com/terraform/internals/json-format#change-representation",
};

/** The first rule that explains this difference, if any. */
export function noiseRuleFor(diff: RawDiff, context: NoiseContext): NoiseRule | undefined {
  return NOISE_RULES.find((rule) => rule.matches(diff, context));
}

/**
 * `tags_all` is `tags` merged over `default_tags`. A difference in it that `tags` does not share
 * is explained by the defaults when every differing key is a default key and one side holds the
 * value the merge gives (the tag's own value, else the default).
 */
function computedFromDefaults(d: RawDiff, c: NoiseContext, computed: string, own: string): boolean {
  if (d.sensitive || d.unknown || d.segments[0] !== computed || d.segments.length > 2) return false;
  const { before, after } = c.resource.change;
  const ownBefore = isObject(before) ? before[own] : undefined;
  const ownAfter = isObject(after) ? after[own] : undefined;
  if (!deepEqual(ownBefore ?? null, ownAfter ?? null)) return false;
  const ownTags = isObject(ownAfter) ? ownAfter : {};
  const sides = (v: unknown): Record<string, unknown> => (isObject(v) ? v : {});
  const [b, a] =
    d.segments.length === 2
      ? [{ [d.segments[1]]: d.before }, { [d.segments[1]]: d.after }]
      : [sides(d.before), sides(d.after)];
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => !deepEqual(b[k] ?? null, a[k] ?? null),
  );
  return (
    keys.length > 0 &&
    keys.every((k) => {
      if (!(k in c.defaultTags)) return false;
      const merged = k in ownTags ? ownTags[k] : c.defaultTags[k];
      return b[k] === merged || a[k] === merged;
    })
  );
}

function parseJson(text: string): unknown {
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return undefined;
  try {
    return JSON.parse(t);
  } catch {
    return undefined;
  }
}
