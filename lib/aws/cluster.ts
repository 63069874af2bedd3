import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import type { Built } from "../core/target";
import type { BuiltClusterAttributes, ClusterSpec } from "../contracts/cluster";
import { partitionOf } from "./account";
import { buildAutoscalerRole, buildBootstrapAddons, buildWorkloadAddons, irsaRoleName } from "./cluster-addons";
import { buildNodeGroups, nodePoolSelector } from "./cluster-nodes";
import { assumeRolePolicy, attachManaged } from "./iam";

export interface AwsClusterResources {
  readonly cluster: EksCluster;
  readonly clusterRole: IamRole;
  readonly nodeRole: IamRole;
  /** Node groups and their launch templates, keyed like `nodePools`. */
  readonly nodeGroups: Record<string, EksNodeGroup>;
  readonly launchTemplates: Record<string, LaunchTemplate>;
  readonly oidcProvider: IamOpenidConnectProvider;
  /** The security group that lets the network reach the private API endpoint. */
  readonly securityGroup: SecurityGroup;
  readonly logGroup: CloudwatchLogGroup;
  /** The VPC CNI add-on, with NetworkPolicy enforcement on. */
  readonly cni: EksAddon;
  /** The other managed add-ons, versions pinned per Kubernetes version. */
  readonly addons: {
    readonly kubeProxy: EksAddon;
    readonly podIdentityAgent: EksAddon;
    readonly coredns: EksAddon;
    readonly ebsCsi: EksAddon;
  };
  /** IRSA role of the EBS CSI driver's controller (kube-system/ebs-csi-controller-sa). */
  readonly ebsCsiRole: IamRole;
  /** IRSA role for the Cluster Autoscaler (kube-system/cluster-autoscaler); the chart is installed elsewhere. */
  readonly autoscalerRole: IamRole;
  /** The secrets key, when Landform created it. */
  readonly kmsKey?: KmsKey;
}

const CLUSTER_POLICIES = { ClusterPolicy: "AmazonEKSClusterPolicy" };
const NODE_POLICIES = {
  WorkerNodePolicy: "AmazonEKSWorkerNodePolicy",
  CniPolicy: "AmazonEKS_CNI_Policy",
  RegistryReadOnly: "AmazonEC2ContainerRegistryReadOnly",
};

/** An EKS cluster with envelope-encrypted secrets, control-plane logs, IRSA, access entries and managed node groups. */
export function buildCluster(scope: Construct, spec: ClusterSpec): Built<BuiltClusterAttributes, AwsClusterResources> {
  const stack = stackOf(scope);
  const network = spec.network;
  const iamName = (suffix: string) => stack.nameFor(scope, NameRules.awsIam, suffix);

  const clusterRole = new IamRole(scope, "ClusterRole", {
    name: iamName("cluster"),
    assumeRolePolicy: assumeRolePolicy("eks.amazonaws.com"),
  });
  const clusterAttachments = attachManaged(scope, clusterRole, "ClusterRole", CLUSTER_POLICIES);
  const nodeRole = new IamRole(scope, "NodeRole", {
    name: iamName("node"),
    assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
  });
  const nodeAttachments = attachManaged(scope, nodeRole, "NodeRole", NODE_POLICIES);

  let kmsKey: KmsKey | undefined;
  if (spec.secretsEncryptionKey === undefined) {
    kmsKey = new KmsKey(scope, "SecretsKey", {
      description: `Envelope encryption of Kubernetes secrets in EKS cluster ${spec.name}`,
      enableKeyRotation: true,
      deletionWindowInDays: 30,
    });
    new KmsAlias(scope, "SecretsKeyAlias", {
      name: `alias/${stack.nameFor(scope, NameRules.awsLoose, "secrets")}`,
      targetKeyId: kmsKey.keyId,
    });
  }

  // EKS would create this group itself with no expiry; creating it first sets the retention.
  const logGroup = new CloudwatchLogGroup(scope, "LogGroup", {
    name: `/aws/eks/${spec.name}/cluster`,
    retentionInDays: spec.logRetentionDays,
  });

  // The private endpoint only accepts what the cluster security group allows; this opens
  // HTTPS to the rest of the network (CI runners, bastions, VPN) and nothing else.
  const securityGroup = new SecurityGroup(scope, "ControlPlaneSecurityGroup", {
    name: stack.nameFor(scope, NameRules.awsLoose, "control-plane"),
    description: `Kubernetes API of ${spec.name} from inside the network`,
    vpcId: network.networkId,
    ingress: [
      {
        description: "Kubernetes API from the network",
        protocol: "tcp",
        fromPort: 443,
        toPort: 443,
        cidrBlocks: [network.cidr],
      },
    ],
    egress: [],
  });

  const isPublic = spec.publicAccessCidrs.length > 0;
  const cluster = new EksCluster(scope, "Resource", {
    name: spec.name,
    version: spec.version,
    roleArn: clusterRole.arn,
    vpcConfig: {
      subnetIds: [...network.privateSubnetIds],
      securityGroupIds: [securityGroup.id],
      endpointPrivateAccess: true,
      endpointPublicAccess: isPublic,
      publicAccessCidrs: isPublic ? spec.publicAccessCidrs : undefined,
    },
    encryptionConfig: { resources: ["secrets"], provider: { keyArn: spec.secretsEncryptionKey ?? kmsKey!.arn } },
    enabledClusterLogTypes: ["api", "audit", "authenticator"],
    // Access entries, not the aws-auth ConfigMap; the identity running Terraform stays admin so the
    // kubernetes provider can manage the cluster.
    accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
    // bootstrap_self_managed_addons stays at its default (true), unlike terraform-aws-eks v21: the
    // provider forces a new cluster when it changes, which would replace every existing cluster.
    // The managed add-ons below adopt the self-managed copies (resolve_conflicts OVERWRITE).
    upgradePolicy: { supportType: spec.releaseChannel === "extended" ? "EXTENDED" : "STANDARD" },
    deletionProtection: spec.deletionProtection,
    dependsOn: [...clusterAttachments, logGroup],
  });

  const issuer = cluster.identity.get(0).oidc.get(0).issuer;
  // No thumbprint_list: IAM trusts EKS's OIDC issuers through its own CA library and ignores
  // thumbprints for them, and the provider no longer requires one.
  const oidcProvider = new IamOpenidConnectProvider(scope, "OidcProvider", {
    url: issuer,
    clientIdList: ["sts.amazonaws.com"],
  });

  spec.admins.forEach((principal, i) => {
    const id = adminId(principal, i);
    const entry = new EksAccessEntry(scope, id, {
      clusterName: cluster.name,
      principalArn: principal,
      type: "STANDARD",
    });
    new EksAccessPolicyAssociation(scope, `${id}Policy`, {
      clusterName: cluster.name,
      principalArn: entry.principalArn,
      policyArn: `arn:${partitionOf(scope).partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: "cluster" },
    });
  });

  const addonContext = { cluster, oidcProvider };
  const { cni, kubeProxy, podIdentityAgent } = buildBootstrapAddons(scope, spec, addonContext);
  const { nodeGroups, launchTemplates } = buildNodeGroups(scope, spec, {
    cluster,
    nodeRole,
    subnetIds: network.privateSubnetIds,
    dependsOn: [...nodeAttachments, cni, kubeProxy, podIdentityAgent],
  });
  const { coredns, ebsCsi, ebsCsiRole } = buildWorkloadAddons(scope, spec, addonContext, Object.values(nodeGroups));
  const autoscalerRole = buildAutoscalerRole(scope, spec, addonContext);

  return {
    attributes: {
      name: cluster.name,
      endpoint: cluster.endpoint,
      caCertificate: cluster.certificateAuthority.get(0).data,
      oidcIssuer: oidcProvider.url,
      oidcProviderArn: oidcProvider.arn,
      autoscalerRoleArn: autoscalerRole.arn,
      autoscalerRoleName: irsaRoleName(scope, "autoscaler"),
      resource: cluster,
      // Managed node groups (and so pods) run in the security group EKS creates for the cluster.
      trafficSource: { securityGroupId: cluster.vpcConfig.clusterSecurityGroupId },
      nodePoolSelector,
    },
    resources: {
      cluster,
      clusterRole,
      nodeRole,
      nodeGroups,
      launchTemplates,
      oidcProvider,
      cni,
      addons: { kubeProxy, podIdentityAgent, coredns, ebsCsi },
      ebsCsiRole,
      autoscalerRole,
      securityGroup,
      logGroup,
      kmsKey,
    },
  };
}

/** A construct id per admin from its ARN, so removing one admin leaves the others in place. */
export function adminId(principal: string, index: number): string {
  return Token.isUnresolved(principal)
    ? `Admin${index + 1}`
    : `Admin-${principal.replace(/^arn:[^:]*:iam::/, "").replace(/[^A-Za-z0-9]+/g, "-")}`;
}
