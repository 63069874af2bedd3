import { cloudOfProvider, providerDefaultTags } from "../core/providers";
import { isObject } from "./json";

/** A managed resource of a stack, with the construct that declared it (cdktf's `//` metadata). */
export interface ResourceInfo {
  /** The Terraform address, `type.name`. */
  readonly address: string;
  readonly type: string;
  readonly name: string;
  /** The construct path, e.g. `aws-prod/orders/Resource`; undefined for JSON not written by cdktf. */
  readonly constructPath?: string;
}

/** What a stack's Terraform JSON says about where it runs. */
export interface StackFacts {
  /** `aws` or `gcp` from its provider blocks; several joined with `+`; undefined when neither. */
  readonly cloud?: string;
  /** The region of its default provider block. */
  readonly region?: string;
  /** The `environment` tag (AWS `default_tags`) or label (GCP `default_labels`) of its provider. */
  readonly environment?: string;
  readonly resources: readonly ResourceInfo[];
}

export function stackFacts(json: Record<string, unknown>): StackFacts {
  const providers = Object.entries(isObject(json.provider) ? json.provider : {}).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter(isObject).map((attributes) => ({ name, attributes })),
  );
  const cloudBlocks = providers.filter((p) => cloudOfProvider(p.name) !== undefined);
  const clouds = [...new Set(cloudBlocks.map((p) => cloudOfProvider(p.name)))];
  const main = cloudBlocks.find((p) => p.attributes.alias === undefined) ?? cloudBlocks[0];
  const region = typeof main?.attributes.region === "string" ? main.attributes.region : undefined;
  const environment = cloudBlocks.map((p) => providerDefaultTags(p).environment).find((e) => e !== undefined);
  return {
    cloud: clouds.length > 0 ? clouds.join("+") : undefined,
    region,
    environment,
    resources: resourcesOf(json),
  };
}

function first(value: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item : undefined;
}

function resourcesOf(json: Record<string, unknown>): ResourceInfo[] {
  const out: ResourceInfo[] = [];
  for (const [type, byName] of Object.entries(isObject(json.resource) ? json.resource : {})) {
    for (const [name, body] of Object.entries(isObject(byName) ? byName : {})) {
      const meta = first(first(first(body)?.["//"])?.metadata);
      const constructPath = typeof meta?.path === "string" ? meta.path : undefined;
      out.push({ address: `${type}.${name}`, type, name, constructPath });
    }
  }
  return out;
}
