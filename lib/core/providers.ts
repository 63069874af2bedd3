import { Cloud, CLOUDS, PerCloud } from "./cloud";

// Synthesized Terraform names providers, not clouds: this is the one table that reads a cloud's
// provider blocks by name, shared by ops (stack facts) and policy (stack context, required tags).

/** A provider block of a stack's Terraform JSON. */
export interface ProviderBlockLike {
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
}

interface CloudProviders {
  /** The Terraform provider names of the cloud (`aws`; `google`, `google-beta`). */
  readonly names: readonly string[];
  /** Where a provider block keeps the tags or labels it puts on every resource. */
  defaultTags(attributes: Readonly<Record<string, unknown>>): unknown;
  /** The one account (AWS `allowed_account_ids`) or project (GCP `project`) a provider block is pinned to. */
  account(attributes: Readonly<Record<string, unknown>>): unknown;
}

const PROVIDERS: PerCloud<CloudProviders> = {
  aws: {
    names: ["aws"],
    defaultTags: (attributes) => firstObject(attributes.default_tags)?.tags,
    account: ({ allowed_account_ids: ids }) => (Array.isArray(ids) && ids.length === 1 ? ids[0] : undefined),
  },
  gcp: {
    names: ["google", "google-beta"],
    defaultTags: (attributes) => attributes.default_labels,
    account: (attributes) => attributes.project,
  },
};

/**
 * Providers of the code host rather than of a cloud: a stack that configures only these manages
 * the repository itself (its environments, rulesets: the governance stack), not infrastructure.
 * It has no cloud, region or environment, and no pipeline job plans it.
 */
const REPOSITORY_PROVIDERS: readonly string[] = ["github"];

/** Whether a Terraform provider manages the code host (`github`) rather than a cloud. */
export function isRepositoryProvider(name: string): boolean {
  return REPOSITORY_PROVIDERS.includes(name);
}

/** The cloud a Terraform provider belongs to, or undefined (kubernetes, helm, random...). */
export function cloudOfProvider(name: string): Cloud | undefined {
  return CLOUDS.find((cloud) => PROVIDERS[cloud].names.includes(name));
}

/** Tags (AWS `default_tags`) or labels (GCP `default_labels`) a provider puts on every resource it manages. */
export function providerDefaultTags(provider: ProviderBlockLike | undefined): Record<string, string> {
  const cloud = provider && cloudOfProvider(provider.name);
  if (!provider || cloud === undefined) return {};
  const raw = PROVIDERS[cloud].defaultTags(provider.attributes);
  if (!isRecord(raw)) return {};
  return Object.fromEntries(Object.entries(raw).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** The account (AWS) or project (GCP) a cloud's provider block is pinned to, if it names exactly one. */
export function providerAccount(provider: ProviderBlockLike | undefined): string | undefined {
  const cloud = provider && cloudOfProvider(provider.name);
  if (!provider || cloud === undefined) return undefined;
  const account = PROVIDERS[cloud].account(provider.attributes);
  return typeof account === "string" ? account : undefined;
}

/** A nested block, written as an object or as a list of them: its first object. */
function firstObject(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return (Array.isArray(value) ? value : [value]).find(isRecord);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
