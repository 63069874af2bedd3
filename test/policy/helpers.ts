import { messagesOf, Rule } from "../../lib/policy/rule";
import { resourcesOf } from "../../lib/policy/engine";

export interface RuleCase {
  /** Provider blocks of the stack. @default none */
  readonly provider?: Record<string, unknown[]>;
  /** Sets `environment = "prod"` in an aws and a google provider's default tags/labels. */
  readonly production?: boolean;
}

/** Messages `rule` reports on one resource `type.subject` with `attributes`, in a stack built from `options`. */
export function check(rule: Rule, type: string, attributes: Record<string, unknown>, options: RuleCase = {}): string[] {
  const provider =
    options.provider ??
    (options.production
      ? {
          aws: [{ default_tags: [{ tags: { environment: "prod" } }] }],
          google: [{ default_labels: { environment: "prod" } }],
        }
      : {});
  const json = { provider, resource: { [type]: { subject: attributes } } };
  const target = resourcesOf({ name: "test", json }).find((r) => r.address === `${type}.subject`);
  if (!target) throw new Error("no subject");
  return [...messagesOf(rule.check(target))];
}

/** Messages `rule` reports on the provider blocks of a stack. */
export function checkProviders(rule: Rule, provider: Record<string, unknown[]>): string[] {
  return resourcesOf({ name: "test", json: { provider } })
    .filter((r) => r.kind === "provider")
    .flatMap((r) => [...messagesOf(rule.check(r))]);
}
