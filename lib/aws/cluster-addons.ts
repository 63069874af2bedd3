import { EksAddon } from "@cdktf/provider-aws/lib/eks-addon";
import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { ClusterSpec } from "../contracts/cluster";
import { callerOf, partitionOf } from "./account";
import { EKS_ADDON_VERSIONS, EksAddonName } from "./data";
import { attachManaged, irsaTrust } from "./iam";

/** The service accounts the add-on roles trust; the chart and add-on must use these names. */
export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" };
export const AUTOSCALER_SERVICE_ACCOUNT = { namespace: "kube-system", name: "cluster-autoscaler" };

interface AddonContext {
  readonly cluster: EksCluster;
  readonly oidcProvider: IamOpenidConnectProvider;
}

/**
 * The add-ons nodes need to become Ready, created before any node group (terraform-aws-eks's
 * `before_compute`): the VPC CNI (with NetworkPolicy enforcement on, as on GKE's Dataplane V2),
 * kube-proxy and the Pod Identity agent are DaemonSets, so they go ACTIVE with no node.
 */
export function buildBootstrapAddons(scope: Construct, spec: ClusterSpec, ctx: AddonContext) {
  return {
    cni: addon(scope, "VpcCni", spec, ctx, "vpc-cni", {
      configurationValues: JSON.stringify({ enableNetworkPolicy: "true" }),
    }),
    kubeProxy: addon(scope, "KubeProxy", spec, ctx, "kube-proxy"),
    podIdentityAgent: addon(scope, "PodIdentityAgent", spec, ctx, "eks-pod-identity-agent"),
  };
}

/**
 * Add-ons that run Deployments, created after the node groups: without nodes their pods stay
 * Pending and EKS reports the add-on DEGRADED until the create times out. The EBS CSI driver gets
 * its own IRSA role, so PersistentVolumeClaims work on EKS as they do on GKE.
 */
export function buildWorkloadAddons(
  scope: Construct,
  spec: ClusterSpec,
  ctx: AddonContext,
  nodes: ITerraformDependable[],
) {
  const ebsCsiRole = irsaRole(scope, "EbsCsiRole", "ebs-csi", spec, ctx, EBS_CSI_SERVICE_ACCOUNT);
  const attachments = attachManaged(scope, ebsCsiRole, "EbsCsiRole", {
    Policy: "service-role/AmazonEBSCSIDriverPolicy",
  });
  return {
    ebsCsiRole,
    coredns: addon(scope, "CoreDns", spec, ctx, "coredns", { dependsOn: nodes }),
    ebsCsi: addon(scope, "EbsCsiDriver", spec, ctx, "aws-ebs-csi-driver", {
      serviceAccountRoleArn: ebsCsiRole.arn,
      dependsOn: [...nodes, ...attachments],
    }),
  };
}

/**
 * The IAM side of the Cluster Autoscaler: an IRSA role for `kube-system/cluster-autoscaler` with
 * the least-privilege policy of the cluster-autoscaler AWS docs. It may read any Auto Scaling
 * group and instance type, but resize or terminate only groups tagged for this cluster, which EKS
 * managed node groups are (`k8s.io/cluster-autoscaler/<cluster>` = owned,
 * `k8s.io/cluster-autoscaler/enabled` = true). The chart itself is installed from an add-ons stack.
 */
export function buildAutoscalerRole(scope: Construct, spec: ClusterSpec, ctx: AddonContext): IamRole {
  const role = irsaRole(scope, "AutoscalerRole", "autoscaler", spec, ctx, AUTOSCALER_SERVICE_ACCOUNT);
  const partition = partitionOf(scope).partition;
  const account = callerOf(scope).accountId;
  new IamRolePolicy(scope, "AutoscalerPolicy", {
    role: role.id,
    name: "cluster-autoscaler",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "Discover",
          Effect: "Allow",
          Action: [
            "autoscaling:DescribeAutoScalingGroups",
            "autoscaling:DescribeAutoScalingInstances",
            "autoscaling:DescribeLaunchConfigurations",
            "autoscaling:DescribeScalingActivities",
            "autoscaling:DescribeTags",
            "ec2:DescribeImages",
            "ec2:DescribeInstanceTypes",
            "ec2:DescribeLaunchTemplateVersions",
            "ec2:GetInstanceTypesFromInstanceRequirements",
          ],
          Resource: "*",
        },
        {
          Sid: "DescribeOwnNodeGroups",
          Effect: "Allow",
          Action: "eks:DescribeNodegroup",
          Resource: `arn:${partition}:eks:${stackOf(scope).region}:${account}:nodegroup/${spec.name}/*`,
        },
        {
          Sid: "ScaleOwnGroups",
          Effect: "Allow",
          Action: ["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"],
          Resource: "*",
          Condition: {
            StringEquals: {
              [`aws:ResourceTag/k8s.io/cluster-autoscaler/${spec.name}`]: "owned",
              "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
            },
          },
        },
      ],
    }),
  });
  return role;
}

function addon(
  scope: Construct,
  id: string,
  spec: ClusterSpec,
  ctx: AddonContext,
  name: EksAddonName,
  extra: { configurationValues?: string; serviceAccountRoleArn?: string; dependsOn?: ITerraformDependable[] } = {},
): EksAddon {
  return new EksAddon(scope, id, {
    clusterName: ctx.cluster.name,
    addonName: name,
    addonVersion: EKS_ADDON_VERSIONS[spec.version][name],
    // Adopts the self-managed copy EKS installed at creation (bootstrap_self_managed_addons).
    resolveConflictsOnCreate: "OVERWRITE",
    resolveConflictsOnUpdate: "OVERWRITE",
    ...extra,
  });
}

/** The plain name of an IRSA role of the cluster: known at synth, so other stacks can look the role up by it. */
export function irsaRoleName(scope: Construct, suffix: string): string {
  return stackOf(scope).nameFor(scope, NameRules.awsIam, suffix);
}

function irsaRole(
  scope: Construct,
  id: string,
  suffix: string,
  spec: ClusterSpec,
  ctx: AddonContext,
  account: { readonly namespace: string; readonly name: string },
): IamRole {
  const trust = irsaTrust(
    scope,
    `${id}Trust`,
    { providerArn: ctx.oidcProvider.arn, issuer: ctx.oidcProvider.url },
    account.namespace,
    account.name,
  );
  return new IamRole(scope, id, {
    name: irsaRoleName(scope, suffix),
    description: `Kubernetes service account ${account.namespace}/${account.name} on ${spec.name} (IRSA)`,
    assumeRolePolicy: trust.json,
  });
}
