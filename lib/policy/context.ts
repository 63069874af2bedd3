import { isProductionEnvironment } from "../core/environment";
import { providerDefaultTags as defaultTagsOf } from "../core/providers";
import { isObject } from "./attributes";
import { Attributes, PolicyResource, StackContext, TerraformJson } from "./rule";

/** One `provider` block of a stack. */
export interface ProviderBlock {
  readonly name: string;
  /** The alias, or undefined for the default configuration. */
  readonly alias?: string;
  readonly attributes: Attributes;
}

/** Every provider block of a stack, in file order. */
export function providerBlocks(json: TerraformJson): ProviderBlock[] {
  const out: ProviderBlock[] = [];
  for (const [name, value] of Object.entries(isObject(json.provider) ? json.provider : {})) {
    const list = Array.isArray(value) ? value : [value];
    for (const attributes of list.filter(isObject)) {
      const alias = typeof attributes.alias === "string" ? attributes.alias : undefined;
      out.push({ name, alias, attributes });
    }
  }
  return out;
}

/** The provider block a resource uses: its `provider` meta-argument (`aws.eu`) or the default one of its type's prefix. */
export function providerFor(resource: PolicyResource): ProviderBlock | undefined {
  const explicit = resource.attributes.provider;
  const [name, alias] =
    typeof explicit === "string"
      ? explicit.replace(/^\$\{|\}$/g, "").split(".")
      : [resource.type.split("_")[0], undefined];
  return providerBlocks(resource.stack.json).find((p) => p.name === name && p.alias === alias);
}

/** Tags (AWS `default_tags`) or labels (GCP `default_labels`) a provider puts on every resource it manages. */
export function providerDefaultTags(provider: ProviderBlock | undefined): Record<string, string> {
  // One table, in lib/core, reads a cloud's provider blocks for ops and policy alike.
  return defaultTagsOf(provider);
}

/** The stack context rules see. */
export function stackContext(name: string, json: TerraformJson): StackContext {
  const environment = providerBlocks(json)
    .map((p) => providerDefaultTags(p).environment)
    .find((e) => e !== undefined);
  const production = environment !== undefined && isProductionEnvironment(environment);
  return { name, json, environment, production };
}
