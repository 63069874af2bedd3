import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import type { Cluster } from "../cluster";
import { CloudStack } from "../core/cloud-stack";
import { NameRules } from "../core/naming";
import type { KubernetesCredentials } from "../private/kubernetes";

/**
 * Endpoint, CA and the access token of the identity running Terraform (`google_client_config`,
 * fetched on each plan and apply) for the kubernetes provider. In another stack the cluster is read by name.
 */
export function credentials(scope: Construct, cluster: Cluster, local: boolean): KubernetesCredentials {
  const client = new DataGoogleClientConfig(scope, local ? "KubernetesClientConfig" : "ClientConfig", {});
  if (local) return { host: cluster.endpoint, caCertificate: cluster.caCertificate, token: client.accessToken };
  const stack = CloudStack.of(scope);
  const remote = new DataGoogleContainerCluster(scope, "Cluster", {
    name: cluster.name,
    location: stack.region,
    project: stack.project,
  });
  return {
    host: `https://${remote.endpoint}`,
    caCertificate: remote.masterAuth.get(0).clusterCaCertificate,
    token: client.accessToken,
  };
}

export interface GcpServiceAccountIdentity {
  /** The Google service account the Kubernetes service account acts as. Grant it roles. */
  readonly serviceAccount: ServiceAccount;
  /** roles/iam.workloadIdentityUser for `<project>.svc.id.goog[<namespace>/<name>]`. */
  readonly binding: ServiceAccountIamMember;
}

/** A Google service account that only the Kubernetes service account `namespace/name` can act as. */
export function buildIdentity(
  scope: Construct,
  cluster: Cluster,
  namespace: string,
  name: string,
): GcpServiceAccountIdentity {
  const stack = CloudStack.of(scope);
  const serviceAccount = new ServiceAccount(scope, "ServiceAccount", {
    accountId: stack.nameFor(scope, NameRules.gcpServiceAccount),
    displayName: `Kubernetes ${namespace}/${name} on ${cluster.name}`,
  });
  // The workload pool exists once the cluster does: in the cluster's stack, wait for it.
  const sameStack = CloudStack.of(cluster) === stack;
  const binding = new ServiceAccountIamMember(scope, "WorkloadIdentityUser", {
    serviceAccountId: serviceAccount.name,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${cluster.workloadPool}[${namespace}/${name}]`,
    dependsOn: sameStack ? [cluster.gcp.cluster] : undefined,
  });
  return { serviceAccount, binding };
}
