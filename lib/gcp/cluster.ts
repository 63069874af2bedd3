import { ContainerCluster } from "@cdktf/provider-google/lib/container-cluster";
import { ContainerNodePool } from "@cdktf/provider-google/lib/container-node-pool";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import type { Built } from "../core/target";
import type { BuiltClusterAttributes, ClusterSpec } from "../contracts/cluster";
import { requireApis } from "./apis";
import { buildNodePools, buildNodeServiceAccount, NODE_OAUTH_SCOPES, nodePoolSelector } from "./cluster-nodes";
import { maintenancePolicy } from "./maintenance";

export interface GcpClusterResources {
  readonly cluster: ContainerCluster;
  /** Node pools keyed like `nodePools`. */
  readonly nodePools: Record<string, ContainerNodePool>;
  /** The nodes' own service account, with only the roles nodes need. */
  readonly nodeServiceAccount: ServiceAccount;
  readonly nodeRoles: ProjectIamMember[];
}

/**
 * A regional GKE cluster: private nodes, workload identity, Dataplane V2, shielded nodes, a release
 * channel, and node pools managed apart from the cluster on a dedicated service account.
 */
export function buildCluster(scope: Construct, spec: ClusterSpec): Built<BuiltClusterAttributes, GcpClusterResources> {
  const stack = stackOf(scope);
  const network = spec.network;
  const workloadPool = `${stack.project}.svc.id.goog`;
  const { serviceAccount: nodeServiceAccount, roles: nodeRoles } = buildNodeServiceAccount(scope, stack);
  const isPublic = spec.publicAccessCidrs.length > 0;
  const authorized = isPublic
    ? spec.publicAccessCidrs.map((cidr) => ({ cidrBlock: cidr, displayName: cidr }))
    : [{ cidrBlock: network.primaryCidr ?? network.cidr, displayName: "network" }];

  const cluster = new ContainerCluster(scope, "Resource", {
    name: spec.name,
    location: stack.region,
    network: network.networkId,
    subnetwork: network.privateSubnetIds[0],
    minMasterVersion: spec.version,
    releaseChannel: { channel: spec.releaseChannel!.toUpperCase() },
    // Node pools are separate resources; the default pool is created and removed at once.
    removeDefaultNodePool: true,
    initialNodeCount: 1,
    // The short-lived default pool still runs as the node service account, not the Compute default.
    nodeConfig: {
      serviceAccount: nodeServiceAccount.email,
      oauthScopes: NODE_OAUTH_SCOPES,
      shieldedInstanceConfig: { enableSecureBoot: true, enableIntegrityMonitoring: true },
      workloadMetadataConfig: { mode: "GKE_METADATA" },
    },
    networkingMode: "VPC_NATIVE",
    ipAllocationPolicy: {
      clusterSecondaryRangeName: network.podsRangeName,
      servicesSecondaryRangeName: network.servicesRangeName,
    },
    // Private nodes; the control plane is reached through Private Service Connect, so no master CIDR.
    // Global access as terraform-google-kubernetes-engine (master_global_access_enabled = true):
    // runners and peers in other regions of the network reach the private endpoint.
    privateClusterConfig: {
      enablePrivateNodes: true,
      enablePrivateEndpoint: !isPublic,
      masterGlobalAccessConfig: { enabled: spec.globalAccess ?? true },
    },
    // Enforced on the private endpoint too: without it any internal address reaches the API.
    masterAuthorizedNetworksConfig: {
      gcpPublicCidrsAccessEnabled: false,
      privateEndpointEnforcementEnabled: true,
      cidrBlocks: authorized,
    },
    // Auto-upgrades only in the window, never in an exclusion.
    maintenancePolicy: maintenancePolicy(scope, spec.maintenanceWindow, spec.maintenanceExclusions),
    masterAuth: { clientCertificateConfig: { issueClientCertificate: false } },
    workloadIdentityConfig: { workloadPool },
    // GKE's Gateway controller and the Gateway API CRDs (standard channel), for Application.expose.
    gatewayApiConfig: { channel: "CHANNEL_STANDARD" },
    // Dataplane V2 (eBPF) enforces NetworkPolicy without the Calico add-on.
    datapathProvider: "ADVANCED_DATAPATH",
    enableShieldedNodes: true,
    databaseEncryption: spec.secretsEncryptionKey
      ? { state: "ENCRYPTED", keyName: spec.secretsEncryptionKey }
      : undefined,
    deletionProtection: spec.deletionProtection,
    dependsOn: nodeRoles,
    lifecycle: { ignoreChanges: ["node_config", "initial_node_count"] },
  });

  spec.admins.forEach((member, i) => {
    // GKE's admin role is granted on the project: it covers every cluster in it.
    new ProjectIamMember(scope, adminId(member, i), { project: stack.project!, role: "roles/container.admin", member });
  });

  const nodePools = buildNodePools(scope, spec, { cluster, serviceAccount: nodeServiceAccount });
  // Certificate Manager: the Google-managed certificates of exposed hosts (lib/gcp/gateway-certificates.ts).
  requireApis(scope, ["compute", "container", "iam", "cloudresourcemanager", "certificatemanager"]);

  return {
    attributes: {
      name: cluster.name,
      endpoint: `https://${cluster.endpoint}`,
      caCertificate: cluster.masterAuth.clusterCaCertificate,
      workloadPool,
      resource: cluster,
      // Pods use alias IPs of their node's interface, so firewalls match them by the node's service account.
      trafficSource: { serviceAccountEmail: nodeServiceAccount.email },
      nodePoolSelector,
    },
    resources: { cluster, nodePools, nodeServiceAccount, nodeRoles },
  };
}

/** A construct id per admin from the member, so removing one admin leaves the others in place. */
function adminId(member: string, index: number): string {
  return Token.isUnresolved(member) ? `Admin${index + 1}` : `Admin-${member.replace(/[^A-Za-z0-9]+/g, "-")}`;
}
