import { EksCluster } from "@cdktf/provider-aws/lib/eks-cluster";
import { EksNodeGroup } from "@cdktf/provider-aws/lib/eks-node-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { LaunchTemplate } from "@cdktf/provider-aws/lib/launch-template";
import { ITerraformDependable } from "cdktf";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import { NODE_POOL_LABEL, type ClusterSpec, type NodePoolSpec } from "../contracts/cluster";
import { AWS_DATA } from "./data";

const EFFECTS = { NoSchedule: "NO_SCHEDULE", PreferNoSchedule: "PREFER_NO_SCHEDULE", NoExecute: "NO_EXECUTE" } as const;

export interface NodeGroupContext {
  readonly cluster: EksCluster;
  readonly nodeRole: IamRole;
  readonly subnetIds: readonly string[];
  /**
   * The node role's policy attachments (node groups must outlive them on destroy) and the add-ons
   * nodes need to become Ready (the VPC CNI first, as terraform-aws-eks's `before_compute`).
   */
  readonly dependsOn: ITerraformDependable[];
}

const NODE_GROUP_PREFIX = { ...NameRules.awsStrict, maxLength: 36 };

/**
 * `NODE_POOL_LABEL` says which pool a node is in. EKS labels nodes with their group's name
 * (`eks.amazonaws.com/nodegroup`), but Landform names groups with a prefix and EKS appends a random
 * suffix, unknown at synth, so every group also carries this label with its pool's name.
 *
 * Adding it to existing groups updates them in place, never replaces them: in hashicorp/aws's
 * `internal/service/eks/node_group.go`, `labels` is Optional without ForceNew, and
 * `resourceNodeGroupUpdate` sends a changed `labels` through `UpdateNodegroupConfig`
 * (`expandUpdateLabelsPayload`: AddOrUpdateLabels / RemoveLabels), read at a pre-6.0 commit
 * (012e0a32; the 6.25.0 tag Landform pins could not be read here). The 6.x CHANGELOG, 6.0.0 to
 * 6.31.0, changes nothing about `labels` (6.20.0 adds `node_repair_config` fields, 6.26.0
 * `update_config.update_strategy`). `terraform/` after the change differs only in `labels`.
 *
 * Cluster Autoscaler scales a group from zero for pods that select this label: for an Auto Scaling
 * group of a managed node group (its `eks:nodegroup-name` tag) it reads the group's labels and
 * taints with `eks:DescribeNodegroup` into the template node (kubernetes/autoscaler
 * `cluster-autoscaler/cloudprovider/aws/aws_manager.go` `buildNodeFromTemplate`,
 * `managed_nodegroup_cache.go`), which the autoscaler's role may call on this cluster's groups
 * (`buildAutoscalerRole`). So no `k8s.io/cluster-autoscaler/node-template/label/...` tag is
 * needed, and one on the node group would not reach its Auto Scaling group anyway (EKS does not
 * copy node group tags to it: aws/containers-roadmap#608).
 *
 * Returns the node labels that select `key`'s nodes.
 */
export function nodePoolSelector(key: string): Record<string, string> {
  return { [NODE_POOL_LABEL]: key };
}

/** One managed node group per pool, each with a launch template that enforces IMDSv2 and an encrypted root disk. */
export function buildNodeGroups(scope: Construct, spec: ClusterSpec, ctx: NodeGroupContext) {
  const nodeGroups: Record<string, EksNodeGroup> = {};
  const launchTemplates: Record<string, LaunchTemplate> = {};
  for (const pool of spec.nodePools) {
    const id = `NodePool-${pool.key}`;
    const template = launchTemplate(scope, `${id}LaunchTemplate`, pool);
    launchTemplates[pool.key] = template;
    nodeGroups[pool.key] = new EksNodeGroup(scope, id, {
      clusterName: ctx.cluster.name,
      // A prefix, so a change that replaces the group (instance type, spot) brings the new group up
      // before the old one goes; EKS appends 26 characters to it.
      nodeGroupNamePrefix: `${stackOf(scope).nameFor(scope, NODE_GROUP_PREFIX, pool.key)}-`,
      amiType:
        AWS_DATA.architectureOf(pool.machineType) === "arm64" ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD",
      nodeRoleArn: ctx.nodeRole.arn,
      subnetIds: [...ctx.subnetIds],
      version: ctx.cluster.version,
      instanceTypes: [pool.machineType],
      capacityType: pool.spot ? "SPOT" : "ON_DEMAND",
      scalingConfig: { minSize: pool.minNodes, maxSize: pool.maxNodes, desiredSize: pool.desiredNodes },
      updateConfig: { maxUnavailable: 1 },
      launchTemplate: { id: template.id, version: `${template.latestVersion}` },
      labels: { ...pool.labels, ...nodePoolSelector(pool.key) },
      taint:
        pool.taints.length > 0
          ? pool.taints.map((t) => ({ key: t.key, value: t.value, effect: EFFECTS[t.effect] }))
          : undefined,
      dependsOn: ctx.dependsOn,
      // desiredNodes is the starting size; afterwards the cluster autoscaler owns it.
      lifecycle: { ignoreChanges: ["scaling_config[0].desired_size"], createBeforeDestroy: true },
    });
  }
  return { nodeGroups, launchTemplates };
}

function launchTemplate(scope: Construct, id: string, pool: NodePoolSpec): LaunchTemplate {
  const stack = stackOf(scope);
  return new LaunchTemplate(scope, id, {
    name: stack.nameFor(scope, NameRules.awsLoose, `${pool.key}-nodes`),
    updateDefaultVersion: true,
    // IMDSv2 only, and a hop limit of 1 so pods cannot reach the node's credentials: pods get
    // their own through IRSA. Pods that need instance metadata need a hop limit of 2.
    metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
    blockDeviceMappings: [
      {
        deviceName: "/dev/xvda",
        ebs: { volumeSize: pool.diskGb, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
      },
    ],
    tagSpecifications: [
      { resourceType: "instance", tags: { ...stack.tags, Name: stack.nameFor(scope, NameRules.awsLoose, pool.key) } },
      { resourceType: "volume", tags: { ...stack.tags } },
    ],
  });
}
