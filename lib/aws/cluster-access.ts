import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsEksClusterAuth } from "@cdktf/provider-aws/lib/data-aws-eks-cluster-auth";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { ICluster } from "../spec/cluster";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import { invalidConfig } from "../core/errors";
import type { Built, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";

/**
 * Endpoint, CA and a short-lived token (`aws_eks_cluster_auth`, valid 15 minutes, fetched on each
 * plan and apply) for the kubernetes provider. In another stack the cluster is read by name.
 */
export function credentials(
  scope: Construct,
  cluster: ICluster,
  local?: { readonly name: string; readonly endpoint: string; readonly caCertificate: string },
): KubernetesCredentials {
  const auth = new DataAwsEksClusterAuth(scope, local ? "KubernetesAuth" : "Auth", {
    name: local ? local.name : cluster.name,
  });
  if (local) return { host: local.endpoint, caCertificate: local.caCertificate, token: auth.token };
  const remote = new DataAwsEksCluster(scope, "Cluster", { name: cluster.name });
  return { host: remote.endpoint, caCertificate: remote.certificateAuthority.get(0).data, token: auth.token };
}

export interface AwsServiceAccountIdentity {
  /** The IAM role the service account's pods assume (IRSA). Attach policies to it. */
  readonly role: IamRole;
  /** Its trust policy: only this service account, through the cluster's OIDC provider. */
  readonly trustPolicy: DataAwsIamPolicyDocument;
}

/** An IAM role only the one Kubernetes service account `namespace/name` of `cluster` can assume. */
export function buildIdentity(
  scope: Construct,
  cluster: ICluster,
  namespace: string,
  name: string,
): Built<ServiceAccountIdentity, AwsServiceAccountIdentity> {
  const { oidcProviderArn, oidcIssuer } = cluster;
  if (oidcProviderArn === undefined || oidcIssuer === undefined) {
    throw invalidConfig(
      scope,
      `cluster '${cluster.node.path}' has no oidcProviderArn and oidcIssuer, which IRSA needs`,
      "pass both to Cluster.fromAttributes",
    );
  }
  const issuer = Fn.replace(oidcIssuer, "https://", "");
  // A policy document, not JSON.stringify: the condition keys hold the issuer, known only at apply.
  const trust = new DataAwsIamPolicyDocument(scope, "Trust", {
    statement: [
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [oidcProviderArn] }],
        condition: [
          { test: "StringEquals", variable: `${issuer}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
          { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ],
  });
  const role = new IamRole(scope, "Role", {
    name: stackOf(scope).nameFor(scope, NameRules.awsIam),
    description: `Kubernetes service account ${namespace}/${name} on ${cluster.name} (IRSA)`,
    assumeRolePolicy: trust.json,
  });
  return {
    attributes: {
      identity: { name: role.name, id: role.arn, principal: role.arn },
      annotations: { "eks.amazonaws.com/role-arn": role.arn },
    },
    resources: { role, trustPolicy: trust },
  };
}
