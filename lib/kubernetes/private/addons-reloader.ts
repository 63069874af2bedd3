import type { ICluster } from "../../contracts/cluster";
import type { ChartPin } from "../addons";

/**
 * Stakater Reloader, pinned: stakater/Reloader `deployments/kubernetes/chart/reloader/Chart.yaml` at
 * tag `chart-v2.2.16` (commit 655a2b3814baadb69d3d1e105242d6cc8875d7cb): version 2.2.16, appVersion
 * v1.4.21; the chart README there installs it from `https://stakater.github.io/stakater-charts`. At
 * that tag `values.yaml` has `reloader.isArgoRollouts` (the deployment passes `--is-Argo-Rollouts`,
 * and `_helpers.tpl` grants `argoproj.io` rollouts when the Rollout CRD exists at install time, so
 * Reloader is installed after Argo Rollouts), and the README's "Named Resource Reload" section
 * documents `secret.reloader.stakater.com/reload` and, for Argo Rollouts, the
 * `reloader.stakater.com/rollout-strategy: restart` annotation, which sets the Rollout's
 * `spec.restartAt` (internal/pkg/callbacks/rolling_upgrade.go) instead of patching its pod template.
 */
export const RELOADER_CHART: ChartPin = {
  repository: "https://stakater.github.io/stakater-charts",
  chart: "reloader",
  version: "2.2.16",
  appVersion: "v1.4.21",
};

export const RELOADER_NAMESPACE = "reloader";

/** Reloader's annotation: restart the workload when one of these Secrets (comma-separated) changes. */
export const RELOAD_SECRETS_ANNOTATION = "secret.reloader.stakater.com/reload";
/** On a Rollout: restart its pods (`spec.restartAt`) rather than start a new revision. */
export const ROLLOUT_STRATEGY_ANNOTATION = "reloader.stakater.com/rollout-strategy";

/** The clusters where a Rollout (not only Deployments) reads a database secret. */
const ROLLOUTS = new WeakSet<ICluster>();

/** Records that an Argo Rollout on `cluster` asks Reloader to restart it. */
export function reloadRollouts(cluster: ICluster): void {
  ROLLOUTS.add(cluster);
}

/**
 * The chart's values for `cluster`, read at synth time (so an Application declared after the
 * add-ons turns Argo Rollouts support on). Reloader acts only on workloads annotated with
 * `secret.reloader.stakater.com/reload` (`autoReloadAll` stays off), watches Secrets only
 * (`ignoreConfigMaps`), and leaves Jobs and CronJobs alone. It watches every namespace: the chart's
 * scoped mode (`reloader.namespaces`) writes a Role into each listed namespace when the add-ons
 * stack is applied, before the workloads stack has created the Applications' namespaces. A
 * Deployment is restarted by the `annotations` strategy (a `reloader.stakater.com/last-reloaded-from`
 * pod-template annotation), which the README at that tag ("Reload Strategies") prefers under GitOps
 * tools (Flux) over the default dummy environment variable in the containers.
 */
export function reloaderValues(cluster: ICluster): object {
  return {
    reloader: {
      autoReloadAll: false,
      isArgoRollouts: ROLLOUTS.has(cluster),
      ignoreConfigMaps: true,
      ignoreJobs: true,
      ignoreCronJobs: true,
      watchGlobally: true,
      reloadStrategy: "annotations",
    },
  };
}

/** The annotations that make Reloader restart a Deployment or Rollout when one of `secrets` changes. */
export function reloadAnnotations(secrets: readonly string[], rollout: boolean): Record<string, string> {
  if (secrets.length === 0) return {};
  return {
    [RELOAD_SECRETS_ANNOTATION]: [...secrets].sort().join(","),
    ...(rollout ? { [ROLLOUT_STRATEGY_ANNOTATION]: "restart" } : {}),
  };
}
