import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Construct } from "constructs";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";
import type { ICluster } from "../contracts/cluster";
import { irsaTrust } from "./iam";

/**
 * Endpoint and CA of the cluster, looked up by name, and `aws eks get-token` as an exec plugin:
 * a fresh 15-minute token on every plan and apply, never stored in the plan or the state.
 */
export function credentials(scope: Construct, cluster: ICluster): KubernetesCredentials {
  const remote = new DataAwsEksCluster(scope, "Cluster", { name: cluster.name });
  return {
    host: remote.endpoint,
    caCertificate: remote.certificateAuthority.get(0).data,
    exec: {
      apiVersion: "client.authentication.k8s.io/v1beta1",
      command: "aws",
      args: ["eks", "get-token", "--cluster-name", cluster.name, "--region", stackOf(scope).region, "--output", "json"],
    },
  };
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
  const trust = irsaTrust(scope, "Trust", oidcOf(scope, cluster), namespace, name);
  const role = new IamRole(scope, "Role", {
    name: stackOf(scope).nameFor(scope, NameRules.awsIam),
    description: `Kubernetes service account ${namespace}/${name} on ${cluster.name} (IRSA)`,
    assumeRolePolicy: trust.json,
  });
  return {
    attributes: {
      identity: { name: role.name, id: role.arn, principal: role.arn, cloud: "aws" },
      annotations: { "eks.amazonaws.com/role-arn": role.arn },
    },
    resources: { role, trustPolicy: trust },
  };
}

/** The cluster's OIDC issuer and IAM provider: as given for an imported cluster, else looked up by the cluster's name. */
function oidcOf(scope: Construct, cluster: ICluster): { readonly issuer: string; readonly providerArn: string } {
  if (cluster.oidcIssuer !== undefined && cluster.oidcProviderArn !== undefined && cluster.resource === undefined) {
    return { issuer: cluster.oidcIssuer, providerArn: cluster.oidcProviderArn };
  }
  // In a stack of its own the cluster's attributes would cross stacks through state; its name does not.
  const eks = new DataAwsEksCluster(scope, "ClusterLookup", { name: cluster.name });
  const issuer = eks.identity.get(0).oidc.get(0).issuer;
  const provider = new DataAwsIamOpenidConnectProvider(scope, "OidcProvider", { url: issuer });
  return { issuer, providerArn: provider.arn };
}
