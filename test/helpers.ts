import { App, Testing } from "cdktf";
import { Cloud, CloudStack, CloudStackProps } from "../lib";

/** Minimal valid stack props per cloud, so a test names only what it is about. */
export function stackProps(cloud: Cloud, overrides: Partial<CloudStackProps> = {}): CloudStackProps {
  const base: CloudStackProps =
    cloud === "aws"
      ? { cloud, region: "eu-west-1", environment: "dev" }
      : { cloud, region: "europe-west1", environment: "dev", project: "acme-test-123" };
  return { ...base, ...overrides };
}

/** A fresh app with one CloudStack named `<cloud>-test`. */
export function testStack(
  cloud: Cloud,
  overrides: Partial<CloudStackProps> = {},
  app: App = Testing.app(),
): CloudStack {
  return new CloudStack(app, `${cloud}-test`, stackProps(cloud, overrides));
}

/** The stack's Terraform JSON, metadata stripped (stable for snapshots). */
export interface Synthesized {
  readonly json: string;
  readonly config: TerraformJson;
}

export interface TerraformJson {
  resource?: Record<string, Record<string, Record<string, unknown>>>;
  data?: Record<string, Record<string, Record<string, unknown>>>;
  provider?: Record<string, Record<string, unknown>[]>;
  terraform?: Record<string, Record<string, unknown>>;
  output?: Record<string, Record<string, unknown>>;
}

export function synth(stack: CloudStack): Synthesized {
  const json = Testing.synth(stack);
  return { json, config: JSON.parse(json) as TerraformJson };
}

/**
 * `build`, run once per distinct arguments and remembered: for tests that only read a scenario's
 * result (its JSON, its constructs' attributes), so a file synthesizes each scenario once.
 */
export function once<A extends unknown[], R>(build: (...args: A) => R): (...args: A) => R {
  const built = new Map<string, R>();
  return (...args) => {
    const key = JSON.stringify(args);
    if (!built.has(key)) built.set(key, build(...args));
    return built.get(key)!;
  };
}

/** All resources of one type, in construct order. */
export function resourcesOf(config: TerraformJson, type: string): Record<string, unknown>[] {
  return Object.values(config.resource?.[type] ?? {});
}

/** The one resource of a type; fails the test when there is not exactly one. */
export function onlyResource(config: TerraformJson, type: string): Record<string, unknown> {
  const all = resourcesOf(config, type);
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** Resource types a stack declares, sorted. */
export function resourceTypes(config: TerraformJson): string[] {
  return Object.keys(config.resource ?? {}).sort();
}

export const CLOUDS: Cloud[] = ["aws", "gcp"];
