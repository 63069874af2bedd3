import { PolicyInputError } from "../errors";
import { Pack, Severity } from "../rule";
import { requiredTagsRule } from "../rules/required-tags";

export interface RequiredTagsPackOptions {
  /** Tag/label keys every taggable resource must carry, e.g. `["team", "cost-center"]`. */
  readonly keys: readonly string[];
  /** @default "error" */
  readonly severity?: Severity;
}

/** A pack requiring your own tag/label keys (rule `required-tag-keys`). */
export function requiredTagsPack(options: RequiredTagsPackOptions): Pack {
  if (
    !Array.isArray(options?.keys) ||
    options.keys.length === 0 ||
    options.keys.some((k) => typeof k !== "string" || k === "")
  ) {
    throw new PolicyInputError({
      source: "required-tags pack",
      problem: '"keys" must be a non-empty list of tag keys, e.g. ["team", "cost-center"]',
    });
  }
  return {
    name: "required-tags",
    description: `Every taggable resource carries ${options.keys.join(", ")}.`,
    rules: [requiredTagsRule({ keys: options.keys, id: "required-tag-keys", severity: options.severity })],
  };
}
