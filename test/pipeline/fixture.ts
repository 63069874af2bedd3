import * as fs from "fs";
import * as path from "path";
import Ajv from "ajv";
import { parse } from "yaml";
import { readOutput } from "../../lib/ops/read";
import { generateWorkflows, Generated } from "../../lib/pipeline/generate";
import { GitHubPipeline, GitHubPipelineProps, PrivateRunner } from "../../lib/pipeline";
import { FixtureStack, stackJson, tempDir } from "../ops/fixture";

export interface PipelineFixtureStack extends FixtureStack {
  /** Adds a kubernetes provider: the stack must reach a private API. */
  readonly kubernetes?: boolean;
  /** The command the kubernetes provider execs for credentials (`aws`). */
  readonly exec?: string;
  /** Keeps the fixture's local backend instead of a remote one. */
  readonly local?: boolean;
  readonly requiredVersion?: string;
}

/** A cdktf output folder under a temporary repository root; returns the root. */
export function writeRepo(stacks: readonly PipelineFixtureStack[]): string {
  const root = tempDir("pipeline");
  const dir = path.join(root, "terraform");
  const manifest: Record<string, unknown> = {};
  for (const s of stacks) {
    const json = stackJson(s) as Record<string, Record<string, unknown>>;
    if (!s.local)
      json.terraform = { backend: { s3: { bucket: "state", key: `landform/${s.name}/terraform.tfstate` } } };
    json.terraform.required_version = s.requiredVersion ?? ">= 1.11.0";
    if (s.kubernetes)
      json.provider.kubernetes = [{ host: "https://10.0.0.1", ...(s.exec ? { exec: { command: s.exec } } : {}) }];
    const file = path.join(dir, "stacks", s.name, "cdk.tf.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(json, null, 2));
    manifest[s.name] = {
      name: s.name,
      constructPath: s.name,
      dependencies: s.dependsOn ?? [],
      synthesizedStackPath: `stacks/${s.name}/cdk.tf.json`,
      workingDirectory: `stacks/${s.name}`,
    };
  }
  fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: manifest, version: "0.21.0" }));
  return root;
}

export const BASE_PROPS: GitHubPipelineProps = {
  repository: "acme/platform",
  aws: { dev: { account: "111111111111" }, prod: { account: "222222222222" } },
  gcp: { prod: { project: "acme-prod", projectNumber: "123456789" } },
};

/**
 * network <- cluster <- {apps (kubernetes), jobs}; dns (gcp prod) alone; bootstrap with local state.
 * Waves: [bootstrap, dns, network], [cluster], [apps, jobs].
 */
export const GRAPH: readonly PipelineFixtureStack[] = [
  { name: "network" },
  { name: "cluster", dependsOn: ["network"] },
  { name: "apps", dependsOn: ["cluster"], kubernetes: true },
  { name: "jobs", dependsOn: ["cluster", "network"] },
  { name: "dns", cloud: "gcp", environment: "prod" },
  { name: "bootstrap", local: true },
];

export function generate(props: Partial<GitHubPipelineProps> = {}, stacks = GRAPH): Generated {
  const root = writeRepo(stacks);
  const pipeline = new GitHubPipeline({
    ...BASE_PROPS,
    privateStacks: { apps: PrivateRunner.selfHosted(["self-hosted", "vpc-{environment}"]) },
    ...props,
  });
  return generateWorkflows(pipeline, readOutput("terraform", root).stacks, { output: "terraform", cwd: root });
}

const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "../schemas/github-workflow.json"), "utf8"));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);

/** Schema errors of a workflow's YAML text, parsed as GitHub parses it (YAML 1.2). */
export function schemaErrors(text: string): string[] {
  const ok = validate(parse(text));
  return ok ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * What the schema does not check: every `needs` names a job of the file, stack jobs come in wave
 * order, every `uses:` is pinned to 40 hex characters, id-token: write only where a cloud is assumed.
 */
export function structuralProblems(text: string, waves: readonly (readonly string[])[]): string[] {
  const wf = parse(text) as { jobs: Record<string, Record<string, unknown>> };
  const ids = Object.keys(wf.jobs);
  const out: string[] = [];
  for (const [id, job] of Object.entries(wf.jobs)) {
    for (const need of (job.needs as string[] | undefined) ?? []) {
      if (!ids.includes(need)) out.push(`${id} needs ${need}, which is not a job`);
      else if (ids.indexOf(need) > ids.indexOf(id)) out.push(`${id} comes before ${need}, which it needs`);
    }
    const steps = job.steps as Record<string, unknown>[];
    for (const s of steps)
      if (typeof s.uses === "string" && !/@[0-9a-f]{40}$/.test(s.uses)) out.push(`${id}: ${s.uses} not pinned`);
    const perms = job.permissions as Record<string, string>;
    const logs = steps.some((s) =>
      /^(aws-actions\/configure-aws-credentials|google-github-actions\/auth)@/.test(String(s.uses)),
    );
    if (perms["id-token"] === "write" && !logs) out.push(`${id}: id-token write without a cloud login`);
  }
  const stackJobs = ids.filter((id) => /^(plan|apply|drift)-/.test(id)).map((id) => id.replace(/^[a-z]+-/, ""));
  const waveOf = (name: string) => waves.findIndex((w) => w.includes(name));
  // Deploy jobs are promoted environment by environment (dev, then staging...): waves hold within each.
  const environmentOf = (name: string) =>
    ids
      .filter((id) => id.replace(/^[a-z]+-/, "") === name)
      .map((id) => (wf.jobs[id].environment as { name?: string } | undefined)?.name)
      .find(Boolean);
  for (const environment of new Set(stackJobs.map(environmentOf))) {
    const inIt = stackJobs.filter((n) => environmentOf(n) === environment);
    for (let i = 1; i < inIt.length; i++)
      if (waveOf(inIt[i]) < waveOf(inIt[i - 1])) out.push(`${inIt[i]} comes after ${inIt[i - 1]}, a later wave`);
  }
  return out;
}
