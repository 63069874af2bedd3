import * as fs from "fs";
import * as path from "path";
import { App } from "cdktf";
import { IConstruct } from "constructs";
import { invalidConfig } from "../../core/errors";
import { stackOf } from "../../core/stack-info";
import type { ApplicationSpec } from "./application-spec";
import type { KubeObject } from "./objects";

/**
 * The `wait` of the workload's kubernetes_manifest (hashicorp/terraform-provider-kubernetes v2.38.0
 * `docs/resources/manifest.md` "wait": `rollout` for a Deployment, `fields` matched as regular
 * expressions for other kinds), and a timeout long enough for every pause and analysis.
 *
 * A Rollout is healthy when `status.phase` is "Healthy" (argo-rollouts v1.9.0
 * `pkg/apis/rollouts/v1alpha1/types.go` RolloutPhase: Healthy, Degraded, Progressing, Paused). A
 * canary step without a duration waits for a person, so such a Rollout also counts when Paused.
 * A Degraded Rollout (an aborted analysis or a failed release) never matches, so the apply fails
 * at the timeout, red in CI or on the agent's Terraform object.
 */
export function healthWait(spec: ApplicationSpec, target: KubeObject): object {
  if (target.kind === "Deployment") return { wait: { rollout: true } };
  const s = spec.strategy;
  let seconds = 600;
  let manual = false;
  if (s.kind === "canary") {
    for (const { step } of s.steps) {
      if (step.kind === "pause") {
        if (step.duration) seconds += durationSeconds(step.duration);
        else manual = true;
      } else if (step.kind === "analysis") seconds += analysisSeconds(step.analysis.metrics);
    }
  } else if (s.kind === "blueGreen") {
    if (!s.autoPromote && !s.autoPromoteAfter) manual = true;
    if (!s.autoPromote && s.autoPromoteAfter) seconds += durationSeconds(s.autoPromoteAfter);
    for (const a of [s.prePromotionAnalysis, s.postPromotionAnalysis]) if (a) seconds += analysisSeconds(a.metrics);
  }
  const minutes = Math.ceil(seconds / 60);
  return {
    wait: { fields: { "status.phase": manual ? "^(Healthy|Paused)$" : "^Healthy$" } },
    timeouts: { create: `${minutes}m`, update: `${minutes}m` },
  };
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
  const stackFile = (dir: string) => path.join(dir, "stacks", stackOf(app).node.id, "cdk.tf.json");
  const file = outputFolders(app)
    .map(stackFile)
    .find((f) => fs.existsSync(f));
  if (!file) return; // No earlier synth: nothing to compare with.
  let previous: unknown;
  try {
    previous = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return; // Not a synthesized stack: nothing to compare with.
  }
  const manifests = (previous as { resource?: { kubernetes_manifest?: Record<string, { manifest?: KubeObject }> } })
    .resource?.kubernetes_manifest;
  const before = Object.values(manifests ?? {})
    .map((r) => r.manifest)
    .find(
      (m) =>
        m &&
        (m.kind === "Deployment" || m.kind === "Rollout") &&
        m.metadata?.name === app.spec.name &&
        m.metadata?.namespace === app.spec.namespace,
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
