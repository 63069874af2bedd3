import * as path from "path";
import { parse as parseYaml } from "yaml";
import { isObject } from "../../core/is-object";
import { Stack } from "../read";
import { Claims, IdentityFacts, IdentityRef } from "./identity";
import { AgentObject, Artefacts, WorkflowFile } from "./read";
import { blocks, execCommands, first, providers, resolve, str } from "./terraform";

/** What doctor is told beyond the artefacts: facts no committed file holds. */
export interface DoctorOptions {
  /** `owner/name` of the repository the workflows run in. @default the GitHub URL of the agent's GitRepository */
  readonly repository?: string;
  /** The branch scheduled and dispatched runs use. @default the agent's GitRepository branch, else the one branch pushes deploy */
  readonly defaultBranch?: string;
  /**
   * The commands a runner provides, by one of its labels (`landform-aws-dev`) or its image
   * (`ghcr.io/acme/tf-runner`, with or without the tag), for runners doctor does not know.
   */
  readonly runners?: Readonly<Record<string, readonly string[]>>;
}

/** Where a runner is and what doctor knows it provides. */
export interface Runner {
  /** `ubuntu-24.04`, `self-hosted, linux, landform-aws-dev`, or an image. */
  readonly name: string;
  readonly labels: readonly string[];
  /** A GitHub-hosted runner: a fresh machine per job. */
  readonly hosted: boolean;
  /** The commands doctor knows it provides. */
  readonly provides: ReadonlySet<string>;
  /** Whether `provides` is all it provides (a known image); false: other commands cannot be told. */
  readonly complete: boolean;
}

/** A stack's state: its backend's bucket and the object holding the state. */
export interface StateLocation {
  readonly kind: string;
  readonly bucket?: string;
  readonly key?: string;
}

/** A Kubernetes cluster a stack's providers reach. */
export type ClusterRef =
  { readonly kind: "eks" | "gke"; readonly name: string; readonly project?: string } | { readonly unknown: string };

export interface StackNode {
  readonly name: string;
  readonly file: string;
  readonly dependsOn: readonly string[];
  readonly environment?: string;
  readonly state: StateLocation;
  /** Commands its providers exec for credentials (`aws`, `gke-gcloud-auth-plugin`). */
  readonly exec: readonly string[];
  readonly clusters: readonly ClusterRef[];
}

/** Something that plans or applies a stack: a workflow job or an agent's Terraform object. */
export interface Applier {
  readonly kind: "job" | "agent";
  /** Applies (`terraform apply`, an agent object), or only plans (a PR plan, a drift scan). */
  readonly role: "apply" | "plan";
  /** How findings name it: `landform-deploy.yml job apply-aws-dev`, `agent aws-dev-cluster flux-system/aws-dev`. */
  readonly id: string;
  readonly file: string;
  readonly stack: string;
  readonly environment?: string;
  /** Waits for a person before applying: a gated environment, an agent object without `approvePlan: auto`. */
  readonly gated: boolean;
  readonly identity?: IdentityRef;
  /** Why there is no identity, when there is none. */
  readonly identityProblem?: string;
  /** The identity is named, but not in a way doctor can read (an expression). */
  readonly identityUnreadable?: boolean;
  readonly claims: readonly Claims[];
  /** Why the claims cannot be told, when they cannot. */
  readonly claimsProblem?: string;
  readonly runner: Runner;
  /** The cluster an agent runs in. */
  readonly cluster?: string;
  /** Jobs: the workflow file and the jobs it needs, transitively. Agents: the objects it depends on. */
  readonly group: string;
  readonly after: readonly string[];
  /** The job id or object `namespace/name`, as `after` names them. */
  readonly key: string;
  /** Runs for pull requests. */
  readonly pullRequest: boolean;
}

/** The delivery loop read from the artefacts. */
export interface Loop {
  readonly stacks: readonly StackNode[];
  readonly appliers: readonly Applier[];
  /** Environments the pipeline gates, and where that was read. */
  readonly gatedEnvironments: ReadonlySet<string>;
  readonly facts: IdentityFacts;
  readonly repository?: string;
  /** Per agent (cluster), the stacks that declare its own objects (`kubernetes_manifest`). */
  readonly agentHomes: ReadonlyMap<string, readonly string[]>;
  /** Facts that could not be read while building it: `[file, address, what]`. */
  readonly unreadable: readonly { file: string; stack: string; address: string; message: string }[];
  readonly rawStacks: readonly Stack[];
}

/**
 * GitHub-hosted Ubuntu images install the AWS CLI, the Google Cloud CLI (the `google-cloud-cli`
 * package only, so no `gke-gcloud-auth-plugin`) and kubectl: actions/runner-images
 * `images/ubuntu/scripts/build/install-aws-tools.sh`, `install-google-cloud-cli.sh`, `install-kubernetes-tools.sh`.
 */
const HOSTED_UBUNTU = ["aws", "gcloud", "gsutil", "kubectl", "terraform"];
/**
 * tofu-controller's default runner (chart `runner.image.repository`): alpine with OpenTofu, git and
 * openssh only (flux-iac/tofu-controller v0.16.5 `runner.Dockerfile`, `runner-base.Dockerfile`).
 */
export const DEFAULT_RUNNER_IMAGE = "ghcr.io/flux-iac/tf-runner";
const KNOWN_IMAGES: Readonly<Record<string, readonly string[]>> = { [DEFAULT_RUNNER_IMAGE]: ["tofu"] };

export function buildLoop(artefacts: Artefacts, options: DoctorOptions = {}): Loop {
  const unreadable: Loop["unreadable"][number][] = [];
  const stacks = artefacts.stacks.map((s) => stackNode(s, unreadable));
  const sources = artefacts.agentObjects.filter((o) => o.kind === "GitRepository");
  const repository = options.repository ?? repositoryOf(sources);
  const defaultBranch = options.defaultBranch ?? branchOf(sources) ?? pushBranch(artefacts.workflows);
  const facts = new IdentityFacts(artefacts.stacks);
  const context = { stacks, options, repository, defaultBranch, unreadable, raw: artefacts.stacks, facts };
  const gatedEnvironments = gated(artefacts);
  const jobs = artefacts.workflows
    .flatMap((w) => workflowAppliers(w, context))
    .map((j) => ({ ...j, gated: j.environment !== undefined && gatedEnvironments.has(j.environment) }));
  const agents = artefacts.agentObjects.filter((o) => o.kind === "Terraform").flatMap((o) => agentApplier(o, context));
  return {
    stacks,
    appliers: [...jobs, ...agents],
    gatedEnvironments,
    agentHomes: agentHomes(artefacts.agentObjects),
    facts,
    repository,
    unreadable,
    rawStacks: artefacts.stacks,
  };
}

interface Context {
  readonly stacks: readonly StackNode[];
  readonly options: DoctorOptions;
  readonly repository?: string;
  readonly defaultBranch?: string;
  readonly unreadable: Loop["unreadable"][number][];
  readonly raw: readonly Stack[];
  readonly facts: IdentityFacts;
}

function stackNode(stack: Stack, unreadable: Loop["unreadable"][number][]): StackNode {
  const terraform = isObject(stack.json.terraform) ? stack.json.terraform : {};
  const backends = isObject(terraform.backend) ? Object.entries(terraform.backend) : [];
  const [kind, raw] = backends[0] ?? ["local", {}];
  const body = first(raw) ?? {};
  const text = (k: string) => (typeof body[k] === "string" ? (body[k] as string) : undefined);
  const state: StateLocation =
    kind === "s3"
      ? { kind, bucket: text("bucket"), key: text("key") }
      : kind === "gcs"
        ? { kind, bucket: text("bucket"), key: `${text("prefix") ?? ""}${text("prefix") ? "/" : ""}default.tfstate` }
        : { kind };
  const exec = new Set<string>();
  const clusters: ClusterRef[] = [];
  for (const p of providers(stack)) {
    execCommands(p.body, exec);
    if (/^(kubernetes|helm|kubectl)$/.test(p.name)) clusters.push(clusterOf(stack, p.body));
  }
  for (const c of clusters)
    if ("unknown" in c)
      unreadable.push({ file: stack.file, stack: stack.name, address: "provider", message: c.unknown });
  return {
    name: stack.name,
    file: stack.file,
    dependsOn: stack.dependsOn,
    environment: stack.environment,
    state,
    exec: [...exec].sort(),
    clusters: dedupeClusters(clusters),
  };
}

function dedupeClusters(clusters: ClusterRef[]): ClusterRef[] {
  const seen = new Map<string, ClusterRef>();
  for (const c of clusters) seen.set(JSON.stringify(c), c);
  return [...seen.values()];
}

/** The cluster a kubernetes or helm provider block reaches: its host's cluster lookup, or its exec's `--cluster-name`. */
function clusterOf(stack: Stack, body: Record<string, unknown>): ClusterRef {
  const text = JSON.stringify(body);
  const ref = /\$\{[^}]*?(data\.)?(aws_eks_cluster|google_container_cluster)\.([A-Za-z0-9_-]+)\./.exec(text);
  if (ref) {
    const section = stack.json[ref[1] ? "data" : "resource"];
    const byName = isObject(section) ? section[ref[2]] : undefined;
    const target = isObject(byName) ? first(byName[ref[3]]) : undefined;
    const name = typeof target?.name === "string" ? resolve(stack, target.name) : undefined;
    if (name !== undefined && !name.includes("${")) {
      if (ref[2] === "aws_eks_cluster") return { kind: "eks", name };
      const project = typeof target?.project === "string" ? target.project : googleProjectOf(stack);
      return { kind: "gke", name, project };
    }
  }
  const args = /"args":\[([^\]]*)\]/.exec(text);
  const list = args ? (JSON.parse(`[${args[1]}]`) as unknown[]) : [];
  const at = list.indexOf("--cluster-name");
  if (at >= 0 && typeof list[at + 1] === "string") return { kind: "eks", name: list[at + 1] as string };
  return {
    unknown:
      "a kubernetes or helm provider reaches a cluster doctor cannot name (no cluster lookup in host, no --cluster-name)",
  };
}

function googleProjectOf(stack: Stack): string | undefined {
  const p = providers(stack).find((b) => b.name === "google" && b.body.alias === undefined);
  return typeof p?.body.project === "string" ? p.body.project : undefined;
}

function repositoryOf(sources: readonly AgentObject[]): string | undefined {
  for (const s of sources) {
    const url = isObject(s.json.spec) ? s.json.spec.url : undefined;
    const m = typeof url === "string" ? /github\.com[/:]([^/]+\/[^/.]+?)(\.git)?\/?$/.exec(url) : null;
    if (m) return m[1];
  }
  return undefined;
}

function branchOf(sources: readonly AgentObject[]): string | undefined {
  for (const s of sources) {
    const ref = isObject(s.json.spec) && isObject(s.json.spec.ref) ? s.json.spec.ref : {};
    if (typeof ref.branch === "string") return ref.branch;
  }
  return undefined;
}

/** The events a workflow runs on, with the branches of `push`. */
function triggers(json: Record<string, unknown>): Map<string, unknown> {
  const on = json.on ?? json.true; // YAML 1.1 readers turn `on` into true
  if (typeof on === "string") return new Map([[on, {}]]);
  if (Array.isArray(on)) return new Map(on.filter((e): e is string => typeof e === "string").map((e) => [e, {}]));
  return new Map(Object.entries(isObject(on) ? on : {}));
}

function pushBranch(workflows: readonly WorkflowFile[]): string | undefined {
  const branches = new Set<string>();
  for (const w of workflows) {
    const push = triggers(w.json).get("push");
    if (isObject(push) && Array.isArray(push.branches))
      push.branches
        .filter((b): b is string => typeof b === "string" && !/[*?[]/.test(b))
        .forEach((b) => branches.add(b));
  }
  return branches.size === 1 ? [...branches][0] : undefined;
}

const TF_STEP = /\b(terraform|tofu)\b(?:\s+-chdir=("[^"]+"|\S+))?[^\n]*?\s(apply|plan)\b/g;

function workflowAppliers(w: WorkflowFile, c: Context): Applier[] {
  const on = triggers(w.json);
  const pullRequest = on.has("pull_request") || on.has("pull_request_target");
  const jobs = w.json.jobs as Record<string, unknown>;
  const out: Applier[] = [];
  for (const [jobId, raw] of Object.entries(jobs)) {
    if (!isObject(raw)) continue;
    const steps = Array.isArray(raw.steps) ? raw.steps.filter(isObject) : [];
    const defaults = isObject(raw.defaults) && isObject(raw.defaults.run) ? raw.defaults.run : {};
    const found: { dir: string; verb: string }[] = [];
    for (const step of steps) {
      if (typeof step.run !== "string") continue;
      for (const m of step.run.matchAll(TF_STEP)) {
        const dir = m[2]?.replace(/^"|"$/g, "") ?? step["working-directory"] ?? defaults["working-directory"] ?? ".";
        found.push({ dir: String(dir), verb: m[3] });
      }
    }
    if (found.length === 0) continue;
    const role = found.some((f) => f.verb === "apply") ? "apply" : "plan";
    const environment = environmentOf(raw.environment);
    const id = `${path.basename(w.file)} job ${jobId}`;
    const dirs = [...new Set(found.filter((f) => role === "plan" || f.verb === "apply").map((f) => f.dir))];
    const stacks = dirs.flatMap((d) => expandMatrix(d, raw.strategy)).map((d) => stackOfDir(d, c.stacks));
    for (const s of stacks)
      if (s.stack === undefined)
        c.unreadable.push({
          file: w.file,
          stack: "",
          address: id,
          message: `runs terraform in ${s.dir}, which is no stack in the artefacts`,
        });
    const identity = jobIdentity(steps);
    const claims = jobClaims(on, environment, c);
    const runner = jobRunner(raw, steps, c.options);
    const needs = transitiveNeeds(jobs, jobId);
    for (const { stack } of stacks) {
      if (stack === undefined) continue;
      out.push({
        kind: "job",
        role,
        id,
        file: w.file,
        stack,
        environment: environment?.name,
        gated: false, // set from the pipeline's gated environments below
        identity: identity.identity,
        identityProblem: identity.problem,
        identityUnreadable: identity.unreadable,
        claims: claims.claims,
        claimsProblem: claims.problem,
        runner,
        group: w.file,
        after: needs,
        key: jobId,
        pullRequest,
      });
      if (environment?.expression)
        c.unreadable.push({
          file: w.file,
          stack,
          address: id,
          message: `its environment ${environment.name} is an expression`,
        });
    }
  }
  return out;
}

function environmentOf(value: unknown): { name: string; expression: boolean } | undefined {
  const name =
    typeof value === "string" ? value : isObject(value) && typeof value.name === "string" ? value.name : undefined;
  return name === undefined ? undefined : { name, expression: name.includes("${{") };
}

/** `terraform/stacks/${{ matrix.stack }}` for each value of a literal matrix list. */
function expandMatrix(dir: string, strategy: unknown): string[] {
  const m = /\$\{\{\s*matrix\.([A-Za-z0-9_-]+)\s*\}\}/.exec(dir);
  if (!m) return [dir];
  const matrix = isObject(strategy) && isObject(strategy.matrix) ? strategy.matrix : {};
  const values = [
    ...(Array.isArray(matrix[m[1]]) ? (matrix[m[1]] as unknown[]) : []),
    ...(Array.isArray(matrix.include) ? matrix.include.filter(isObject).map((i) => i[m[1]]) : []),
  ].filter((v): v is string => typeof v === "string");
  return values.length > 0 ? values.map((v) => dir.replace(m[0], v)) : [dir];
}

function stackOfDir(dir: string, stacks: readonly StackNode[]): { dir: string; stack?: string } {
  const clean = dir.replace(/^\.\//, "").replace(/\/+$/, "");
  const index = folderIndex(stacks);
  const exact = index.byFolder.get(clean) ?? index.byName.get(clean.split("/").pop() ?? "");
  if (exact !== undefined) return { dir, stack: exact };
  const byFolder = stacks.find((s) => {
    const folder = path.posix.dirname(s.file);
    return folder.endsWith(`/${clean}`) || clean.endsWith(`/${folder}`);
  });
  return { dir, stack: byFolder?.name };
}

const FOLDERS = new WeakMap<readonly StackNode[], { byFolder: Map<string, string>; byName: Map<string, string> }>();

/** Stacks by their folder (`terraform/stacks/aws-dev`) and by name, built once per loop. */
function folderIndex(stacks: readonly StackNode[]) {
  let index = FOLDERS.get(stacks);
  if (index === undefined) {
    index = {
      byFolder: new Map(stacks.map((s) => [path.posix.dirname(s.file), s.name])),
      byName: new Map(stacks.map((s) => [s.name, s.name])),
    };
    FOLDERS.set(stacks, index);
  }
  return index;
}

function jobIdentity(steps: Record<string, unknown>[]): {
  identity?: IdentityRef;
  problem?: string;
  unreadable?: boolean;
} {
  for (const step of steps) {
    const uses = typeof step.uses === "string" ? step.uses.split("@")[0] : "";
    const w = isObject(step.with) ? step.with : {};
    if (uses === "aws-actions/configure-aws-credentials" && w["role-to-assume"] !== undefined) {
      const arn = String(w["role-to-assume"]);
      const name = IdentityFacts.roleOfArn(arn);
      if (arn.includes("${{") || name === undefined)
        return {
          problem: `its role-to-assume ${arn} cannot be read (an expression or not a role ARN)`,
          unreadable: true,
        };
      return { identity: { kind: "role", name } };
    }
    if (uses === "google-github-actions/auth") {
      const sa = w.service_account;
      const provider = w.workload_identity_provider;
      if (typeof sa !== "string" || sa.includes("${{"))
        return {
          problem: "its google-github-actions/auth step names no service account doctor can read",
          unreadable: true,
        };
      return {
        identity: {
          kind: "service-account",
          name: sa,
          provider: typeof provider === "string" && !provider.includes("${{") ? provider : undefined,
        },
      };
    }
  }
  return {
    problem: "no step takes a cloud identity (aws-actions/configure-aws-credentials or google-github-actions/auth)",
  };
}

/** The OIDC subjects a job's token carries, in GitHub's default format, one per way it runs. */
function jobClaims(
  on: Map<string, unknown>,
  environment: { name: string } | undefined,
  c: Context,
): { claims: Claims[]; problem?: string } {
  const repo = c.repository;
  if (repo === undefined)
    return { claims: [], problem: "the repository is not known (no GitHub GitRepository; pass repository)" };
  if (environment !== undefined)
    return {
      claims: [
        { sub: `repo:${repo}:environment:${environment.name}`, repository: repo, environment: environment.name },
      ],
    };
  const claims: Claims[] = [];
  const ref = (r: string) => claims.push({ sub: `repo:${repo}:ref:${r}`, repository: repo, ref: r });
  for (const [event, config] of on) {
    if (event === "pull_request" || event === "pull_request_target")
      claims.push({ sub: `repo:${repo}:pull_request`, repository: repo });
    else if (event === "push") {
      const branches = isObject(config) && Array.isArray(config.branches) ? config.branches : [];
      if (branches.length === 0 || branches.some((b) => typeof b !== "string" || /[*?[]/.test(b)))
        return { claims, problem: "it runs on push to branches doctor cannot list (no list, or patterns)" };
      branches.forEach((b) => ref(`refs/heads/${b}`));
    } else if (event === "schedule" || event === "workflow_dispatch") {
      if (c.defaultBranch === undefined)
        return { claims, problem: "the default branch is not known; pass defaultBranch" };
      ref(`refs/heads/${c.defaultBranch}`);
    }
  }
  const seen = new Set<string>();
  return { claims: claims.filter((x) => !seen.has(x.sub) && seen.add(x.sub)) };
}

function runsOn(job: Record<string, unknown>): string[] {
  const r = job["runs-on"];
  if (typeof r === "string") return [r];
  if (Array.isArray(r)) return r.filter((l): l is string => typeof l === "string");
  if (isObject(r)) {
    const labels = typeof r.labels === "string" ? [r.labels] : Array.isArray(r.labels) ? r.labels : [];
    return [
      ...(typeof r.group === "string" ? [`group:${r.group}`] : []),
      ...labels.filter((l): l is string => typeof l === "string"),
    ];
  }
  return [];
}

function jobRunner(job: Record<string, unknown>, steps: Record<string, unknown>[], options: DoctorOptions): Runner {
  const labels = runsOn(job);
  const hosted = labels.length === 1 && /^(ubuntu|windows|macos)-/.test(labels[0]);
  const provides = new Set<string>(hosted && labels[0].startsWith("ubuntu-") ? HOSTED_UBUNTU : []);
  let complete = false;
  const container = isObject(job.container) ? job.container.image : job.container;
  if (typeof container === "string") {
    const known = imageCommands(container, options);
    known?.forEach((c) => provides.add(c));
    complete = known !== undefined;
  }
  for (const label of labels) options.runners?.[label]?.forEach((cmd) => provides.add(cmd));
  for (const step of steps) {
    const uses = typeof step.uses === "string" ? step.uses.split("@")[0] : "";
    const w = isObject(step.with) ? step.with : {};
    if (uses === "google-github-actions/setup-gcloud") {
      provides.add("gcloud");
      String(w.install_components ?? "")
        .split(/[\s,]+/)
        .filter(Boolean)
        .forEach((c) => provides.add(c));
    }
    if (typeof step.run === "string")
      for (const m of step.run.matchAll(/gcloud components install ([^\n;&|]+)/g))
        m[1]
          .split(/\s+/)
          .filter((x) => x && !x.startsWith("-"))
          .forEach((x) => provides.add(x));
  }
  return { name: labels.join(", ") || "(no runs-on)", labels, hosted, provides, complete: complete || hosted };
}

function imageCommands(image: string, options: DoctorOptions): readonly string[] | undefined {
  const bare = image.replace(/@sha256:[0-9a-f]+$/, "").replace(/:[^/:]+$/, "");
  return options.runners?.[image] ?? options.runners?.[bare] ?? KNOWN_IMAGES[bare];
}

function transitiveNeeds(jobs: Record<string, unknown>, id: string): string[] {
  const out = new Set<string>();
  const todo = [id];
  while (todo.length > 0) {
    const job = jobs[todo.pop()!];
    const needs = isObject(job) ? job.needs : undefined;
    for (const n of typeof needs === "string" ? [needs] : Array.isArray(needs) ? needs : [])
      if (typeof n === "string" && !out.has(n)) {
        out.add(n);
        todo.push(n);
      }
  }
  return [...out];
}

function agentApplier(o: AgentObject, c: Context): Applier[] {
  const spec = isObject(o.json.spec) ? o.json.spec : {};
  const id = `agent ${o.agent || "(no agent label)"} ${o.namespace}/${o.name}`;
  const dir = typeof spec.path === "string" ? spec.path : "";
  const { stack } = stackOfDir(dir, c.stacks);
  if (stack === undefined) {
    c.unreadable.push({
      file: o.file,
      stack: "",
      address: id,
      message: `its path ${dir || "(none)"} is no stack in the artefacts`,
    });
    return [];
  }
  const node = c.stacks.find((s) => s.name === stack)!;
  const sa = typeof spec.serviceAccountName === "string" ? spec.serviceAccountName : "tf-runner";
  const release = tofuRelease(c.raw, o.agent, c.stacks);
  const values = release ? releaseValues(release) : {};
  const runnerValues = isObject(values.runner) ? values.runner : {};
  const template =
    isObject(spec.runnerPodTemplate) && isObject(spec.runnerPodTemplate.spec) ? spec.runnerPodTemplate.spec : {};
  const chartImage =
    isObject(runnerValues.image) && typeof runnerValues.image.repository === "string"
      ? `${runnerValues.image.repository}${typeof runnerValues.image.tag === "string" ? `:${runnerValues.image.tag}` : ""}`
      : undefined;
  const image = typeof template.image === "string" ? template.image : (chartImage ?? DEFAULT_RUNNER_IMAGE);
  const known = imageCommands(image, c.options);
  const identity = agentIdentity(runnerValues, sa, o, c);
  const deps = Array.isArray(spec.dependsOn) ? spec.dependsOn.filter(isObject) : [];
  return [
    {
      kind: "agent",
      role: "apply",
      id,
      file: o.file,
      stack,
      environment: node.environment,
      gated: spec.approvePlan !== "auto",
      identity: identity.identity,
      identityProblem: identity.problem,
      claims: [{ sub: `system:serviceaccount:${o.namespace}:${sa}` }],
      runner: { name: image, labels: [], hosted: false, provides: new Set(known ?? []), complete: known !== undefined },
      cluster: o.agent,
      group: `agent ${o.agent}`,
      after: deps.map((d) => `${typeof d.namespace === "string" ? d.namespace : o.namespace}/${String(d.name)}`),
      key: `${o.namespace}/${o.name}`,
      pullRequest: false,
    },
  ];
}

/** The tofu-controller Helm release installed on the agent's cluster, when a stack declares it. */
function tofuRelease(raw: readonly Stack[], cluster: string, nodes: readonly StackNode[]) {
  return blocks(raw, "resource", ["helm_release"]).find((b) => {
    const chart = str(b, "chart") ?? "";
    if (!/(tofu|tf)-controller/.test(chart)) return false;
    const node = nodes.find((n) => n.name === b.stack.name);
    return node?.clusters.some((c) => "name" in c && c.name === cluster) ?? false;
  });
}

function releaseValues(release: ReturnType<typeof tofuRelease>): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  const list = Array.isArray(release?.body.values) ? release.body.values : [];
  for (const v of list) {
    if (typeof v !== "string") continue;
    try {
      const text = resolve(release!.stack, v);
      // Values are JSON when cdktf wrote them (Fn.jsonencode, JSON.stringify); YAML otherwise.
      const parsed: unknown = /^\s*\{/.test(text) ? JSON.parse(text) : parseYaml(text);
      if (isObject(parsed)) Object.assign(merged, parsed);
    } catch {
      // values doctor cannot parse tell it nothing
    }
  }
  return merged;
}

function agentIdentity(
  runnerValues: Record<string, unknown>,
  sa: string,
  o: AgentObject,
  c: Context,
): { identity?: IdentityRef; problem?: string } {
  const account = isObject(runnerValues.serviceAccount) ? runnerValues.serviceAccount : {};
  const annotations = account.name === sa && isObject(account.annotations) ? account.annotations : {};
  const role = annotations["eks.amazonaws.com/role-arn"];
  if (typeof role === "string") {
    const name = IdentityFacts.roleOfArn(role);
    return name && !role.includes("${")
      ? { identity: { kind: "role", name } }
      : { problem: `the runner's role ${role} cannot be read` };
  }
  const gsa = annotations["iam.gke.io/gcp-service-account"];
  if (typeof gsa === "string")
    return gsa.includes("${")
      ? { problem: `the runner's service account ${gsa} cannot be read` }
      : { identity: { kind: "service-account", name: gsa } };
  // No annotation to read (tofu-controller installed outside Landform): the one identity whose trust names the account.
  const sub = `system:serviceaccount:${o.namespace}:${sa}`;
  const trusting = c.facts.trustedBy({ sub }, o.agent);
  if (trusting.length === 1) return { identity: trusting[0] };
  return {
    problem:
      trusting.length === 0
        ? `no committed tofu-controller release on ${o.agent} annotates the runner service account ${o.namespace}/${sa}, and no identity trusts it`
        : `${trusting.length} identities trust ${sub}, and no committed tofu-controller release on ${o.agent} says which the runner uses`,
  };
}

/**
 * The environments the pipeline gates: `github_repository_environment` resources with reviewers
 * when a stack declares them, else the deploy jobs Landform marks `(approval)` in their name.
 */
function gated(artefacts: Artefacts): Set<string> {
  const environments = blocks(artefacts.stacks, "resource", ["github_repository_environment"]);
  if (environments.length > 0)
    return new Set(
      environments
        .filter((b) =>
          (Array.isArray(b.body.reviewers) ? b.body.reviewers : [b.body.reviewers]).some(
            (r) => isObject(r) && Object.values(r).some((v) => Array.isArray(v) && v.length > 0),
          ),
        )
        .map((b) => str(b, "environment") ?? ""),
    );
  const out = new Set<string>();
  for (const w of artefacts.workflows)
    for (const raw of Object.values(w.json.jobs as Record<string, unknown>))
      if (isObject(raw) && typeof raw.name === "string" && /\(approval\)/.test(raw.name)) {
        const env = environmentOf(raw.environment);
        if (env) out.add(env.name);
      }
  return out;
}

function agentHomes(objects: readonly AgentObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objects)
    if (o.declaredIn !== undefined && !(out.get(o.agent) ?? []).includes(o.declaredIn))
      out.set(o.agent, [...(out.get(o.agent) ?? []), o.declaredIn]);
  return out;
}
