import { DataGoogleContainerCluster } from "@cdktf/provider-google/lib/data-google-container-cluster";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { RoleBindingV1 } from "@cdktf/provider-kubernetes/lib/role-binding-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { atSynth } from "../kubernetes/private/agent-grants";
import { gitopsReaders } from "../kubernetes/private/gitops-readers";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built, ClusterReadersRequest, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";
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

/** The ClusterRole of Secret reads that readers are bound to per namespace. */
export const SECRET_READER_ROLE = "landform-secret-reader";

/**
 * Read-only access for each reader. In the cluster's stack: roles/container.clusterViewer on the
 * project, which only lets the identity get the cluster's endpoint and credentials (GKE then
 * authorizes it through RBAC). In the add-ons stack, whose kubernetes provider can reach the
 * cluster: a ClusterRoleBinding to the built-in `view` ClusterRole (no Secrets, no exec), and in
 * each of the reader's namespaces a RoleBinding to a ClusterRole that allows only get, list and
 * watch on Secrets, where Helm keeps its release records. GKE names a Google service account in
 * RBAC by its email, as a User.
 */
export function grantReaders(scope: Construct, request: ClusterReadersRequest): void {
  const stack = stackOf(scope);
  request.readers.forEach((reader, i) => {
    new ProjectIamMember(scope, readerId(reader.identity, i), {
      project: stack.project!,
      role: "roles/container.clusterViewer",
      member: `serviceAccount:${reader.identity}`,
    });
  });
  const { provider, scope: connection } = request.kubernetes();
  const holder = new Construct(connection, "Readers");
  const user = (identity: string) => ({ kind: "User", name: identity, apiGroup: "rbac.authorization.k8s.io" });
  new ClusterRoleBindingV1(holder, "View", {
    provider,
    metadata: { name: "landform-cluster-readers" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
    subject: request.readers.map((r) => user(r.identity)),
  });
  // `view` covers built-in kinds only: the agent stacks' Flux and tofu-controller objects too.
  gitopsReaders(
    holder,
    provider,
    request.readers.map((r) => ({ kind: "User" as const, name: r.identity })),
  );
  const secretReader = new ClusterRoleV1(holder, "SecretReader", {
    provider,
    metadata: { name: SECRET_READER_ROLE },
    rule: [{ apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] }],
  });
  // The add-ons stack's releases (and so the default namespaces) are all declared once the app is built.
  atSynth(holder, () => {
    const byNamespace = new Map<string, string[]>();
    for (const reader of request.readers)
      for (const ns of request.namespacesOf(reader))
        byNamespace.set(ns, [...(byNamespace.get(ns) ?? []), reader.identity]);
    for (const [namespace, identities] of [...byNamespace.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const id = `Secrets-${namespace}`;
      if (holder.node.tryFindChild(id)) continue;
      new RoleBindingV1(holder, id, {
        provider,
        metadata: { name: SECRET_READER_ROLE, namespace },
        roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: secretReader.metadata.name },
        subject: identities.map(user),
        // Helm creates the namespaces of its releases.
        ...(request.releasesIn(namespace).length > 0 ? { dependsOn: request.releasesIn(namespace) } : {}),
      });
    }
  });
}

/** A construct id per reader from its email, so removing one reader leaves the others in place. */
function readerId(identity: string, index: number): string {
  return Token.isUnresolved(identity) ? `Reader${index + 1}` : `Reader-${identity.replace(/[^A-Za-z0-9]+/g, "-")}`;
}
