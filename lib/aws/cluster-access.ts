import { DataAwsEksCluster } from "@cdktf/provider-aws/lib/data-aws-eks-cluster";
import { DataAwsIamOpenidConnectProvider } from "@cdktf/provider-aws/lib/data-aws-iam-openid-connect-provider";
import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { atSynth } from "../kubernetes/private/agent-grants";
import { gitopsReaders, READERS_GROUP } from "../kubernetes/private/gitops-readers";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built, ClusterReadersRequest, KubernetesCredentials, ServiceAccountIdentity } from "../core/target";
import type { ICluster } from "../contracts/cluster";
import { partitionOf } from "./account";
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

/**
 * Read-only access for each reader, in the cluster's stack: an EKS access entry (group
 * `landform-cluster-readers`, which may read the GitOps custom resources) with
 * AmazonEKSViewPolicy on the whole cluster (Kubernetes `view`: no Secrets, no exec) and
 * AmazonEKSSecretReaderPolicy (get, list, watch on Secrets, nothing else) in the reader's
 * namespaces, where Helm keeps its release records. Not AmazonEKSAdminViewPolicy: its `get` on
 * every resource includes pods/exec, which a WebSocket exec needs on Kubernetes before 1.35
 * (kubernetes/kubernetes#134577, AuthorizePodWebsocketUpgradeCreatePermission). Policies and
 * their rules: Amazon EKS User Guide, "Review access policy permissions"
 * (awsdocs/amazon-eks-user-guide latest/ug/manage-access/k8s-access/access-policy-reference.adoc).
 */
export function grantReaders(scope: Construct, request: ClusterReadersRequest): void {
  const policy = (name: string) => `arn:${partitionOf(scope).partition}:eks::aws:cluster-access-policy/${name}`;
  request.readers.forEach((reader, i) => {
    const id = readerId(reader.identity, i);
    const entry = new EksAccessEntry(scope, id, {
      clusterName: request.clusterName,
      principalArn: reader.identity,
      type: "STANDARD",
      // Bound by RBAC in the add-ons stack to read the GitOps custom resources (below).
      kubernetesGroups: [READERS_GROUP],
    });
    new EksAccessPolicyAssociation(scope, `${id}View`, {
      clusterName: request.clusterName,
      principalArn: entry.principalArn,
      policyArn: policy("AmazonEKSViewPolicy"),
      accessScope: { type: "cluster" },
    });
    // The add-ons stack's releases are all declared once the app is built.
    const holder = new Construct(scope, `${id}Secrets`);
    atSynth(holder, () => {
      const namespaces = request.namespacesOf(reader);
      if (namespaces.length === 0 || holder.node.tryFindChild("Policy")) return;
      new EksAccessPolicyAssociation(holder, "Policy", {
        clusterName: request.clusterName,
        principalArn: entry.principalArn,
        policyArn: policy("AmazonEKSSecretReaderPolicy"),
        accessScope: { type: "namespace", namespaces },
      });
    });
  });
  // The access policies cover built-in kinds only: the agent stacks' Flux and tofu-controller
  // objects are read through RBAC bound to the entries' group.
  const { provider, scope: connection } = request.kubernetes();
  gitopsReaders(new Construct(connection, "Readers"), provider, [{ kind: "Group", name: READERS_GROUP }]);
}

/** A construct id per reader from its ARN, so removing one reader leaves the others in place. */
function readerId(principal: string, index: number): string {
  return Token.isUnresolved(principal)
    ? `Reader${index + 1}`
    : `Reader-${principal.replace(/^arn:[^:]*:iam::/, "").replace(/[^A-Za-z0-9]+/g, "-")}`;
}
