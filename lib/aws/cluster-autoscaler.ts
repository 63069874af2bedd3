import { DataAwsIamRole } from "@cdktf/provider-aws/lib/data-aws-iam-role";
import { Release } from "@cdktf/provider-helm/lib/release";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";
import { invalidConfig } from "../core/errors";
import { stackOf } from "../core/stack-info";
import type { BuiltClusterAttributes, ICluster } from "../contracts/cluster";

/**
 * Cluster Autoscaler releases, one per Kubernetes minor: the autoscaler must match the control
 * plane's minor version. Source: the `cluster-autoscaler-<version>` tags of kubernetes/autoscaler.
 */
export const AUTOSCALER_IMAGES: Readonly<Record<string, string>> = {
  "1.30": "v1.30.7",
  "1.31": "v1.31.5",
  "1.32": "v1.32.7",
  "1.33": "v1.33.6",
  "1.34": "v1.34.5",
};
/** The chart (kubernetes/autoscaler `cluster-autoscaler-chart-9.59.0`); the image is pinned above. */
export const AUTOSCALER_CHART = { repository: "https://kubernetes.github.io/autoscaler", version: "9.59.0" };

/**
 * EKS managed node groups do not scale on load by themselves: their Auto Scaling groups only move
 * between min and max when something sets the desired size. Cluster Autoscaler does, discovering
 * the groups by the `k8s.io/cluster-autoscaler/<cluster>` tags EKS puts on them, as the IRSA role
 * the cluster stack created (looked up here by name, so no state crosses stacks).
 */
export function installAutoscaler(
  scope: Construct,
  cluster: ICluster,
  built: BuiltClusterAttributes,
  helm: TerraformProvider,
): void {
  const version = cluster.version;
  const image = version === undefined ? undefined : AUTOSCALER_IMAGES[version];
  if (image === undefined) {
    throw invalidConfig(
      cluster,
      `no Cluster Autoscaler release is pinned for Kubernetes ${version ?? "(unknown)"}`,
      "add it to AUTOSCALER_IMAGES in lib/aws/cluster-autoscaler.ts",
    );
  }
  if (built.autoscalerRoleName === undefined) {
    throw invalidConfig(
      cluster,
      "the EKS builder declared no Cluster Autoscaler role",
      "report this as a Landform bug",
    );
  }
  const role = new DataAwsIamRole(scope, "AutoscalerRole", { name: built.autoscalerRoleName });
  new Release(scope, "ClusterAutoscaler", {
    provider: helm,
    name: "cluster-autoscaler",
    namespace: "kube-system",
    repository: AUTOSCALER_CHART.repository,
    chart: "cluster-autoscaler",
    version: AUTOSCALER_CHART.version,
    // Roll back a failed upgrade instead of leaving a half-installed release.
    atomic: true,
    cleanupOnFail: true,
    values: [
      JSON.stringify({
        cloudProvider: "aws",
        awsRegion: stackOf(scope).region,
        autoDiscovery: { clusterName: cluster.name },
        image: { tag: image },
        rbac: {
          serviceAccount: { name: "cluster-autoscaler", annotations: { "eks.amazonaws.com/role-arn": role.arn } },
        },
        extraArgs: {
          "balance-similar-node-groups": true,
          expander: "least-waste",
          "skip-nodes-with-system-pods": false,
        },
      }),
    ],
  });
}
