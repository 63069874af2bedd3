import { DataGoogleClientConfig } from "@cdktf/provider-google/lib/data-google-client-config";
import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import type { ICluster } from "../spec/cluster";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import type { Built, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";

/**
 * Endpoint, CA and the access token of the identity running Terraform (`google_client_config`,
 * fetched on each plan and apply) for the kubernetes provider. In another stack the cluster is read by name.
 */
export function credentials(
  scope: Construct,
  cluster: ICluster,
  local?: { readonly endpoint: string; readonly caCertificate: string },
): KubernetesCredentials {
  const client = new DataGoogleClientConfig(scope, local ? "KubernetesClientConfig" : "ClientConfig", {});
  if (local) return { host: local.endpoint, caCertificate: local.caCertificate, token: client.accessToken };
  const stack = stackOf(scope);
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
  cluster: ICluster,
  namespace: string,
  name: string,
): Built<ServiceAccountIdentity, GcpServiceAccountIdentity> {
  const stack = stackOf(scope);
  const serviceAccount = new ServiceAccount(scope, "ServiceAccount", {
    accountId: stack.nameFor(scope, NameRules.gcpServiceAccount),
    displayName: `Kubernetes ${namespace}/${name} on ${cluster.name}`,
  });
  // The workload pool exists once the cluster does: in the cluster's stack, wait for it.
  const sameStack = cluster.resource !== undefined && stackOf(cluster) === stack;
  const binding = new ServiceAccountIamMember(scope, "WorkloadIdentityUser", {
    serviceAccountId: serviceAccount.name,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${cluster.workloadPool ?? `${stack.project}.svc.id.goog`}[${namespace}/${name}]`,
    dependsOn: sameStack ? [cluster.resource!] : undefined,
  });
  return {
    attributes: {
      identity: { name: serviceAccount.email, id: serviceAccount.email, principal: serviceAccount.member },
      annotations: { "iam.gke.io/gcp-service-account": serviceAccount.email },
    },
    resources: { serviceAccount, binding },
  };
}
