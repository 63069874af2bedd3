import { parse as parseYaml } from "yaml";
import { isObject } from "../../core/is-object";
import { Stack } from "../read";
import { IdentityFacts, IdentityRef } from "./identity";
import { Applier, Context, DEFAULT_RUNNER_IMAGE, imageCommands, StackNode, stackOfDir } from "./model";
import { AgentObject } from "./read";
import { blocks, resolve, str } from "./terraform";

export function repositoryOf(sources: readonly AgentObject[]): string | undefined {
  for (const s of sources) {
    const url = isObject(s.json.spec) ? s.json.spec.url : undefined;
    const m = typeof url === "string" ? /github\.com[/:]([^/]+\/[^/.]+?)(\.git)?\/?$/.exec(url) : null;
    if (m) return m[1];
  }
  return undefined;
}

export function branchOf(sources: readonly AgentObject[]): string | undefined {
  for (const s of sources) {
    const ref = isObject(s.json.spec) && isObject(s.json.spec.ref) ? s.json.spec.ref : {};
    if (typeof ref.branch === "string") return ref.branch;
  }
  return undefined;
}

export function agentApplier(o: AgentObject, c: Context): Applier[] {
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
  // What the agent declaration states its runner image provides (GitOpsAgent `runnerProvides`),
  // recorded on the object; a --runner entry for the image wins.
  const meta = isObject(o.json.metadata) ? o.json.metadata : {};
  const annotations = isObject(meta.annotations) ? meta.annotations : {};
  const stated = annotations[RUNNER_PROVIDES_ANNOTATION];
  const known =
    imageCommands(image, c.options) ?? (typeof stated === "string" ? stated.split(/\s+/).filter(Boolean) : undefined);
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

/** The annotation `GitOpsAgent` writes with its `runnerProvides` (lib/kubernetes/agent-objects.ts). */
export const RUNNER_PROVIDES_ANNOTATION = "landform.dev/runner-provides";

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
    const ref = IdentityFacts.roleRefOfArn(role);
    return ref && !role.includes("${") ? { identity: ref } : { problem: `the runner's role ${role} cannot be read` };
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

export function agentHomes(objects: readonly AgentObject[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const o of objects)
    if (o.declaredIn !== undefined && !(out.get(o.agent) ?? []).includes(o.declaredIn))
      out.set(o.agent, [...(out.get(o.agent) ?? []), o.declaredIn]);
  return out;
}
