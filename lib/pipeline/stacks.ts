import * as fs from "fs";
import * as path from "path";
import { Cloud, CLOUDS, isCloud } from "../core/cloud";
import { isObject } from "../ops/json";
import { Stack } from "../ops/read";
import { PipelineError } from "./errors";

/** What the generator needs of one synthesized stack, read from its Terraform JSON and the graph. */
export interface PipelineStack {
  readonly name: string;
  readonly cloud: Cloud;
  readonly environment: string;
  readonly region: string;
  /** Folder holding the stack's Terraform JSON, relative to the repository root, with `/`. */
  readonly dir: string;
  /** Stacks it depends on directly (cdktf's manifest). */
  readonly dependsOn: readonly string[];
  /** 1-based wave: every stack comes one wave after the last of its dependencies. */
  readonly wave: number;
  /** It configures a provider that talks to a Kubernetes API (`kubernetes`, `helm`), reachable only inside the network. */
  readonly privateEndpoint: boolean;
  /** Commands its providers exec for credentials (`aws`, `gke-gcloud-auth-plugin`), sorted. */
  readonly execCommands: readonly string[];
  /**
   * Its folder holds a committed `.terraform.lock.hcl`: jobs init with `-lockfile=readonly` and
   * cache providers (Terraform verifies a cached provider against the lock file's checksums).
   */
  readonly lockFile: boolean;
  /** Its backend keeps state on one machine (`local`): no CI job can plan it. */
  readonly localBackend: boolean;
  /** Its `terraform.required_version`, when set. */
  readonly requiredVersion?: string;
}

const PRIVATE_PROVIDERS = ["kubernetes", "helm"];

/** The pipeline's view of synthesized stacks (in wave order): cloud, environment and region from the JSON. */
export function pipelineStacks(
  stacks: readonly Stack[],
  waves: readonly (readonly string[])[],
  cwd: string,
): PipelineStack[] {
  const wave = new Map(waves.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
  return waves.flat().map((name) => {
    const s = stacks.find((x) => x.name === name)!;
    if (!isCloud(s.cloud))
      throw new PipelineError({
        problem: `stack ${name} configures ${s.cloud === undefined ? `no provider of a cloud (${CLOUDS.join(", ")})` : `providers of several clouds (${s.cloud})`}`,
        fix: "give it the providers of one cloud: the pipeline deploys stacks of one cloud each",
      });
    if (s.environment === undefined)
      throw new PipelineError({
        problem: `stack ${name} has no environment tag or label on its provider`,
        fix: "create it as a CloudStack with an environment",
      });
    if (s.region === undefined)
      throw new PipelineError({
        problem: `stack ${name} has no region on its provider`,
        fix: "give the provider a region",
      });
    const terraform = isObject(s.json.terraform) ? s.json.terraform : {};
    const backend = isObject(terraform.backend) ? Object.keys(terraform.backend) : [];
    const providers = isObject(s.json.provider) ? Object.keys(s.json.provider) : [];
    const file = s.files[0].file;
    const dir = path
      .relative(cwd, path.resolve(cwd, path.dirname(file)))
      .split(path.sep)
      .join("/");
    return {
      name,
      cloud: s.cloud,
      environment: s.environment,
      region: s.region,
      dir,
      dependsOn: [...s.dependsOn].sort(),
      wave: wave.get(name)!,
      privateEndpoint: providers.some((p) => PRIVATE_PROVIDERS.includes(p)),
      execCommands: execCommands(s.json.provider),
      lockFile: fs.existsSync(path.join(cwd, dir, ".terraform.lock.hcl")),
      localBackend: backend.length === 0 || backend.includes("local"),
      requiredVersion: typeof terraform.required_version === "string" ? terraform.required_version : undefined,
    };
  });
}

/** Every `exec.command` in the provider blocks (kubernetes' `exec` is a list, helm's an object). */
function execCommands(providers: unknown): string[] {
  const found = new Set<string>();
  const walk = (value: unknown, key?: string): void => {
    if (Array.isArray(value)) for (const v of value) walk(v, key);
    else if (isObject(value)) {
      if (key === "exec" && typeof value.command === "string") found.add(value.command);
      for (const [k, v] of Object.entries(value)) walk(v, k);
    }
  };
  walk(providers);
  return [...found].sort();
}
