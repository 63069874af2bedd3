import type { KubeObject } from "./private/objects";

/** The label that marks an agent's objects with the cluster they belong to; `landform agent manifests` groups by it. */
export const AGENT_LABEL = "landform.dev/agent";
export const AGENT_NAMESPACE = "flux-system";
/** The source (GitRepository or OCIRepository) that every Terraform object reads its stack from. */
export const SOURCE_NAME = "landform-stacks";
export const RUNNER_SERVICE_ACCOUNT = "tf-runner";

/** How source-controller authenticates to the repository: a secret that already exists in flux-system. */
export type GitAuth =
  { readonly kind: "none" } | { readonly kind: "deployKey" | "githubApp"; readonly secretName: string };

/** One stack the agent applies, and the stacks it waits for. */
export interface AgentStack {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * Where the agent reads the stacks from: the trunk (a GitRepository, whose revision moves with every
 * commit), or an OCI artifact CI pushes only when the applied stacks change (an OCIRepository, whose
 * revision is the artifact's digest), so a pending approval survives unrelated commits.
 */
export type AgentSourceSpec =
  | { readonly kind: "git"; readonly url: string; readonly branch: string; readonly auth: GitAuth }
  | {
      readonly kind: "oci";
      readonly url: string;
      readonly tag: string;
      readonly provider: "aws" | "gcp" | "generic";
      readonly secretName?: string;
    };

/** Everything the agent's objects depend on; plain data, so the YAML and the Terraform agree. */
export interface AgentPlan {
  /** The cluster's name: the value of the agent label and the folder under gitops/. */
  readonly cluster: string;
  readonly source: AgentSourceSpec;
  /** Folder of the committed stacks in the repository, e.g. "terraform/stacks" (git sources). */
  readonly stacksPath: string;
  readonly sourceInterval: string;
  readonly interval: string;
  /** "auto" applies every plan; "manual" stops at the plan until someone approves it. */
  readonly approve: "auto" | "manual";
  readonly runnerImage?: string;
  /** The commands the runner image provides, as declared: recorded on each Terraform object for `landform doctor`. */
  readonly runnerProvides?: readonly string[];
  /** Requests and limits of each runner pod. */
  readonly runnerResources?: {
    readonly requests: Readonly<Record<string, string>>;
    readonly limits: Readonly<Record<string, string>>;
  };
  /** Node labels the runner pods are scheduled on. */
  readonly runnerNodeSelector?: Readonly<Record<string, string>>;
  readonly stacks: readonly AgentStack[];
}

function metadata(plan: AgentPlan, name: string): Record<string, unknown> {
  return {
    name,
    namespace: AGENT_NAMESPACE,
    labels: { "app.kubernetes.io/managed-by": "landform", [AGENT_LABEL]: plan.cluster },
  };
}

/**
 * The source of the stacks. The trunk, reduced to the committed stacks: the artifact holds
 * `stacksPath` only, so the agent's own manifests (gitops/) are not part of what the Terraform
 * objects apply. Or the OCI artifact of the applied stacks (source-controller v1.8.2 OCIRepository v1).
 */
export function sourceObject(plan: AgentPlan): KubeObject {
  const source = plan.source;
  if (source.kind === "oci")
    return {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: metadata(plan, SOURCE_NAME),
      spec: {
        interval: plan.sourceInterval,
        url: source.url,
        ref: { tag: source.tag },
        provider: source.provider,
        ...(source.secretName ? { secretRef: { name: source.secretName } } : {}),
      },
    };
  return {
    apiVersion: "source.toolkit.fluxcd.io/v1",
    kind: "GitRepository",
    metadata: metadata(plan, SOURCE_NAME),
    spec: {
      interval: plan.sourceInterval,
      url: source.url,
      ref: { branch: source.branch },
      ...(source.auth.kind === "none" ? {} : { secretRef: { name: source.auth.secretName } }),
      ...(source.auth.kind === "githubApp" ? { provider: "github" } : {}),
      ignore: `/*\n!/${plan.stacksPath}/\n`,
    },
  };
}

/** The annotation that records what the runner image provides (`GitOpsAgent` `runnerProvides`); read by `landform doctor`. */
export const RUNNER_PROVIDES = "landform.dev/runner-provides";

/** One tofu-controller Terraform object: plans and applies one committed stack. */
export function terraformObject(plan: AgentPlan, stack: AgentStack): KubeObject {
  return {
    apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
    kind: "Terraform",
    metadata: {
      ...metadata(plan, stack.name),
      ...(plan.runnerProvides ? { annotations: { [RUNNER_PROVIDES]: [...plan.runnerProvides].sort().join(" ") } } : {}),
    },
    spec: {
      interval: plan.interval,
      // An OCI artifact holds the stack folders at its root (pushed with --path of the stacks' folder).
      path: plan.source.kind === "oci" ? `./${stack.name}` : `./${plan.stacksPath}/${stack.name}`,
      sourceRef: {
        kind: plan.source.kind === "oci" ? "OCIRepository" : "GitRepository",
        name: SOURCE_NAME,
        namespace: AGENT_NAMESPACE,
      },
      // Manual: no approvePlan, so the controller plans and waits until spec.approvePlan names the
      // pending plan (status.plan.pending), which `landform agent approve <stack>` patches in the cluster.
      ...(plan.approve === "auto" ? { approvePlan: "auto" } : {}),
      // The stack's own S3 or GCS backend, not tofu-controller's Kubernetes-secret backend.
      backendConfig: { disable: true },
      serviceAccountName: RUNNER_SERVICE_ACCOUNT,
      disableDriftDetection: false,
      // Deleting the object must never destroy the stack's resources.
      destroyResourcesOnDeletion: false,
      alwaysCleanupRunnerPod: true,
      storeReadablePlan: "human",
      ...(stack.dependsOn.length > 0
        ? { dependsOn: [...stack.dependsOn].sort().map((name) => ({ name, namespace: AGENT_NAMESPACE })) }
        : {}),
      ...runnerPodTemplate(plan),
    },
  };
}

/**
 * The runner pod's image, resources and node selector (tofu-controller v0.16.5 `runnerPodTemplate.spec`);
 * the image keeps tf-runner's entrypoint, since the controller passes it only `--grpc-port`.
 */
function runnerPodTemplate(plan: AgentPlan): Record<string, unknown> {
  const spec = {
    ...(plan.runnerImage ? { image: plan.runnerImage } : {}),
    ...(plan.runnerResources
      ? { resources: { requests: { ...plan.runnerResources.requests }, limits: { ...plan.runnerResources.limits } } }
      : {}),
    ...(plan.runnerNodeSelector ? { nodeSelector: { ...plan.runnerNodeSelector } } : {}),
  };
  return Object.keys(spec).length > 0 ? { runnerPodTemplate: { spec } } : {};
}

/**
 * Runner pods are not evicted mid-run: a node drain waits for the run to end (the pod is deleted
 * after each run, alwaysCleanupRunnerPod), so OpenTofu never dies holding the state lock. The labels
 * are those tofu-controller v0.16.5 puts on every runner pod (controllers/tf_controller_runner.go).
 */
export function runnerDisruptionBudget(plan: AgentPlan): KubeObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: metadata(plan, "landform-tf-runner"),
    spec: {
      maxUnavailable: 0,
      selector: {
        matchLabels: { "app.kubernetes.io/created-by": "tofu-controller", "app.kubernetes.io/name": "tf-runner" },
      },
    },
  };
}

/** The agent's objects in a stable order: the source, the runners' disruption budget, then one Terraform object per stack by name. */
export function agentObjects(plan: AgentPlan): KubeObject[] {
  const stacks = [...plan.stacks].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return [sourceObject(plan), runnerDisruptionBudget(plan), ...stacks.map((s) => terraformObject(plan, s))];
}

/** A cycle among `stacks` as the list of names around it, or undefined. */
export function findCycle(stacks: readonly AgentStack[]): string[] | undefined {
  const byName = new Map(stacks.map((s) => [s.name, s]));
  const state = new Map<string, "visiting" | "done">();
  const path: string[] = [];
  const visit = (name: string): string[] | undefined => {
    if (state.get(name) === "done") return undefined;
    if (state.get(name) === "visiting") return [...path.slice(path.indexOf(name)), name];
    state.set(name, "visiting");
    path.push(name);
    for (const dep of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, "done");
    return undefined;
  };
  for (const s of [...stacks].sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const cycle = visit(s.name);
    if (cycle) return cycle;
  }
  return undefined;
}
