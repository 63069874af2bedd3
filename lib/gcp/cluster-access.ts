import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";
import type { ICluster } from "../contracts/cluster";

/**
 * Endpoint and CA of the cluster, looked up by name, and `gke-gcloud-auth-plugin` as an exec
 * plugin: a fresh token on every plan and apply, never the runner's access token in state
 * (`google_client_config` would store it).
 */
export function credentials(scope: Construct, cluster: ICluster): KubernetesCredentials {
  const stack = stackOf(scope);
  const remote = new DataGoogleContainerCluster(scope, "Cluster", {
    name: cluster.name,
    location: stack.region,
    project: stack.project,
  });
  return {
    host: `https://${remote.endpoint}`,
    caCertificate: remote.masterAuth.get(0).clusterCaCertificate,
    exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin", args: [] },
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
  // The workload pool exists once the cluster does; the stack's dependency on the cluster's orders it.
  const binding = new ServiceAccountIamMember(scope, "WorkloadIdentityUser", {
    serviceAccountId: serviceAccount.name,
    role: "roles/iam.workloadIdentityUser",
    member: `serviceAccount:${cluster.workloadPool ?? `${stack.project}.svc.id.goog`}[${namespace}/${name}]`,
  });
  return {
    attributes: {
      identity: {
        name: serviceAccount.email,
        id: serviceAccount.email,
        principal: serviceAccount.member,
        cloud: "gcp",
      },
      annotations: { "iam.gke.io/gcp-service-account": serviceAccount.email },
    },
    resources: { serviceAccount, binding },
  };
}
