import * as fs from "fs";
import * as path from "path";
import { createHash } from "crypto";
import { App } from "cdktf";
import { IConstruct } from "constructs";
import { invalidConfig } from "../../core/errors";
import { stackOf } from "../../core/stack-info";
import type { ApplicationSpec } from "./application-spec";
import { KubeObject, NAME_LABEL } from "./objects";

/**
 * The `wait` of the workload's kubernetes_manifest (hashicorp/terraform-provider-kubernetes v2.38.0
 * `docs/resources/manifest.md` "wait"). A Deployment waits with `rollout = true`: the provider's
 * rollout waiter is kubectl's status viewer, which compares `status.observedGeneration` with
 * `metadata.generation` first (`manifest/provider/waiter.go` RolloutWaiter).
 *
 * A Rollout gets no `wait` of its own: a field waiter matches regular expressions on the status it
 * reads right after the apply (`waiter.go` FieldWaiter), and on an update the Argo controller has
 * not yet observed the new spec, so the previous release's `Healthy` passed at once. Its release is
 * judged by the status Job instead (`rolloutStatusObjects`).
 */
export function healthWait(target: KubeObject): object {
  return target.kind === "Deployment" ? { wait: { rollout: true } } : {};
}

/**
 * How long a release of `spec` may take, in seconds: 10 minutes, plus every timed pause and
 * analysis. A step that waits for a person (`pause()` without duration, blue-green without
 * `autoPromote` or `autoPromoteAfter`) must be promoted within it.
 */
export function rolloutBudgetSeconds(spec: ApplicationSpec): number {
  const s = spec.strategy;
  let seconds = 600;
  if (s.kind === "canary") {
    for (const { step } of s.steps) {
      if (step.kind === "pause" && step.duration) seconds += durationSeconds(step.duration);
      else if (step.kind === "analysis") seconds += analysisSeconds(step.analysis.metrics);
    }
  } else if (s.kind === "blueGreen") {
    if (!s.autoPromote && s.autoPromoteAfter) seconds += durationSeconds(s.autoPromoteAfter);
    for (const a of [s.prePromotionAnalysis, s.postPromotionAnalysis]) if (a) seconds += analysisSeconds(a.metrics);
  }
  return seconds;
}

/** The image's user (its Dockerfile's `USER 999`), set explicitly for the restricted Pod Security Standard. */
const STATUS_UID = 999;
/** Extra seconds for scheduling and pulling the image (the Job's deadline), and for Terraform's last read. */
const START_SECONDS = 120;
const READ_SECONDS = 60;
/** The label that marks the status pods of an Application (their NetworkPolicy selects it). */
export const ROLLOUT_STATUS_LABEL = "landform.dev/rollout-status";

type Obj = KubeObject & Record<string, unknown>;

/** The objects that judge a Rollout's release: a read-only identity, its egress, and the status Job. */
export interface RolloutStatusObjects {
  readonly serviceAccount: Obj;
  readonly role: Obj;
  readonly roleBinding: Obj;
  readonly networkPolicy: KubeObject;
  /** The status Job, named by the caller from a hash of the Rollout as synthesized. */
  readonly job: (name: string) => KubeObject & { spec: object };
  /** Terraform's `timeouts` for the Job's wait: the Job's deadline plus a minute. */
  readonly timeouts: { readonly create: string; readonly update: string };
}

/**
 * A Job that runs `kubectl argo rollouts status <name> --namespace <namespace> --timeout <budget>`,
 * Argo's own strict check (argo-rollouts v1.9.0 `pkg/kubectl-argo-rollouts/cmd/status/status.go`):
 * it watches until the phase is Healthy or Degraded, and the phase stays "Progressing - waiting for
 * rollout spec update to be observed" while `status.observedGeneration` differs from
 * `metadata.generation` (`utils/rollout/rolloututil.go` GetRolloutPhase, isGenerationObserved). It
 * exits 1 on Degraded or at the timeout (`cmd/kubectl-argo-rollouts/main.go`: any error is
 * `os.Exit(1)`), 0 only when the new spec is observed and Healthy. `backoffLimit: 0`: one failed
 * run fails the Job; an evicted or preempted pod (condition DisruptionTarget) is ignored by the
 * `podFailurePolicy` and run again, so a node drain is not a failed release (Kubernetes docs,
 * "Jobs" > "Pod failure policy": `action: Ignore` on `DisruptionTarget`; GA in 1.31, on by default
 * since 1.26).
 *
 * The Job's manifest waits for its `Complete` condition (`waiter.go` ConditionsWaiter): a Failed
 * Job never gets it, so the apply fails when the wait times out, a minute after the Job's
 * deadline. No `ttlSecondsAfterFinished`: a Job deleted by its TTL would be drift that Terraform
 * recreates on every plan. When a release replaces the Job, the provider deletes it with no
 * propagation policy (`manifest/provider/apply.go`), which for batch/v1 orphans its finished pod
 * (kubernetes `pkg/registry/batch/job/storage/storage.go` deleteOptionWarnings); the pod garbage
 * collector removes it with its node or past the terminated-pod threshold.
 *
 * Its service account may only read (get, list, watch) what the plugin's view controller watches in
 * the namespace (`pkg/kubectl-argo-rollouts/viewcontroller/viewcontroller.go`: rollouts,
 * experiments, analysisruns, replicasets, deployments, pods), and its NetworkPolicy admits nothing
 * and lets the pod reach only TCP 443, the port of the API server's endpoints on EKS and GKE (the
 * `kubernetes` Service's target port); no DNS is needed, since in-cluster clients use
 * KUBERNETES_SERVICE_HOST, an IP.
 */
export function rolloutStatusObjects(spec: ApplicationSpec): RolloutStatusObjects {
  const name = `${spec.name}-rollout-status`;
  const labels = { [NAME_LABEL]: name, "app.kubernetes.io/managed-by": "landform" };
  const meta = (n = name) => ({ name: n, namespace: spec.namespace, labels });
  const budget = rolloutBudgetSeconds(spec);
  const deadline = budget + START_SECONDS;
  const minutes = Math.ceil((deadline + READ_SECONDS) / 60);
  const read = ["get", "list", "watch"];
  return {
    serviceAccount: { apiVersion: "v1", kind: "ServiceAccount", metadata: meta(), automountServiceAccountToken: false },
    role: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "Role",
      metadata: meta(),
      rules: [
        { apiGroups: ["argoproj.io"], resources: ["rollouts", "analysisruns", "experiments"], verbs: read },
        { apiGroups: ["apps"], resources: ["replicasets", "deployments"], verbs: read },
        { apiGroups: [""], resources: ["pods"], verbs: read },
      ],
    },
    roleBinding: {
      apiVersion: "rbac.authorization.k8s.io/v1",
      kind: "RoleBinding",
      metadata: meta(),
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name },
      subjects: [{ kind: "ServiceAccount", name, namespace: spec.namespace }],
    },
    networkPolicy: {
      apiVersion: "networking.k8s.io/v1",
      kind: "NetworkPolicy",
      metadata: meta(),
      spec: {
        podSelector: { matchLabels: { [ROLLOUT_STATUS_LABEL]: spec.name } },
        policyTypes: ["Ingress", "Egress"],
        ingress: [],
        egress: [{ ports: [{ port: 443, protocol: "TCP" }] }],
      },
    },
    job: (jobName) => ({
      apiVersion: "batch/v1",
      kind: "Job",
      metadata: meta(jobName),
      spec: {
        backoffLimit: 0,
        activeDeadlineSeconds: deadline,
        podFailurePolicy: {
          rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }],
        },
        template: {
          metadata: { labels: { ...labels, [ROLLOUT_STATUS_LABEL]: spec.name } },
          spec: {
            serviceAccountName: name,
            // The only pods with this account's token; the account itself mounts none.
            automountServiceAccountToken: true,
            enableServiceLinks: false,
            restartPolicy: "Never",
            securityContext: {
              runAsNonRoot: true,
              runAsUser: STATUS_UID,
              runAsGroup: STATUS_UID,
              seccompProfile: { type: "RuntimeDefault" },
            },
            containers: [
              {
                name: "status",
                image: spec.rolloutStatusImage.toString(),
                args: ["status", spec.name, "--namespace", spec.namespace, "--timeout", `${budget}s`],
                // Why it failed (the plugin's last lines) stays on the pod: `kubectl get pod -o yaml`.
                terminationMessagePolicy: "FallbackToLogsOnError",
                resources: { requests: { cpu: "10m", memory: "64Mi" }, limits: { memory: "256Mi" } },
                securityContext: {
                  allowPrivilegeEscalation: false,
                  readOnlyRootFilesystem: true,
                  runAsNonRoot: true,
                  capabilities: { drop: ["ALL"] },
                },
              },
            ],
          },
        },
      },
    }),
    timeouts: { create: `${minutes}m`, update: `${minutes}m` },
  };
}

/** The `wait` of the status Job's manifest: its Complete condition (a Failed Job never gets it). */
export const ROLLOUT_STATUS_WAIT = { wait: { condition: [{ type: "Complete", status: "True" }] } };

/**
 * The status Job's name: `<app>-rollout-status-<hash>`, the hash of the Rollout's `manifest` as
 * synthesized (escape-hatch overrides included) and of the Job's own spec, so each release (and
 * only a release, or a change of the check) makes a new Job, which the provider replaces whole (a
 * name change forces a new object, `manifest/provider/plan.go`; a Job's template is immutable). At
 * most 63 characters: the Job controller puts the name in its pods' `job-name` label.
 */
export function rolloutStatusName(appName: string, rolloutManifest: unknown, jobSpec: unknown): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([rolloutManifest, jobSpec]))
    .digest("hex")
    .slice(0, 10);
  const suffix = `-rollout-status-${hash}`;
  return `${appName.slice(0, 63 - suffix.length).replace(/-+$/, "")}${suffix}`;
}

function durationSeconds(d: string): number {
  const n = Number(d.slice(0, -1));
  return d.endsWith("h") ? n * 3600 : d.endsWith("m") ? n * 60 : n;
}

function analysisSeconds(metrics: readonly { interval?: string; count?: number; initialDelay?: string }[]): number {
  return Math.max(
    0,
    ...metrics.map(
      (m) => durationSeconds(m.initialDelay ?? "0s") + durationSeconds(m.interval ?? "1m") * (m.count ?? 5),
    ),
  );
}

/**
 * Refuses a change between a Deployment (rolling) and a Rollout (canary, blue-green) for a
 * workload the committed synth output already declares as the other kind. The kubernetes
 * provider replaces a manifest whose kind changes (v2.38.0 `manifest/provider/plan.go`:
 * apiVersion and kind RequiresReplace), deleting every pod before the new workload exists. The
 * committed `cdk.tf.json` is what the pipeline and the agent last applied.
 */
export function checkStrategyChange(app: IConstruct & { readonly spec: ApplicationSpec }, target: KubeObject): void {
  const previous = previousWorkloads(app);
  if (!previous) return; // No earlier synth: nothing to compare with.
  const file = previous.file;
  const before = previous.workloads.find(
    (m) => m.metadata?.name === app.spec.name && m.metadata?.namespace === app.spec.namespace,
  );
  if (!before || before.kind === target.kind) return;
  const from = before.kind === "Deployment" ? "rolling (a Deployment)" : "canary or blue-green (an Argo Rollout)";
  throw invalidConfig(
    app,
    `the strategy changes from ${from} to ${target.kind === "Deployment" ? "rolling (a Deployment)" : `${app.spec.strategy.kind} (an Argo Rollout)`} for '${app.spec.namespace}/${app.spec.name}', and Terraform would delete the running workload before creating the new one (a kind change replaces the object)`,
    `migrate without downtime: 1) add a second Application with the new strategy and another name (e.g. "${app.spec.name}-v2"), the same image and ports, and expose it; 2) apply, and move clients (the host, or the callers' Service name) to it; 3) remove the old Application in a later release. To accept the outage instead, delete the workload's resource from ${path.relative(process.cwd(), file)} first`,
    "strategy",
  );
}

/** The Deployments and Rollouts in a stack's last synth output, and the file they were read from. */
interface PreviousWorkloads {
  readonly file: string;
  readonly workloads: readonly KubeObject[];
}

/** Read once per app and stack: a stack has many Applications, and the file is the same for each. */
const previousByApp = new WeakMap<App, Map<string, PreviousWorkloads | undefined>>();

function previousWorkloads(app: IConstruct): PreviousWorkloads | undefined {
  const root = App.of(app);
  const stack = stackOf(app).node.id;
  let byStack = previousByApp.get(root);
  if (!byStack) previousByApp.set(root, (byStack = new Map()));
  if (!byStack.has(stack)) byStack.set(stack, readPreviousWorkloads(app, stack));
  return byStack.get(stack);
}

function readPreviousWorkloads(app: IConstruct, stack: string): PreviousWorkloads | undefined {
  const file = outputFolders(app)
    .map((dir) => path.join(dir, "stacks", stack, "cdk.tf.json"))
    .find((f) => fs.existsSync(f));
  if (!file) return undefined;
  let previous: unknown;
  try {
    previous = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined; // Not a synthesized stack: nothing to compare with.
  }
  const manifests = (previous as { resource?: { kubernetes_manifest?: Record<string, { manifest?: KubeObject }> } })
    .resource?.kubernetes_manifest;
  const workloads = Object.values(manifests ?? {})
    .map((r) => r.manifest)
    .filter((m): m is KubeObject => m !== undefined && (m.kind === "Deployment" || m.kind === "Rollout"));
  return { file, workloads };
}

/**
 * Where the last synth output is: the app's outdir, and the project's configured output folder
 * (cdktf.json `output`), because `landform synth` runs the app into a scratch folder and writes the
 * output folder only when it succeeds (lib/ops/synth.ts `synthesize`).
 */
function outputFolders(app: IConstruct): string[] {
  const folders = [App.of(app).outdir];
  try {
    const config = JSON.parse(fs.readFileSync(path.join(process.cwd(), "cdktf.json"), "utf8")) as { output?: unknown };
    if (typeof config.output === "string") folders.push(path.resolve(process.cwd(), config.output));
  } catch {
    // No cdktf.json here: only the outdir.
  }
  return folders;
}
