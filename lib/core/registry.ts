import { IConstruct } from "constructs";
import { Cloud, CLOUDS, PerCloud } from "./cloud";
import { kindOf, LandformError } from "./errors";
import { stackOf } from "./stack-info";
import { CloudTarget, isSupported, NotSupported, PipelineTarget } from "./target";

/**
 * The only file that names every cloud. Each target module declares checks and builders but
 * `require`s its provider classes only when a construct is built, so loading a target is cheap
 * and a GCP-only program never loads the AWS provider.
 */
const TARGETS: PerCloud<() => CloudTarget> = {
  aws: () => (require("../aws/target") as typeof import("../aws/target")).AWS,
  gcp: () => (require("../gcp/target") as typeof import("../gcp/target")).GCP,
};

export function targetFor(cloud: Cloud): CloudTarget {
  return TARGETS[cloud]();
}

/** The target of the stack that holds `scope`. */
export function targetOf(scope: IConstruct): CloudTarget {
  return targetFor(stackOf(scope).cloud);
}

type ConstructKey = {
  [K in keyof CloudTarget]: CloudTarget[K] extends object | NotSupported
    ? K extends "data" | "stack" | "cloud"
      ? never
      : K
    : never;
}[keyof CloudTarget];

/** The stack's cloud's builder for a construct, or a clear error when that cloud cannot build it. */
export function builderOf<K extends ConstructKey>(scope: IConstruct, key: K): Exclude<CloudTarget[K], NotSupported> {
  const target = targetOf(scope);
  const entry = target[key];
  if (isSupported(entry as object)) return entry as Exclude<CloudTarget[K], NotSupported>;
  throw new LandformError({
    code: "unsupported-on-cloud",
    constructPath: scope.node.path,
    kind: kindOf(scope),
    problem: `${key} is not supported on ${target.cloud}: ${(entry as NotSupported).notSupported}`,
    fix: `build it on a stack of another cloud (${CLOUDS.filter((c) => c !== target.cloud).join(", ")})`,
  });
}

/**
 * The cloud's part of the pipeline, or a clear error naming what asked for it (a GitHubPipeline or a
 * BootstrapStack, and the prop that named the cloud).
 */
export function pipelineTargetFor(cloud: Cloud, where: { kind: string; path: string; prop: string }): PipelineTarget {
  const entry = targetFor(cloud).pipeline;
  if (isSupported(entry)) return entry;
  throw new LandformError({
    code: "unsupported-on-cloud",
    constructPath: where.path,
    kind: where.kind,
    prop: where.prop,
    value: cloud,
    problem: `is a cloud whose pipeline is not supported yet: ${entry.notSupported}`,
    fix: `deploy it with a pipeline of your own, or use ${CLOUDS.filter((c) => c !== cloud).join(", ")}`,
  });
}

/** A table with one entry per cloud, read from each cloud's data. */
export function perCloud<T>(read: (target: CloudTarget) => T): PerCloud<T> {
  return Object.fromEntries(CLOUDS.map((c) => [c, read(targetFor(c))])) as unknown as PerCloud<T>;
}
