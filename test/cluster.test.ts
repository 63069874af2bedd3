import { Cloud, Cluster, ClusterProps, KUBERNETES_VERSIONS, Network, NetworkProps } from "../lib";
import { CLOUDS, once, onlyResource, resourcesOf, resourceTypes, synth, testStack } from "./helpers";

type Props = Omit<ClusterProps, "network">;

function cluster(cloud: Cloud, props: Props = {}, environment = "dev", networkProps: NetworkProps = {}) {
  const stack = testStack(cloud, { environment });
  const network = new Network(stack, "network", networkProps);
  const c = new Cluster(stack, "cluster", { network, ...props });
  return { stack, network, cluster: c, ...synth(stack) };
}
/** The same, built once per scenario for the tests that only read it. */
const scenario = once(cluster);

const ADMIN_ARN = "arn:aws:iam::123456789012:role/platform-admins";
const policyArns = (config: ReturnType<typeof cluster>["config"], roleId: string) =>
  resourcesOf(config, "aws_iam_role_policy_attachment")
    .filter((a) => (a.role as string).includes(roleId))
    .map((a) => a.policy_arn)
    .sort();

describe("Cluster on aws", () => {
  test("defaults: private EKS 1.33, encrypted secrets, control-plane logs, OIDC provider, one node group", () => {
    const { config } = scenario("aws");
    expect(
      resourceTypes(config).filter((t) => !/vpc|subnet|route|nat|eip|internet|flow|default_security/.test(t)),
    ).toEqual([
      "aws_cloudwatch_log_group",
      "aws_eks_addon",
      "aws_eks_cluster",
      "aws_eks_node_group",
      "aws_iam_openid_connect_provider",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_iam_role_policy_attachment",
      "aws_kms_alias",
      "aws_kms_key",
      "aws_launch_template",
      "aws_security_group",
    ]);
    const eks = onlyResource(config, "aws_eks_cluster");
    expect(eks).toMatchObject({
      name: "aws-test-cluster",
      version: "1.33",
      enabled_cluster_log_types: ["api", "audit", "authenticator"],
      access_config: { authentication_mode: "API", bootstrap_cluster_creator_admin_permissions: true },
      upgrade_policy: { support_type: "STANDARD" },
      deletion_protection: false,
      encryption_config: {
        resources: ["secrets"],
        provider: { key_arn: expect.stringMatching(/^\$\{aws_kms_key\..*\.arn\}$/) },
      },
    });
    expect(eks.vpc_config).toEqual({
      subnet_ids: [expect.stringContaining("PrivateSubnet1"), expect.stringContaining("PrivateSubnet2")],
      security_group_ids: [expect.stringMatching(/^\$\{aws_security_group\./)],
      endpoint_private_access: true,
      endpoint_public_access: false,
    });
    expect(onlyResource(config, "aws_kms_key")).toMatchObject({
      enable_key_rotation: true,
      deletion_window_in_days: 30,
    });
    expect(onlyResource(config, "aws_kms_alias").name).toBe("alias/aws-test-cluster-secrets");
    const logs = resourcesOf(config, "aws_cloudwatch_log_group").find((g) =>
      (g.name as string).startsWith("/aws/eks/"),
    );
    expect(logs).toEqual({ name: "/aws/eks/aws-test-cluster/cluster", retention_in_days: 90 });
    expect(resourcesOf(config, "aws_eks_access_entry")).toHaveLength(0);
    // NetworkPolicy is enforced, as Dataplane V2 does on GKE.
    expect(resourcesOf(config, "aws_eks_addon").find((a) => a.addon_name === "vpc-cni")).toMatchObject({
      addon_name: "vpc-cni",
      configuration_values: '{"enableNetworkPolicy":"true"}',
    });
  });

  test("IAM: the cluster role has only AmazonEKSClusterPolicy, the node role only the three node policies", () => {
    const { config } = scenario("aws");
    expect(policyArns(config, "ClusterRole")).toEqual([
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AmazonEKSClusterPolicy",
    ]);
    expect(policyArns(config, "NodeRole")).toEqual([
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy",
      "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/AmazonEKS_CNI_Policy",
    ]);
    const principals = resourcesOf(config, "aws_iam_role")
      .filter((r) => (r.assume_role_policy as string).startsWith("{"))
      .map((r) => JSON.parse(r.assume_role_policy as string).Statement[0].Principal.Service);
    expect(principals).toEqual(expect.arrayContaining(["eks.amazonaws.com", "ec2.amazonaws.com"]));
  });

  test("the private endpoint accepts HTTPS from the network only", () => {
    const { config } = scenario("aws");
    expect(onlyResource(config, "aws_security_group")).toMatchObject({
      egress: [],
      ingress: [{ protocol: "tcp", from_port: 443, to_port: 443, cidr_blocks: ["10.0.0.0/16"] }],
    });
  });

  test("OIDC provider for IRSA from the cluster's issuer, without a thumbprint", () => {
    const oidc = onlyResource(scenario("aws").config, "aws_iam_openid_connect_provider");
    expect(oidc).toEqual({
      url: expect.stringMatching(/^\$\{aws_eks_cluster\..*\.identity\[0\]\.oidc\[0\]\.issuer\}$/),
      client_id_list: ["sts.amazonaws.com"],
    });
  });

  test("node group: private subnets, launch template with IMDSv2, hop limit 1 and an encrypted gp3 root disk", () => {
    const { config } = scenario("aws");
    expect(onlyResource(config, "aws_eks_node_group")).toMatchObject({
      node_group_name_prefix: "aws-test-cluster-default-",
      ami_type: "AL2023_x86_64_STANDARD",
      instance_types: ["m6i.large"],
      capacity_type: "ON_DEMAND",
      scaling_config: { min_size: 1, max_size: 3, desired_size: 1 },
      subnet_ids: [expect.stringContaining("PrivateSubnet1"), expect.stringContaining("PrivateSubnet2")],
      lifecycle: { ignore_changes: ["scaling_config[0].desired_size"], create_before_destroy: true },
    });
    expect(onlyResource(config, "aws_launch_template")).toMatchObject({
      metadata_options: { http_endpoint: "enabled", http_tokens: "required", http_put_response_hop_limit: 1 },
      block_device_mappings: [
        { device_name: "/dev/xvda", ebs: { volume_size: 50, volume_type: "gp3", encrypted: "true" } },
      ],
    });
  });

  test("an Arm (Graviton) machine type gets the Arm AMI type", () => {
    const { config } = scenario("aws", { nodePools: { arm: { machineType: { aws: "m7g.large" } } } });
    expect(onlyResource(config, "aws_eks_node_group")).toMatchObject({
      instance_types: ["m7g.large"],
      ami_type: "AL2023_ARM_64_STANDARD",
    });
  });

  test("node pool props: size, machineType, counts, spot, disk, labels, taints", () => {
    const { config } = scenario("aws", {
      nodePools: {
        general: { size: "large" },
        batch: {
          machineType: { aws: "c6i.2xlarge" },
          minNodes: 0,
          maxNodes: 10,
          desiredNodes: 2,
          spot: true,
          diskGb: 100,
          labels: { workload: "batch" },
          taints: [{ key: "dedicated", value: "batch", effect: "NoSchedule" }],
        },
      },
    });
    const byName = (n: string) =>
      resourcesOf(config, "aws_eks_node_group").find((g) => g.node_group_name_prefix === `aws-test-cluster-${n}-`)!;
    const [general, batch] = [byName("general"), byName("batch")];
    expect(general).toMatchObject({
      instance_types: ["m6i.xlarge"],
      node_group_name_prefix: "aws-test-cluster-general-",
    });
    // Every group carries its pool's name (the label workloads' nodePool selects), besides its own labels.
    expect(general.labels).toEqual({ "landform.dev/node-pool": "general" });
    expect(batch.labels).toEqual({ workload: "batch", "landform.dev/node-pool": "batch" });
    expect(batch).toMatchObject({
      instance_types: ["c6i.2xlarge"],
      capacity_type: "SPOT",
      scaling_config: { min_size: 0, max_size: 10, desired_size: 2 },
      labels: { workload: "batch" },
      taint: [{ key: "dedicated", value: "batch", effect: "NO_SCHEDULE" }],
    });
    expect(
      resourcesOf(config, "aws_launch_template").find((t) => t.name === "aws-test-cluster-batch-nodes"),
    ).toMatchObject({ block_device_mappings: [{ ebs: { volume_size: 100 } }] });
  });

  test("endpointAccess public opens the public endpoint to the listed CIDRs only", () => {
    const eks = onlyResource(
      scenario("aws", { endpointAccess: { public: ["203.0.113.0/24"] } }).config,
      "aws_eks_cluster",
    );
    expect(eks.vpc_config).toMatchObject({
      endpoint_private_access: true,
      endpoint_public_access: true,
      public_access_cidrs: ["203.0.113.0/24"],
    });
  });

  test("admins get access entries with the cluster admin policy, one id per principal", () => {
    const { config } = scenario("aws", { admins: [ADMIN_ARN, "arn:aws:iam::123456789012:user/alice"] });
    expect(resourcesOf(config, "aws_eks_access_entry").map((e) => e.principal_arn)).toEqual([
      ADMIN_ARN,
      "arn:aws:iam::123456789012:user/alice",
    ]);
    expect(Object.keys(config.resource!.aws_eks_access_entry)).toEqual([
      expect.stringMatching(/^cluster_Admin-123456789012-role-platform-admins_/),
      expect.stringMatching(/^cluster_Admin-123456789012-user-alice_/),
    ]);
    expect(resourcesOf(config, "aws_eks_access_policy_association")[0]).toMatchObject({
      policy_arn:
        "arn:${data.aws_partition.AwsPartition.partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
      access_scope: { type: "cluster" },
    });
  });

  test("releaseChannel extended selects EKS extended support and allows extended-only versions", () => {
    const eks = onlyResource(
      scenario("aws", { releaseChannel: "extended", version: "1.30" }).config,
      "aws_eks_cluster",
    );
    expect(eks).toMatchObject({ version: "1.30", upgrade_policy: { support_type: "EXTENDED" } });
  });

  test("secretsEncryptionKey uses the given key and creates none", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { config } = scenario("aws", { secretsEncryptionKey: key });
    expect(resourcesOf(config, "aws_kms_key")).toHaveLength(0);
    expect(onlyResource(config, "aws_eks_cluster").encryption_config).toEqual({
      resources: ["secrets"],
      provider: { key_arn: key },
    });
  });

  test("production: deletion protection, nodes over 3 zones, a year of control-plane logs", () => {
    const { config } = scenario("aws", { admins: [ADMIN_ARN] }, "prod");
    expect(onlyResource(config, "aws_eks_cluster").deletion_protection).toBe(true);
    expect(onlyResource(config, "aws_eks_node_group").subnet_ids).toHaveLength(3);
    expect(
      resourcesOf(config, "aws_cloudwatch_log_group").find((g) => (g.name as string).startsWith("/aws/eks/"))
        ?.retention_in_days,
    ).toBe(365);
  });

  test.each([
    [
      { releaseChannel: "stable" },
      `Cluster 'aws-test/cluster': releaseChannel "stable" is not supported on aws: EKS has no release channels, only standard or extended support for the pinned version; leave releaseChannel out for standard support, or use "extended".`,
    ],
    [
      { version: "1.31" },
      `Cluster 'aws-test/cluster': version "1.31" is only in EKS extended support; set releaseChannel to "extended", or use version "1.32", "1.33", "1.34".`,
    ],
    [
      { admins: ["alice"] },
      `Cluster 'aws-test/cluster': admins "alice" is not an IAM role or user ARN; use e.g. "arn:aws:iam::123456789012:role/platform-admins".`,
    ],
    [
      { admins: ["user:alice@example.com"] },
      `Cluster 'aws-test/cluster': admins "user:alice@example.com" is not an IAM role or user ARN;`,
    ],
    [
      { secretsEncryptionKey: "alias/mine" },
      `Cluster 'aws-test/cluster': secretsEncryptionKey "alias/mine" is not a KMS key ARN; use the key's ARN (for an alias, its target_key_arn), e.g. "arn:aws:kms:eu-west-1:123456789012:key/...".`,
    ],
  ] as [Props, string][])("rejects %j", (props, message) => {
    expect(() => cluster("aws", props)).toThrow(message);
  });

  test("escape hatch reaches the EKS cluster, and .gcp fails", () => {
    const c = scenario("aws").cluster;
    expect(c.aws.nodeGroups.default).toBeDefined();
    expect(c.aws.launchTemplates.default).toBeDefined();
    expect(() => c.gcp).toThrow(
      "Cluster 'aws-test/cluster': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });

  test("snapshot", () => {
    expect(scenario("aws").json).toMatchSnapshot();
  });

  test("snapshot: public endpoint, admins, two pools, production", () => {
    const props: Props = {
      endpointAccess: { public: ["203.0.113.0/24"] },
      admins: [ADMIN_ARN],
      nodePools: {
        general: {},
        batch: { spot: true, minNodes: 0, taints: [{ key: "dedicated", effect: "NoExecute" }] },
      },
    };
    expect(scenario("aws", props, "prod").json).toMatchSnapshot();
  });
});

describe("Cluster on gcp", () => {
  test("defaults: regional private GKE with workload identity, Dataplane V2, shielded nodes, REGULAR channel", () => {
    const { config } = scenario("gcp");
    expect(resourceTypes(config).filter((t) => !t.startsWith("google_compute"))).toEqual([
      "google_container_cluster",
      "google_container_node_pool",
      "google_project_iam_member",
      "google_project_service",
      "google_service_account",
    ]);
    expect(onlyResource(config, "google_container_cluster")).toMatchObject({
      name: "gcp-test-cluster",
      location: "europe-west1",
      min_master_version: "1.33",
      release_channel: { channel: "REGULAR" },
      remove_default_node_pool: true,
      initial_node_count: 1,
      networking_mode: "VPC_NATIVE",
      ip_allocation_policy: { cluster_secondary_range_name: "pods", services_secondary_range_name: "services" },
      private_cluster_config: { enable_private_nodes: true, enable_private_endpoint: true },
      master_authorized_networks_config: {
        gcp_public_cidrs_access_enabled: false,
        cidr_blocks: [{ cidr_block: "10.0.0.0/20", display_name: "network" }],
      },
      master_auth: { client_certificate_config: { issue_client_certificate: false } },
      workload_identity_config: { workload_pool: "acme-test-123.svc.id.goog" },
      datapath_provider: "ADVANCED_DATAPATH",
      enable_shielded_nodes: true,
      deletion_protection: false,
      network: expect.stringMatching(/^\$\{google_compute_network\./),
      subnetwork: expect.stringMatching(/^\$\{google_compute_subnetwork\./),
    });
    expect(onlyResource(config, "google_container_cluster").database_encryption).toBeUndefined();
  });

  test("node pool: dedicated service account, GKE_METADATA, secure boot, auto-repair and auto-upgrade, zones of the network", () => {
    const { config } = scenario("gcp");
    const pool = onlyResource(config, "google_container_node_pool");
    expect(pool).toMatchObject({
      name: "default",
      location: "europe-west1",
      initial_node_count: 1,
      autoscaling: { total_min_node_count: 1, total_max_node_count: 3, location_policy: "BALANCED" },
      management: { auto_repair: true, auto_upgrade: true },
      node_config: {
        machine_type: "e2-standard-2",
        disk_size_gb: 50,
        disk_type: "pd-balanced",
        spot: false,
        service_account: expect.stringMatching(/^\$\{google_service_account\..*NodeServiceAccount.*\.email\}$/),
        oauth_scopes: ["https://www.googleapis.com/auth/cloud-platform"],
        workload_metadata_config: { mode: "GKE_METADATA" },
        shielded_instance_config: { enable_secure_boot: true, enable_integrity_monitoring: true },
        metadata: { "disable-legacy-endpoints": "true" },
      },
    });
    // The first 2 zones by name, or all the region has if fewer.
    expect(pool.node_locations).toMatch(
      /^\$\{slice\(sort\(data\.google_compute_zones\.(\w+)\.names\), 0, min\(2, length\(data\.google_compute_zones\.\1\.names\)\)\)\}$/,
    );
    expect(onlyResource(config, "google_service_account").account_id).toBe("gcp-test-cluster-nodes");
    expect(
      resourcesOf(config, "google_project_iam_member")
        .map((m) => m.role)
        .sort(),
    ).toEqual([
      "roles/artifactregistry.reader",
      "roles/container.defaultNodeServiceAccount",
      "roles/logging.logWriter",
      "roles/monitoring.metricWriter",
      "roles/monitoring.viewer",
      "roles/stackdriver.resourceMetadata.writer",
    ]);
  });

  test("node pool props: size, machineType, counts, spot, disk, labels, taints", () => {
    const { config } = scenario("gcp", {
      nodePools: {
        general: { size: "small" },
        batch: {
          machineType: { gcp: "c3-standard-8" },
          minNodes: 0,
          maxNodes: 10,
          desiredNodes: 3,
          spot: true,
          diskGb: 100,
          labels: { workload: "batch" },
          taints: [{ key: "dedicated", effect: "PreferNoSchedule" }],
        },
      },
    });
    const byName = (n: string) => resourcesOf(config, "google_container_node_pool").find((p) => p.name === n)!;
    const [general, batch] = [byName("general"), byName("batch")];
    expect(general).toMatchObject({ name: "general", node_config: { machine_type: "e2-medium" } });
    expect(batch).toMatchObject({
      name: "batch",
      initial_node_count: 2, // 3 nodes over 2 zones, rounded up per zone
      autoscaling: { total_min_node_count: 0, total_max_node_count: 10 },
      node_config: {
        machine_type: "c3-standard-8",
        spot: true,
        disk_size_gb: 100,
        labels: { workload: "batch" },
        taint: [{ key: "dedicated", value: "", effect: "PREFER_NO_SCHEDULE" }],
      },
    });
  });

  test("endpointAccess public keeps the public endpoint, limited to the listed CIDRs", () => {
    const gke = onlyResource(
      scenario("gcp", { endpointAccess: { public: ["203.0.113.0/24", "198.51.100.7/32"] } }).config,
      "google_container_cluster",
    );
    expect(gke.private_cluster_config).toEqual({
      enable_private_nodes: true,
      enable_private_endpoint: false,
      master_global_access_config: { enabled: true },
    });
    expect(gke.master_authorized_networks_config).toEqual({
      gcp_public_cidrs_access_enabled: false,
      private_endpoint_enforcement_enabled: true,
      cidr_blocks: [
        { cidr_block: "203.0.113.0/24", display_name: "203.0.113.0/24" },
        { cidr_block: "198.51.100.7/32", display_name: "198.51.100.7/32" },
      ],
    });
  });

  test("admins get roles/container.admin, one id per member", () => {
    const { config } = scenario("gcp", { admins: ["user:alice@example.com", "group:platform@example.com"] });
    const admins = resourcesOf(config, "google_project_iam_member").filter((m) => m.role === "roles/container.admin");
    expect(admins.map((a) => a.member).sort()).toEqual(["group:platform@example.com", "user:alice@example.com"]);
    expect(Object.keys(config.resource!.google_project_iam_member)).toContainEqual(
      expect.stringMatching(/^cluster_Admin-user-alice-example-com_/),
    );
  });

  test.each([
    ["rapid", "RAPID"],
    ["stable", "STABLE"],
    ["extended", "EXTENDED"],
  ] as const)("releaseChannel %s", (channel, expected) => {
    expect(
      onlyResource(scenario("gcp", { releaseChannel: channel }).config, "google_container_cluster").release_channel,
    ).toEqual({ channel: expected });
  });

  test("secretsEncryptionKey turns on application-layer secrets encryption", () => {
    const key = "projects/acme-test-123/locations/europe-west1/keyRings/gke/cryptoKeys/secrets";
    expect(
      onlyResource(scenario("gcp", { secretsEncryptionKey: key }).config, "google_container_cluster")
        .database_encryption,
    ).toEqual({ state: "ENCRYPTED", key_name: key });
  });

  test("production: deletion protection and nodes over 3 zones", () => {
    const { config } = scenario("gcp", {}, "prod");
    expect(onlyResource(config, "google_container_cluster").deletion_protection).toBe(true);
    expect(onlyResource(config, "google_container_node_pool").node_locations).toMatch(/, 0, min\(3, length\(/);
  });

  test.each([
    [
      { version: "1.30" },
      `Cluster 'gcp-test/cluster': version "1.30" is not a Kubernetes version GKE offers; use one of "1.31", "1.32", "1.33", "1.34".`,
    ],
    [
      { admins: [ADMIN_ARN] },
      `Cluster 'gcp-test/cluster': admins "${ADMIN_ARN}" is not a GCP IAM member; use e.g. "user:alice@example.com" or "group:platform-admins@example.com".`,
    ],
    [
      { secretsEncryptionKey: "secrets" },
      `Cluster 'gcp-test/cluster': secretsEncryptionKey "secrets" is not a Cloud KMS key id; use "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>".`,
    ],
  ] as [Props, string][])("rejects %j", (props, message) => {
    expect(() => cluster("gcp", props)).toThrow(message);
  });

  test("escape hatch reaches the GKE cluster, and .aws fails", () => {
    const c = scenario("gcp").cluster;
    expect(c.gcp.nodePools.default).toBeDefined();
    expect(c.gcp.nodeRoles).toHaveLength(6);
    expect(() => c.aws).toThrow(".aws is only available on aws stacks, and this stack targets gcp");
  });

  test("snapshot", () => {
    expect(scenario("gcp").json).toMatchSnapshot();
  });

  test("snapshot: public endpoint, admins, two pools, production", () => {
    const props: Props = {
      endpointAccess: { public: ["203.0.113.0/24"] },
      admins: ["group:platform@example.com"],
      releaseChannel: "stable",
      nodePools: {
        general: {},
        batch: { spot: true, minNodes: 0, taints: [{ key: "dedicated", effect: "NoExecute" }] },
      },
    };
    expect(scenario("gcp", props, "prod").json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("Cluster on %s (portable)", (cloud) => {
  const path = `Cluster '${cloud}-test/cluster'`;

  test("attributes: name, version, endpoint, CA, OIDC issuer or workload pool", () => {
    const { cluster: c } = scenario(cloud);
    expect(c.name).toBe(`${cloud}-test-cluster`);
    expect(c.version).toBe("1.33");
    expect(c.endpoint).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    expect(c.caCertificate).toMatch(/\$\{TfToken\[TOKEN\.\d+\]\}/);
    if (cloud === "aws") {
      expect(c.oidcIssuer).toBeDefined();
      expect(c.workloadPool).toBeUndefined();
    } else {
      expect(c.oidcIssuer).toBeUndefined();
      expect(c.workloadPool).toBe("acme-test-123.svc.id.goog");
    }
  });

  test("every offered version synthesizes", () => {
    for (const version of Object.keys(KUBERNETES_VERSIONS[cloud])) {
      const extendedOnly = KUBERNETES_VERSIONS[cloud][version] === "extended";
      const { config } = scenario(cloud, { version, releaseChannel: extendedOnly ? "extended" : undefined });
      if (cloud === "aws") {
        expect(onlyResource(config, "aws_eks_cluster")).toMatchObject({
          version,
          upgrade_policy: { support_type: extendedOnly ? "EXTENDED" : "STANDARD" },
        });
      } else {
        expect(onlyResource(config, "google_container_cluster").min_master_version).toBe(version);
      }
    }
  });

  test("deletionProtection overrides the environment's default", () => {
    const type = cloud === "aws" ? "aws_eks_cluster" : "google_container_cluster";
    expect(onlyResource(scenario(cloud, { deletionProtection: true }).config, type).deletion_protection).toBe(true);
    expect(
      onlyResource(
        scenario(cloud, { deletionProtection: false, admins: cloud === "aws" ? [ADMIN_ARN] : undefined }, "prod")
          .config,
        type,
      ).deletion_protection,
    ).toBe(false);
  });

  test("node pool keys are construct ids: adding a pool leaves the others' addresses alone", () => {
    const type = cloud === "aws" ? "aws_eks_node_group" : "google_container_node_pool";
    const ids = (pools: Props["nodePools"]) =>
      Object.keys(scenario(cloud, { nodePools: pools }).config.resource![type]);
    const one = ids({ general: {} });
    const two = ids({ batch: {}, general: {} });
    expect(two).toEqual(expect.arrayContaining(one));
  });

  test("a one-zone network is rejected in production (and always on aws, where EKS needs two zones)", () => {
    const message =
      cloud === "aws"
        ? `${path}: EKS needs subnets in at least two availability zones, but network 'aws-test/network' spans 1; set zones to 2 or more on the Network.`
        : `${path}: production clusters spread nodes over more than one zone, but network 'gcp-test/network' spans 1; set zones to 2 or more on the Network, or production: false on the stack.`;
    expect(() => cluster(cloud, {}, "prod", { zones: 1 })).toThrow(message);
    if (cloud === "aws") expect(() => cluster(cloud, {}, "dev", { zones: 1 })).toThrow(message);
    else expect(() => cluster(cloud, {}, "dev", { zones: 1 })).not.toThrow();
  });

  test("a network of another stack (here, of the other cloud) is rejected", () => {
    const other: Cloud = cloud === "aws" ? "gcp" : "aws";
    const stack = testStack(cloud);
    const network = new Network(testStack(other), "network");
    expect(() => new Cluster(stack, "cluster", { network })).toThrow(
      `${path}: network '${other}-test/network' is in another stack; use a Network of the same CloudStack.`,
    );
  });

  const versions = Object.keys(KUBERNETES_VERSIONS[cloud])
    .map((v) => JSON.stringify(v))
    .join(", ");
  const publicFix = `list the networks allowed to reach the API, e.g. { public: ["203.0.113.0/24"] }, or use "private".`;
  test.each([
    [
      { version: "1.20" },
      `version "1.20" is not a Kubernetes version ${cloud === "aws" ? "EKS" : "GKE"} offers; use one of ${versions}.`,
    ],
    [{ version: "1.33.1" }, `version "1.33.1" is not a Kubernetes version`],
    [
      { releaseChannel: "fast" },
      `releaseChannel "fast" is not a release channel; use "rapid", "regular", "stable" or "extended".`,
    ],
    [{ endpointAccess: { public: [] } }, `endpointAccess.public [] lists no CIDRs; ${publicFix}`],
    [
      { endpointAccess: { public: ["0.0.0.0/0"] } },
      `endpointAccess.public "0.0.0.0/0" opens the Kubernetes API to the whole internet; list only the networks that need it, or use "private".`,
    ],
    [
      { endpointAccess: { public: ["203.0.113.0/33"] } },
      `endpointAccess.public "203.0.113.0/33" is not an IPv4 CIDR block; ${publicFix}`,
    ],
    [{ endpointAccess: "public" }, `endpointAccess "public" is not "private" or { public: [cidrs] }; ${publicFix}`],
    [
      { nodePools: {} },
      `nodePools {} has no node pool; add at least one, e.g. nodePools: { general: { size: "medium" } }.`,
    ],
    [
      { nodePools: { General_1: {} } },
      `nodePools key "General_1" is not a node pool name; use 1-20 lowercase letters, digits and dashes, starting with a letter.`,
    ],
    [
      { nodePools: { general: { size: "huge" } } },
      `nodePools.general.size "huge" is not a size; use one of "small", "medium", "large", "xlarge".`,
    ],
    [
      { nodePools: { general: { minNodes: 5, maxNodes: 3 } } },
      `nodePools.general: minNodes 5 is more than maxNodes 3; set minNodes to at most maxNodes.`,
    ],
    [
      { nodePools: { general: { minNodes: 2, maxNodes: 4, desiredNodes: 5 } } },
      `nodePools.general: desiredNodes 5 is outside minNodes 2 to maxNodes 4; set desiredNodes between them.`,
    ],
    [
      { nodePools: { general: { minNodes: -1 } } },
      `nodePools.general.minNodes -1 must be a whole number from 0 to 1000; set minNodes to 0 or more.`,
    ],
    [
      { nodePools: { general: { maxNodes: 0 } } },
      `nodePools.general.maxNodes 0 must be a whole number from 1 to 1000; set maxNodes to 1 or more.`,
    ],
    [
      { nodePools: { general: { diskGb: 10 } } },
      `nodePools.general.diskGb 10 must be a whole number from 20 to 16384; set diskGb to 20 or more.`,
    ],
    [
      { nodePools: { general: { labels: { "bad key!": "x" } } } },
      `nodePools.general.labels "bad key!" is not a Kubernetes label key; use e.g. "workload" or "example.com/team".`,
    ],
    [
      { nodePools: { general: { labels: { team: "a b" } } } },
      `nodePools.general.labels.team "a b" is not a Kubernetes label value;`,
    ],
    [
      { nodePools: { general: { taints: [{ key: "gpu", effect: "NoRun" }] } } },
      `nodePools.general.taints {"key":"gpu","effect":"NoRun"} has effect "NoRun"; use "NoSchedule", "PreferNoSchedule" or "NoExecute".`,
    ],
    [
      { nodePools: { general: { taints: [{ key: "no way", effect: "NoSchedule" }] } } },
      `nodePools.general.taints {"key":"no way","effect":"NoSchedule"} has a key that is not a Kubernetes label key;`,
    ],
  ] as [Props, string][])("rejects %j", (props, message) => {
    expect(() => cluster(cloud, props)).toThrow(`${path}: ${message}`);
  });

  test("a cluster needs a network", () => {
    expect(() => new Cluster(testStack(cloud), "cluster", {} as ClusterProps)).toThrow(
      `${path}: network undefined is required; pass the Network it lives in, e.g. network: new Network(this, "network").`,
    );
  });

  test("names are deterministic", () => {
    expect(cluster(cloud).json).toBe(cluster(cloud).json);
  });
});
