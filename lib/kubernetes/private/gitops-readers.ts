import { ClusterRoleBindingV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-binding-v1";
import { ClusterRoleV1 } from "@cdktf/provider-kubernetes/lib/cluster-role-v1";
import { TerraformProvider } from "cdktf";
import { Construct } from "constructs";

/** The Kubernetes group EKS access entries of cluster readers carry, bound by `gitopsReaders`. */
export const READERS_GROUP = "landform-cluster-readers";

/**
 * Read (get, list, watch) on the custom resources Landform's agent stacks declare: Flux sources
 * and tofu-controller Terraform objects. Kubernetes' `view` role (and EKS's AmazonEKSViewPolicy)
 * covers built-in kinds only, so without this a plan of an `<env>-agent` stack cannot refresh them.
 * Nothing in these objects is secret: credentials are referenced by Secret name.
 */
export function gitopsReaders(
  scope: Construct,
  provider: TerraformProvider,
  subjects: { readonly kind: "User" | "Group"; readonly name: string }[],
): void {
  const role = new ClusterRoleV1(scope, "GitOpsReader", {
    provider,
    metadata: { name: "landform-gitops-reader" },
    rule: [
      {
        apiGroups: ["source.toolkit.fluxcd.io"],
        resources: ["gitrepositories", "ocirepositories"],
        verbs: ["get", "list", "watch"],
      },
      { apiGroups: ["infra.contrib.fluxcd.io"], resources: ["terraforms"], verbs: ["get", "list", "watch"] },
    ],
  });
  new ClusterRoleBindingV1(scope, "GitOpsReaders", {
    provider,
    metadata: { name: "landform-gitops-readers" },
    roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: role.metadata.name },
    subject: subjects.map((s) => ({ ...s, apiGroup: "rbac.authorization.k8s.io" })),
  });
}
