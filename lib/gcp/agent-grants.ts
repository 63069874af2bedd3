import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import type { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import type { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { StackInfo } from "../core/stack-info";
import { invalidConfig } from "../core/errors";
import type { AgentGrantRequest } from "../core/target";
import {
  atSynth,
  backendOf,
  derivedGrants,
  literalOf,
  REMOTE_STATE,
  remoteStatesOf,
  typesIn,
} from "../kubernetes/private/agent-grants";

// The project roles a resource type needs. The project is the environment's (one per environment),
// so the grant is scoped to it. Types not listed here fail the grant.
const RESOURCE_ROLES: Readonly<Record<string, string>> = {
  google_service_account: "roles/iam.serviceAccountAdmin",
  google_service_account_iam_member: "roles/iam.serviceAccountAdmin",
  google_service_account_iam_binding: "roles/iam.serviceAccountAdmin",
  // Database.grantRead binds a workload's account on one secret; setting a secret's IAM policy needs
  // secretmanager.secrets.setIamPolicy, which only the admin role holds among predefined roles.
  google_secret_manager_secret_iam_member: "roles/secretmanager.admin",
  // Application.expose with TLS: Google-managed certificates in a certificate map.
  google_certificate_manager_certificate: "roles/certificatemanager.editor",
  google_certificate_manager_certificate_map: "roles/certificatemanager.editor",
  google_certificate_manager_certificate_map_entry: "roles/certificatemanager.editor",
};
const DATA_ROLES: Readonly<Record<string, string | null>> = {
  // Reading the cluster's endpoint; GKE also wants container.clusters.get before RBAC is consulted.
  google_container_cluster: "roles/container.clusterViewer",
  google_client_config: null,
  google_project: null,
  // Reads another stack's state: granted on exactly that prefix (grantRemoteStateReads).
  [REMOTE_STATE]: null,
};

/**
 * Read-only grants on the states `stack` reads through terraform_remote_state (cdktf's cross-stack
 * references): roles/storage.objectViewer on the objects under each state's prefix, never the
 * bucket itself nor a write. OpenTofu's GCS backend reads `<prefix>/<workspace>.tfstate` with one
 * object get (opentofu internal/backend/remote-state/gcs/backend_state.go, StateMgr). Idempotent.
 */
function grantRemoteStateReads(holder: Construct, stack: StackInfo & TerraformStack, member: string): void {
  const seen = new Set<string>();
  for (const read of remoteStatesOf(stack)) {
    if (read.backend !== "gcs")
      throw invalidConfig(
        stack,
        `the GitOps agent cannot be granted stack '${stack.node.id}': its terraform_remote_state '${read.id}' reads a ${read.backend} backend, and Landform grants reads of GCS state only`,
        "keep the stacks it reads in GCS state, or grant the runner service account that read through agent.identityResources and leave the stack to CI",
      );
    const bucket = literalOf(stack, read, "bucket", true);
    const prefix = literalOf(stack, read, "prefix", true).replace(/\/+$/, "");
    const objects = `projects/_/buckets/${bucket}/objects/${prefix}/`;
    if (seen.has(objects)) continue;
    seen.add(objects);
    const id = `ReadState-${read.id}`;
    if (holder.node.tryFindChild(id)) continue;
    new StorageBucketIamMember(holder, id, {
      bucket,
      role: "roles/storage.objectViewer",
      member,
      condition: {
        title: `landform-state-read-${prefix.split("/").pop()}`.slice(0, 100),
        description: `State under ${prefix}, read by ${stack.node.id} through terraform_remote_state`.slice(0, 256),
        expression: `resource.name.startsWith("${objects}")`,
      },
    });
  }
}

/**
 * The runner service account's grants to apply one stack: its state objects (an IAM condition on
 * the stack's prefix), the cluster (container.clusterViewer plus a cluster-admin RBAC binding, since
 * the stack creates namespaces) and the project roles its resources need.
 */
export function grantAgentApply(scope: Construct, request: AgentGrantRequest): void {
  const stack = request.stack as StackInfo & TerraformStack;
  const serviceAccount = (request.identityResources as { serviceAccount: ServiceAccount }).serviceAccount;
  const name = stack.node.id;
  const member = serviceAccount.member;
  const backend = backendOf(stack)?.gcs;
  if (!backend || typeof backend.bucket !== "string" || typeof backend.prefix !== "string")
    throw invalidConfig(
      stack,
      `the GitOps agent cannot be granted stack '${name}': it keeps no GCS state`,
      "give the stack a GCS backend (StateBackend.gcs), or leave it to CI",
    );
  const holder = new Construct(scope, `Apply-${name}`);
  const objects = `projects/_/buckets/${backend.bucket}/objects/${backend.prefix}/`;
  new StorageBucketIamMember(holder, "State", {
    bucket: backend.bucket,
    role: "roles/storage.objectUser",
    member,
    // Objects under the stack's prefix, and the bucket itself for the backend's listing.
    condition: {
      title: `landform-state-${name}`.slice(0, 100),
      description: `State of ${name}, applied by the GitOps agent`,
      expression: `resource.type == "storage.googleapis.com/Bucket" || resource.name.startsWith("${objects}")`,
    },
  });
  // The remote states the stack reads exist once the app has resolved its cross-stack references,
  // which may be after this call: their grants are added when the add-ons stack is synthesized.
  atSynth(holder, () => grantRemoteStateReads(holder, stack, member));

  const types = typesIn(stack);
  const fix = "grant the runner service account what it needs through agent.identityResources";
  const roles = new Set([
    ...derivedGrants(
      stack,
      types.resources,
      "resource type",
      (t) => RESOURCE_ROLES[t],
      `${fix}, and remove the grantApply call, or leave the stack to CI`,
    ),
    ...derivedGrants(stack, types.data, "data source", (t) => DATA_ROLES[t], `${fix}, or leave the stack to CI`),
  ]);
  if (request.first) roles.add("roles/container.clusterViewer");
  for (const role of [...roles].sort()) {
    const id = `Project-${role.replace(/^roles\//, "").replace(/\./g, "-")}`;
    if (scope.node.tryFindChild(id)) continue;
    new ProjectIamMember(scope, id, { project: stack.project!, role, member });
  }

  if (request.first) {
    // GKE authorizes a Google identity through RBAC, by its email as the user name.
    new ClusterRoleBindingV1(scope, "ClusterAccess", {
      provider: request.kubernetesProvider(),
      metadata: { name: "landform-gitops-agent-runner" },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "cluster-admin" },
      subject: [{ kind: "User", name: serviceAccount.email, apiGroup: "rbac.authorization.k8s.io" }],
    });
  }
}
