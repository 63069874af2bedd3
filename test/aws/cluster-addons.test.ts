import { Cluster, ClusterProps, KUBERNETES_VERSIONS, Network } from "../../lib";
import { EKS_ADDON_VERSIONS } from "../../lib/aws/data";
import { resourcesOf, synth, testStack, TerraformJson } from "../helpers";

const ADMIN = "arn:aws:iam::123456789012:role/platform-admins";

function eks(props: Omit<ClusterProps, "network"> = {}, environment = "dev") {
  const stack = testStack("aws", { environment });
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, "cluster", { network, ...props });
  return { stack, cluster, ...synth(stack) };
}

/** Resources of a type keyed by their construct id (the part of the address before the hash). */
function byId(config: TerraformJson, type: string): Record<string, Record<string, unknown>> {
  const all = config.resource?.[type] ?? {};
  return Object.fromEntries(Object.entries(all).map(([key, value]) => [key.replace(/_[0-9A-F]{8}$/, ""), value]));
}

const address = (config: TerraformJson, type: string, id: string) =>
  `${type}.${Object.keys(config.resource?.[type] ?? {}).find((k) => k.replace(/_[0-9A-F]{8}$/, "") === id)}`;

describe("F9: managed EKS add-ons, pinned per Kubernetes version", () => {
  test("every version EKS offers has a pinned version of every add-on", () => {
    expect(Object.keys(EKS_ADDON_VERSIONS).sort()).toEqual(Object.keys(KUBERNETES_VERSIONS.aws).sort());
    for (const row of Object.values(EKS_ADDON_VERSIONS)) {
      for (const version of Object.values(row)) expect(version).toMatch(/^v\d+\.\d+\.\d+-eksbuild\.\d+$/);
    }
  });

  test.each(["1.32", "1.33", "1.34"])("Kubernetes %s gets the table's addon_version of each add-on", (version) => {
    const { config } = eks({ version });
    const addons = Object.fromEntries(resourcesOf(config, "aws_eks_addon").map((a) => [a.addon_name, a.addon_version]));
    expect(addons).toEqual(EKS_ADDON_VERSIONS[version]);
  });

  test("vpc-cni, kube-proxy and the pod identity agent come before the node groups; coredns and EBS CSI after", () => {
    const { config } = eks();
    const addons = byId(config, "aws_eks_addon");
    const nodeGroup = address(config, "aws_eks_node_group", "cluster_NodePool-default");
    const nodeDeps = Object.values(config.resource!.aws_eks_node_group)[0].depends_on as string[];
    for (const id of ["cluster_VpcCni", "cluster_KubeProxy", "cluster_PodIdentityAgent"]) {
      expect(nodeDeps).toContain(address(config, "aws_eks_addon", id));
      expect(addons[id].depends_on ?? []).not.toContain(nodeGroup);
    }
    expect(addons["cluster_CoreDns"].depends_on).toContain(nodeGroup);
    expect(addons["cluster_EbsCsiDriver"].depends_on).toContain(nodeGroup);
    expect(addons["cluster_VpcCni"].configuration_values).toBe(JSON.stringify({ enableNetworkPolicy: "true" }));
  });

  test("the EBS CSI driver runs as its own IRSA role with AmazonEBSCSIDriverPolicy, trusted only by its controller", () => {
    const { config } = eks();
    const role = byId(config, "aws_iam_role")["cluster_EbsCsiRole"];
    expect(byId(config, "aws_eks_addon")["cluster_EbsCsiDriver"].service_account_role_arn).toBe(
      `\${${address(config, "aws_iam_role", "cluster_EbsCsiRole")}.arn}`,
    );
    const attachment = byId(config, "aws_iam_role_policy_attachment")["cluster_EbsCsiRolePolicy"];
    expect(attachment.policy_arn).toBe(
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
    );
    const trustKey = Object.keys(config.data!.aws_iam_policy_document).find((k) =>
      k.startsWith("cluster_EbsCsiRoleTrust"),
    )!;
    expect(role.assume_role_policy).toBe(`\${data.aws_iam_policy_document.${trustKey}.json}`);
    const conditions = (config.data!.aws_iam_policy_document[trustKey].statement as Record<string, unknown>[])[0]
      .condition as Record<string, unknown>[];
    expect(conditions.map((c) => c.values)).toEqual([
      ["system:serviceaccount:kube-system:ebs-csi-controller-sa"],
      ["sts.amazonaws.com"],
    ]);
  });

  test("bootstrap_self_managed_addons is left unset: changing it would replace existing clusters", () => {
    const { config } = eks();
    expect(Object.values(config.resource!.aws_eks_cluster)[0]).not.toHaveProperty("bootstrap_self_managed_addons");
  });
});

describe("F8: the Cluster Autoscaler's IAM side", () => {
  test("an IRSA role for kube-system/cluster-autoscaler, exposed on the build result", () => {
    const { config, cluster } = eks();
    const trustKey = Object.keys(config.data!.aws_iam_policy_document).find((k) =>
      k.startsWith("cluster_AutoscalerRoleTrust"),
    )!;
    const statement = (config.data!.aws_iam_policy_document[trustKey].statement as Record<string, unknown>[])[0];
    expect((statement.condition as Record<string, unknown>[])[0].values).toEqual([
      "system:serviceaccount:kube-system:cluster-autoscaler",
    ]);
    expect(byId(config, "aws_iam_role")["cluster_AutoscalerRole"].name).toBe("aws-test-cluster-autoscaler");
    expect(cluster.aws.autoscalerRole).toBeDefined();
  });

  test("may resize and terminate only Auto Scaling groups tagged for this cluster", () => {
    const { config } = eks();
    const policy = JSON.parse(byId(config, "aws_iam_role_policy")["cluster_AutoscalerPolicy"].policy as string);
    const scale = policy.Statement.find((s: { Sid: string }) => s.Sid === "ScaleOwnGroups");
    expect(scale.Action).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
    expect(scale.Condition).toEqual({
      StringEquals: {
        "aws:ResourceTag/k8s.io/cluster-autoscaler/aws-test-cluster": "owned",
        "aws:ResourceTag/k8s.io/cluster-autoscaler/enabled": "true",
      },
    });
    const writes = policy.Statement.flatMap((s: { Action: string | string[] }) => [s.Action].flat()).filter(
      (a: string) => !/:(Describe|Get)/.test(a),
    );
    expect(writes).toEqual(["autoscaling:SetDesiredCapacity", "autoscaling:TerminateInstanceInAutoScalingGroup"]);
  });
});

describe("F14: a named admin on production clusters", () => {
  test("a production EKS cluster with no admins fails, naming the prop and the fix", () => {
    expect(() => eks({}, "prod")).toThrow(
      `Cluster 'aws-test/cluster': admins [] names no IAM role, but a production EKS cluster needs at least one admin besides the identity that first applied it; add the ARN of a role your platform team or CI assumes, e.g. admins: ["arn:aws:iam::123456789012:role/platform-admins"].`,
    );
  });

  test("with an admin it builds, and dev needs none", () => {
    expect(() => eks({ admins: [ADMIN] }, "prod")).not.toThrow();
    expect(() => eks({}, "dev")).not.toThrow();
  });
});

describe("F23: partition-aware ARNs on clusters", () => {
  test("managed policies and the EKS access policy use data aws_partition", () => {
    const { config } = eks({ admins: [ADMIN] });
    const arns = [
      ...resourcesOf(config, "aws_iam_role_policy_attachment").map((a) => a.policy_arn as string),
      ...resourcesOf(config, "aws_eks_access_policy_association").map((a) => a.policy_arn as string),
    ];
    expect(arns.length).toBeGreaterThan(4);
    for (const arn of arns) expect(arn).toMatch(/^arn:\$\{data\.aws_partition\.AwsPartition\.partition\}:/);
  });
});
