import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { DataGoogleComputeZones } from "@cdktf/provider-google/lib/data-google-compute-zones";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Fn, Token } from "cdktf";
import { Construct } from "constructs";
import { stackOf, StackInfo } from "../core/stack-info";
import { NameRules } from "../core/naming";
import type { ClusterSpec } from "../contracts/cluster";

/**
 * The full cloud-platform scope, as Google recommends: what nodes may do is decided by the node
 * service account's IAM roles (below), not by scopes, and pods never see the node's identity
 * because workload metadata is GKE_METADATA.
 */
export const NODE_OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"];

/** What nodes need and nothing more: write logs and metrics, read metadata, pull images. */
export const NODE_ROLES = [
  // What GKE documents as the node service account's minimum (logging, monitoring, autoscaler metrics):
  // https://cloud.google.com/kubernetes-engine/docs/how-to/service-accounts. The four roles below are
  // the older recommendation; they stay until GKE documents that this role covers all of them.
  "roles/container.defaultNodeServiceAccount",
  "roles/logging.logWriter",
  "roles/monitoring.metricWriter",
  "roles/monitoring.viewer",
  "roles/stackdriver.resourceMetadata.writer",
  "roles/artifactregistry.reader",
];

/**
 * The node labels that select `key`'s nodes: GKE labels every node with its pool's name
 * (`cloud.google.com/gke-nodepool`, GKE docs "About node pools"), and Landform names each pool
 * exactly its key (`name`, no `name_prefix`), so the label is known at synth and no label of
 * Landform's own is needed.
 */
export function nodePoolSelector(key: string): Record<string, string> {
  return { "cloud.google.com/gke-nodepool": key };
}

const EFFECTS = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

export function buildNodeServiceAccount(scope: Construct, stack: StackInfo) {
  const serviceAccount = new ServiceAccount(scope, "NodeServiceAccount", {
    accountId: stack.nameFor(scope, NameRules.gcpServiceAccount, "nodes"),
    displayName: `GKE nodes of ${stack.nameFor(scope, NameRules.gcp)}`,
  });
  const roles = NODE_ROLES.map(
    (role) =>
      new ProjectIamMember(scope, `NodeServiceAccount-${role.replace("roles/", "")}`, {
        project: stack.project!,
        role,
        member: `serviceAccount:${serviceAccount.email}`,
      }),
  );
  return { serviceAccount, roles };
}

export interface NodePoolContext {
  readonly cluster: ContainerCluster;
  readonly serviceAccount: ServiceAccount;
}

/** One node pool per entry, spread over the network's zones, auto-repaired and auto-upgraded. */
export function buildNodePools(
  scope: Construct,
  spec: ClusterSpec,
  ctx: NodePoolContext,
): Record<string, ContainerNodePool> {
  const stack = stackOf(scope);
  // The region's zones sorted by name; the first `zones` of them, as the network spans.
  const zones = new DataGoogleComputeZones(scope, "Zones", { region: stack.region, status: "UP" });
  // A region may have fewer zones than asked for; take what it has rather than fail at plan.
  const nodeLocations = Token.asList(Fn.slice(Fn.sort(zones.names), 0, Fn.min([spec.zones, Fn.lengthOf(zones.names)])));
  const pools: Record<string, ContainerNodePool> = {};
  for (const pool of spec.nodePools) {
    pools[pool.key] = new ContainerNodePool(scope, `NodePool-${pool.key}`, {
      name: pool.key,
      cluster: ctx.cluster.id,
      location: stack.region,
      nodeLocations,
      // GKE counts initial nodes per zone; totals below are for the whole pool.
      initialNodeCount: Math.ceil(pool.desiredNodes / spec.zones),
      autoscaling: { totalMinNodeCount: pool.minNodes, totalMaxNodeCount: pool.maxNodes, locationPolicy: "BALANCED" },
      management: { autoRepair: true, autoUpgrade: true },
      nodeConfig: {
        machineType: pool.machineType,
        diskSizeGb: pool.diskGb,
        diskType: "pd-balanced",
        spot: pool.spot,
        serviceAccount: ctx.serviceAccount.email,
        oauthScopes: NODE_OAUTH_SCOPES,
        labels: Object.keys(pool.labels).length > 0 ? pool.labels : undefined,
        taint:
          pool.taints.length > 0
            ? pool.taints.map((t) => ({ key: t.key, value: t.value ?? "", effect: EFFECTS[t.effect] }))
            : undefined,
        workloadMetadataConfig: { mode: "GKE_METADATA" },
        shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
      },
      // desiredNodes is the starting size (changing it would replace the pool); the autoscaler owns it after.
      lifecycle: { ignoreChanges: ["initial_node_count"] },
    });
  }
  return pools;
}
