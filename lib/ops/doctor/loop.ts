import { isObject } from "../../core/is-object";
import { Stack } from "../read";
import { agentApplier, agentHomes, branchOf, repositoryOf } from "./agents";
import { IdentityFacts } from "./identity";
import { gated, pushBranch, workflowAppliers } from "./jobs";
import { ClusterRef, DoctorOptions, Loop, RepositoryIds, StackNode, StateLocation } from "./model";
import { Artefacts } from "./read";
import { InputError } from "../errors";
import { blocks, execCommands, first, providers, resolve } from "./terraform";

export { DEFAULT_RUNNER_IMAGE } from "./model";
export type { Applier, ClusterRef, DoctorOptions, Loop, Runner, StackNode, StateLocation } from "./model";

export function buildLoop(artefacts: Artefacts, options: DoctorOptions = {}): Loop {
  const unreadable: Loop["unreadable"][number][] = [];
  const stacks = artefacts.stacks.map((s) => stackNode(s, unreadable));
  const sources = artefacts.agentObjects.filter((o) => o.kind === "GitRepository");
  const given = options.repository === undefined ? undefined : parseRepository(options.repository);
  const trusted = given === undefined ? trustedRepository(artefacts.stacks, unreadable) : undefined;
  const repository = given?.repository ?? trusted?.repository ?? repositoryOf(sources);
  const repositoryIds = given?.ids ?? (trusted?.repository === repository ? trusted?.ids : undefined);
  const defaultBranch = options.defaultBranch ?? branchOf(sources) ?? pushBranch(artefacts.workflows);
  const facts = new IdentityFacts(artefacts.stacks);
  const context = {
    stacks,
    options,
    repository,
    repositoryIds,
    defaultBranch,
    unreadable,
    raw: artefacts.stacks,
    facts,
  };
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
    repositoryIds,
    unreadable,
    rawStacks: artefacts.stacks,
  };
}

/** `owner/name` or `owner@OWNER_ID/name@REPOSITORY_ID` (`--repository`). */
export function parseRepository(text: string): { repository: string; ids?: RepositoryIds } {
  const m = /^([A-Za-z0-9_.-]+)(?:@(\d+))?\/([A-Za-z0-9_.-]+)(?:@(\d+))?$/.exec(text);
  if (!m || (m[2] === undefined) !== (m[4] === undefined))
    throw new InputError({
      source: "--repository",
      problem: `${text} is neither owner/name nor owner@OWNER_ID/name@REPOSITORY_ID (both ids, or none)`,
    });
  return { repository: `${m[1]}/${m[3]}`, ids: m[2] === undefined ? undefined : { owner: m[2], repository: m[4] } };
}

/**
 * The repository identity the committed trusts name in GitHub's immutable subject
 * (`repo:OWNER@OWNER_ID/NAME@REPOSITORY_ID:`): AWS trust conditions and federation members. All
 * must name one; several is reported, and then no ids are assumed.
 */
function trustedRepository(
  stacks: readonly Stack[],
  unreadable: Loop["unreadable"][number][],
): { repository: string; ids: RepositoryIds } | undefined {
  const found = new Map<string, { repository: string; ids: RepositoryIds; where: string[] }>();
  const pattern = /repo:([A-Za-z0-9_.-]+)@(\d+)\/([A-Za-z0-9_.-]+)@(\d+):/g;
  for (const b of [
    ...blocks(stacks, "data", ["aws_iam_policy_document"]),
    ...blocks(stacks, "resource", [
      "aws_iam_role",
      "google_service_account_iam_member",
      "google_service_account_iam_binding",
    ]),
  ])
    for (const m of JSON.stringify(b.body).matchAll(pattern)) {
      const key = `${m[1]}@${m[2]}/${m[3]}@${m[4]}`;
      const known = found.get(key) ?? {
        repository: `${m[1]}/${m[3]}`,
        ids: { owner: m[2], repository: m[4] },
        where: [],
      };
      if (!known.where.includes(`${b.stack.name} ${b.address}`)) known.where.push(`${b.stack.name} ${b.address}`);
      found.set(key, known);
    }
  if (found.size <= 1) return [...found.values()][0];
  unreadable.push({
    file: "",
    stack: "",
    address: "repository",
    message: `the identities trust ${found.size} repositories: ${[...found.entries()]
      .map(([k, v]) => `${k} (${v.where[0]}${v.where.length > 1 ? ` and ${v.where.length - 1} more` : ""})`)
      .join(", ")}; pass --repository owner@OWNER_ID/name@REPOSITORY_ID`,
  });
  return undefined;
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
