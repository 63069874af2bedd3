import { isObject } from "../../core/is-object";
import { Stack } from "../read";
import { agentApplier, agentHomes, branchOf, repositoryOf } from "./agents";
import { IdentityFacts } from "./identity";
import { gated, pushBranch, workflowAppliers } from "./jobs";
import { ClusterRef, DoctorOptions, Loop, StackNode, StateLocation } from "./model";
import { Artefacts } from "./read";
import { execCommands, first, providers, resolve } from "./terraform";

export { DEFAULT_RUNNER_IMAGE } from "./model";
export type { Applier, ClusterRef, DoctorOptions, Loop, Runner, StackNode, StateLocation } from "./model";

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
