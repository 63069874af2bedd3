import { App } from "cdktf";
import { Cloud, LandformError } from "../lib";
import { BootstrapStack } from "../lib/bootstrap";
import { CLOUDS_DEPLOYED, environments, EnvironmentConfig } from "./config";
import { pipeline } from "./pipeline";

/**
 * One bootstrap stack per AWS account and per GCP project of the pipeline: the state bucket the
 * platform stacks' backends name, and the GitHub OIDC trust the workflows assume. A person
 * applies each once with the local backend, then migrates its state (README, "Bootstrap").
 */
export function buildBootstrap(app: App): void {
  const configs = environments();
  for (const cloud of CLOUDS_DEPLOYED) {
    const where = pipeline.spec.environments[cloud];
    const groups = new Map<string, EnvironmentConfig[]>();
    for (const config of configs) {
      const place = where[config.environment];
      if (!place) continue;
      const key = place.place;
      groups.set(key, [...(groups.get(key) ?? []), config]);
    }
    for (const [key, group] of groups) {
      const buckets = [...new Set(group.map((c) => c[cloud].stateBucket))];
      if (buckets.length > 1)
        throw new LandformError(
          `stacks/bootstrap.ts: environments ${group.map((c) => c.environment).join(", ")} share ${key} but name state buckets ${buckets.join(", ")}; give them one bucket per account or project.`,
        );
      new BootstrapStack(app, `bootstrap-${cloud}-${key}`, {
        pipeline,
        cloud: cloud as Cloud,
        region: group[0][cloud].region,
        environments: group.map((c) => c.environment),
        stateBucket: buckets[0],
      });
    }
  }
}
