import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/** A stack of a generated cdktf output folder. */
export interface FixtureStack {
  readonly name: string;
  readonly dependsOn?: readonly string[];
  readonly cloud?: "aws" | "gcp";
  readonly environment?: string;
  readonly resources?: number;
  /** Changes the JSON Terraform reads (a tag value), to make a real change. */
  readonly revision?: number;
  /** Changes only cdktf's `//` metadata, which Terraform ignores. */
  readonly metadataRevision?: number;
}

/** The Terraform JSON cdktf writes for a stack: `//` metadata, a provider, resources with construct paths. */
export function stackJson(s: FixtureStack): Record<string, unknown> {
  const cloud = s.cloud ?? "aws";
  const environment = s.environment ?? "dev";
  const tags = { environment, stack: s.name, revision: String(s.revision ?? 0) };
  const provider =
    cloud === "aws"
      ? { aws: [{ region: "eu-west-1", default_tags: [{ tags }] }] }
      : { google: [{ project: "acme", region: "europe-west1", default_labels: tags }] };
  const type = cloud === "aws" ? "aws_s3_bucket" : "google_storage_bucket";
  const resources: Record<string, unknown> = {};
  for (let i = 0; i < (s.resources ?? 3); i++) {
    const meta = { path: `${s.name}/bucket${i}/Resource`, uniqueId: `bucket${i}_${s.metadataRevision ?? 0}` };
    resources[`bucket${i}`] = { "//": { metadata: meta }, bucket: `${s.name}-bucket-${i}` };
  }
  return {
    "//": { metadata: { stackName: s.name, version: "0.21.0", revision: s.metadataRevision ?? 0 }, outputs: {} },
    provider,
    resource: { [type]: resources },
    terraform: { backend: { local: { path: `terraform.${s.name}.tfstate` } } },
  };
}

/** Writes a cdktf output folder as cdktf 0.21 does: manifest.json with dependencies, stacks/<name>/cdk.tf.json. */
export function writeOutput(dir: string, stacks: readonly FixtureStack[]): string {
  fs.rmSync(path.join(dir, "stacks"), { recursive: true, force: true });
  const manifest: Record<string, unknown> = {};
  for (const s of stacks) {
    const file = path.join(dir, "stacks", s.name, "cdk.tf.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(stackJson(s), null, 2));
    manifest[s.name] = {
      annotations: [],
      constructPath: s.name,
      dependencies: s.dependsOn ?? [],
      name: s.name,
      stackMetadataPath: `stacks/${s.name}/metadata.json`,
      synthesizedStackPath: `stacks/${s.name}/cdk.tf.json`,
      workingDirectory: `stacks/${s.name}`,
    };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: manifest, version: "0.21.0" }, null, 2));
  return dir;
}

/**
 * network <- cluster <- {apps, jobs}; dns alone; all in dev but dns (prod, gcp).
 * Waves: [dns, network], [cluster], [apps, jobs].
 */
export const PLATFORM: readonly FixtureStack[] = [
  { name: "network", resources: 4 },
  { name: "cluster", dependsOn: ["network"], resources: 2 },
  { name: "apps", dependsOn: ["cluster"], resources: 1 },
  { name: "jobs", dependsOn: ["cluster", "network"] },
  { name: "dns", cloud: "gcp", environment: "prod", resources: 5 },
];

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `landform-${prefix}-`));
}

/** git in `dir`, with a fixed identity and no user or system config, so tests run the same anywhere. */
export function git(dir: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      GIT_CONFIG_GLOBAL: "/dev/null",
      GIT_CONFIG_NOSYSTEM: "1",
      GIT_AUTHOR_NAME: "Landform Test",
      GIT_AUTHOR_EMAIL: "test@landform.invalid",
      GIT_COMMITTER_NAME: "Landform Test",
      GIT_COMMITTER_EMAIL: "test@landform.invalid",
    },
  });
}

/** A new repository in a temp folder, with user.name/email set locally. */
export function gitInit(prefix = "git"): string {
  const dir = tempDir(prefix);
  git(dir, "init", "-q", "-b", "main");
  git(dir, "config", "user.name", "Landform Test");
  git(dir, "config", "user.email", "test@landform.invalid");
  git(dir, "config", "commit.gpgsign", "false");
  return dir;
}

/** Stages everything and commits; returns the commit id. */
export function commitAll(dir: string, message: string): string {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "--allow-empty", "-m", message);
  return git(dir, "rev-parse", "HEAD").trim();
}
