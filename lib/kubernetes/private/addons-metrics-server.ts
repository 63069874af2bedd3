import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidConfig } from "../../core/errors";
import type { ICluster } from "../../contracts/cluster";

/**
 * metrics-server, for the HPA's CPU metrics on EKS (which installs none; GKE ships its own). The
 * Helm chart of kubernetes-sigs/metrics-server, pinned per Kubernetes minor by the project's
 * compatibility matrix (README "Compatibility Matrix": 0.8.x for 1.31+, 0.7.x for 1.27+):
 * - chart 3.13.1 (tag `metrics-server-helm-chart-3.13.1`, commit
 *   842dcc8c42f22cc19f10c7d5f2d32a9f4b6013b0), metrics-server 0.8.1;
 * - chart 3.12.2 (tag `metrics-server-helm-chart-3.12.2`, commit
 *   65945d221ff1e269f11bf66f01846fe6133640b4), metrics-server 0.7.2, for 1.30.
 * Helm rather than the EKS community add-on `metrics-server`: the same pinned-chart path as the
 * other controllers in the add-ons stack, with no per-version EKS add-on build to track.
 */
export const METRICS_SERVER_CHARTS: Readonly<Record<string, { version: string; appVersion: string }>> = {
  "1.30": { version: "3.12.2", appVersion: "0.7.2" },
  "1.31": { version: "3.13.1", appVersion: "0.8.1" },
  "1.32": { version: "3.13.1", appVersion: "0.8.1" },
  "1.33": { version: "3.13.1", appVersion: "0.8.1" },
  "1.34": { version: "3.13.1", appVersion: "0.8.1" },
};

export const METRICS_SERVER_REPOSITORY = "https://kubernetes-sigs.github.io/metrics-server/";

/** Installs metrics-server in `scope` (the add-ons stack's helm scope) with two replicas and a PDB. */
export function installMetricsServer(scope: Construct, cluster: ICluster, helm: TerraformProvider): void {
  const version = cluster.version;
  const pin = version === undefined ? undefined : METRICS_SERVER_CHARTS[version];
  if (pin === undefined)
    throw invalidConfig(
      cluster,
      `no metrics-server release is pinned for Kubernetes ${version ?? "(unknown)"}`,
      "add it to METRICS_SERVER_CHARTS in lib/kubernetes/private/addons-metrics-server.ts",
    );
  const { Release } = require("@cdktf/provider-helm/lib/release") as typeof import("@cdktf/provider-helm/lib/release");
  new Release(scope, "MetricsServer", {
    provider: helm,
    name: "metrics-server",
    namespace: "kube-system",
    repository: METRICS_SERVER_REPOSITORY,
    chart: "metrics-server",
    version: pin.version,
    atomic: true,
    cleanupOnFail: true,
    // Both keys exist in values.yaml at both tags; the chart's pods are restricted-PSS already.
    values: [JSON.stringify({ replicas: 2, podDisruptionBudget: { enabled: true, maxUnavailable: 1 } })],
  });
}
