import { App, Testing, TerraformStack } from "cdktf";
import { Cloud, Cluster, ComputeInstance, Database, LandformError, Network, NetworkAttributes } from "../lib";
import { CLOUDS, onlyResource, resourcesOf, synth, testStack, TerraformJson } from "./helpers";

// Infrastructure made elsewhere (another team, another repository, by hand), used here through the
// same interfaces as Landform's own: INetwork, ICluster, IDatabase.

const NETWORKS: Record<Cloud, NetworkAttributes> = {
  aws: {
    networkId: "vpc-0abc",
    cidr: "10.20.0.0/16",
    zones: 2,
    publicSubnetIds: ["subnet-pub-a", "subnet-pub-b"],
    privateSubnetIds: ["subnet-priv-a", "subnet-priv-b"],
  },
  gcp: {
    networkId: "projects/acme-test-123/global/networks/shared",
    cidr: "10.20.0.0/16",
    zones: 2,
    publicSubnetIds: ["projects/acme-test-123/regions/europe-west1/subnetworks/shared"],
    privateSubnetIds: ["projects/acme-test-123/regions/europe-west1/subnetworks/shared"],
    primaryCidr: "10.20.0.0/20",
    podsRangeName: "shared-pods",
    servicesRangeName: "shared-services",
    privateServices: { rangeName: "shared-google-services", cidr: "10.100.0.0/20" },
  },
};

// What Landform would declare for a network of its own: none of it for an imported one.
const NETWORK_TYPES = [
  "aws_vpc",
  "aws_subnet",
  "aws_nat_gateway",
  "google_compute_network",
  "google_compute_subnetwork",
];

const OIDC = {
  oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC123",
  oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC123",
};

/** Every stack of the app merged: Kubernetes objects may live in a stack of their own. */
function synthApp(app: App): TerraformJson[] {
  return app.node
    .findAll()
    .filter((c): c is TerraformStack => c instanceof TerraformStack)
    .map((s) => JSON.parse(Testing.synth(s)) as TerraformJson);
}

/** The LandformError `fn` throws; any other outcome fails the test. */
function errorOf(fn: () => unknown): LandformError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LandformError) return e;
    throw e;
  }
  throw new Error("expected a LandformError, and nothing was thrown");
}

function allOf(configs: TerraformJson[], kind: "resource" | "data", type: string): Record<string, unknown>[] {
  return configs.flatMap((c) => Object.values(c[kind]?.[type] ?? {}));
}

describe.each(CLOUDS)("imported infrastructure on %s", (cloud) => {
  const path = `${cloud}-test`;

  test("a ComputeInstance and a Database on an imported network use its ids and declare no network", () => {
    const stack = testStack(cloud);
    const network = Network.fromAttributes(stack, "network", NETWORKS[cloud]);
    const vm = new ComputeInstance(stack, "vm", { network });
    new Database(stack, "orders", { network, allowFrom: [vm] });
    const { json, config } = synth(stack);

    for (const type of NETWORK_TYPES) expect(resourcesOf(config, type)).toEqual([]);
    if (cloud === "aws") {
      expect(onlyResource(config, "aws_instance").subnet_id).toBe("subnet-priv-a");
      expect(onlyResource(config, "aws_db_subnet_group").subnet_ids).toEqual(["subnet-priv-a", "subnet-priv-b"]);
      const groups = resourcesOf(config, "aws_security_group");
      expect(groups).toHaveLength(2);
      for (const g of groups) expect(g.vpc_id).toBe("vpc-0abc");
    } else {
      expect(onlyResource(config, "google_compute_instance")).toMatchObject({
        network_interface: [{ subnetwork: NETWORKS.gcp.privateSubnetIds[0] }],
      });
      expect(onlyResource(config, "google_sql_database_instance")).toMatchObject({
        settings: {
          ip_configuration: { private_network: NETWORKS.gcp.networkId, allocated_ip_range: "shared-google-services" },
        },
      });
      // The network's own peering is used: no second range or connection on a network Landform does not own.
      expect(resourcesOf(config, "google_compute_global_address")).toEqual([]);
      expect(resourcesOf(config, "google_service_networking_connection")).toEqual([]);
      const firewalls = resourcesOf(config, "google_compute_firewall");
      expect(firewalls.length).toBeGreaterThan(0);
      for (const f of firewalls) expect(f.network).toBe(NETWORKS.gcp.networkId);
    }
    expect(json).toMatchSnapshot();
  });

  test("a Cluster on an imported network puts its nodes in the network's private subnets", () => {
    const stack = testStack(cloud);
    const network = Network.fromAttributes(stack, "network", NETWORKS[cloud]);
    new Cluster(stack, "cluster", { network });
    const { config } = synth(stack);
    for (const type of NETWORK_TYPES) expect(resourcesOf(config, type)).toEqual([]);
    if (cloud === "aws") {
      expect(onlyResource(config, "aws_eks_cluster")).toMatchObject({
        vpc_config: { subnet_ids: ["subnet-priv-a", "subnet-priv-b"] },
      });
      expect(onlyResource(config, "aws_eks_node_group").subnet_ids).toEqual(["subnet-priv-a", "subnet-priv-b"]);
    } else {
      expect(onlyResource(config, "google_container_cluster")).toMatchObject({
        network: NETWORKS.gcp.networkId,
        subnetwork: NETWORKS.gcp.privateSubnetIds[0],
        ip_allocation_policy: {
          cluster_secondary_range_name: "shared-pods",
          services_secondary_range_name: "shared-services",
        },
      });
    }
  });

  test("Cluster.fromAttributes takes namespaces and service accounts bound to a cloud identity", () => {
    const app = Testing.app();
    const stack = testStack(cloud, {}, app);
    const name = `shared-${cloud}`;
    const cluster = Cluster.fromAttributes(stack, "cluster", { name, ...(cloud === "aws" ? OIDC : {}) });
    cluster.addNamespace(stack, "orders-ns", { name: "orders" });
    const account = cluster.addServiceAccount(stack, "orders-sa", { namespace: "orders", name: "orders-api" });
    expect({ namespace: account.namespace, name: account.name }).toEqual({ namespace: "orders", name: "orders-api" });
    const configs = synthApp(app);

    const namespaces = allOf(configs, "resource", "kubernetes_namespace_v1");
    expect(namespaces.map((n) => (n.metadata as Record<string, unknown>).name)).toEqual(["orders"]);
    const accounts = allOf(configs, "resource", "kubernetes_service_account_v1");
    expect(accounts).toHaveLength(1);
    const metadata = accounts[0].metadata as Record<string, unknown>;
    expect(metadata).toMatchObject({ name: "orders-api", namespace: "orders" });
    const annotations = metadata.annotations as Record<string, string>;

    // The credentials come from a lookup of the imported cluster by its name: nothing is created for it.
    const lookups = allOf(configs, "data", cloud === "aws" ? "aws_eks_cluster" : "google_container_cluster");
    expect(lookups.map((l) => l.name)).toContain(name);
    expect(allOf(configs, "resource", cloud === "aws" ? "aws_eks_cluster" : "google_container_cluster")).toEqual([]);

    if (cloud === "aws") {
      expect(Object.keys(annotations)).toEqual(["eks.amazonaws.com/role-arn"]);
      expect(annotations["eks.amazonaws.com/role-arn"]).toMatch(/^\$\{aws_iam_role\./);
      const trust = JSON.stringify(allOf(configs, "data", "aws_iam_policy_document"));
      expect(trust).toContain(OIDC.oidcProviderArn);
      expect(trust).toContain("system:serviceaccount:orders:orders-api");
      expect(allOf(configs, "resource", "aws_iam_role")).toHaveLength(1);
    } else {
      expect(cluster.workloadPool).toBe("acme-test-123.svc.id.goog");
      expect(Object.keys(annotations)).toEqual(["iam.gke.io/gcp-service-account"]);
      expect(annotations["iam.gke.io/gcp-service-account"]).toMatch(/^\$\{google_service_account\./);
      const [binding] = allOf(configs, "resource", "google_service_account_iam_member");
      expect(binding).toMatchObject({
        role: "roles/iam.workloadIdentityUser",
        member: "serviceAccount:acme-test-123.svc.id.goog[orders/orders-api]",
      });
    }
  });

  test("Database.fromAttributes gives clients its host, port and secret", () => {
    const stack = testStack(cloud);
    const secretRef =
      cloud === "aws"
        ? "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders-AbCdEf"
        : "projects/acme-test-123/secrets/orders-admin";
    const pg = Database.fromAttributes(stack, "orders", { engine: "postgres", host: "10.20.0.5", secretRef });
    expect({ engine: pg.engine, host: pg.host, port: pg.port, secretRef: pg.secretRef }).toEqual({
      engine: "postgres",
      host: "10.20.0.5",
      port: 5432,
      secretRef,
    });
    expect(Database.fromAttributes(stack, "billing", { engine: "mysql", host: "db.internal", secretRef }).port).toBe(
      3306,
    );
    expect(
      Database.fromAttributes(stack, "custom", { engine: "postgres", host: "h", secretRef, port: 6432 }).port,
    ).toBe(6432);
    expect(synth(stack).config.resource).toBeUndefined();
  });

  test.each<[string, (s: TerraformStack) => unknown, string]>([
    [
      "a network without a CIDR",
      (s) => Network.fromAttributes(s, "network", { ...NETWORKS[cloud], cidr: "10.20.0.0/33" }),
      `Network '${path}/network': cidr "10.20.0.0/33" is not an IPv4 CIDR block; use a block such as "10.0.0.0/16".`,
    ],
    [
      "a network without private subnets",
      (s) => Network.fromAttributes(s, "network", { ...NETWORKS[cloud], privateSubnetIds: [] }),
      `Network '${path}/network': privateSubnetIds [] is empty; pass the network's private subnets.`,
    ],
    [
      "a network with a subnet id that is not a string",
      (s) => Network.fromAttributes(s, "network", { ...NETWORKS[cloud], publicSubnetIds: [42 as never] }),
      `Network '${path}/network': publicSubnetIds [42] is not a list of subnet ids; pass publicSubnetIds as a list of strings.`,
    ],
    [
      "a network without an id",
      (s) => Network.fromAttributes(s, "network", { ...NETWORKS[cloud], networkId: "" }),
      `Network '${path}/network': networkId "" is not a non-empty string; pass networkId.`,
    ],
    [
      "a network with zones 0",
      (s) => Network.fromAttributes(s, "network", { ...NETWORKS[cloud], zones: 0 }),
      `Network '${path}/network': zones 0 is not a whole number of zones; pass how many zones the subnets span.`,
    ],
    [
      "a cluster without a name",
      (s) => Cluster.fromAttributes(s, "cluster", { name: "" }),
      `Cluster '${path}/cluster': name "" is not a cluster name; pass the EKS or GKE cluster's name.`,
    ],
    [
      "a cluster whose OIDC issuer is not a string",
      (s) => Cluster.fromAttributes(s, "cluster", { name: "c", oidcIssuer: 1 as never }),
      `Cluster '${path}/cluster': oidcIssuer 1 is not a string; pass oidcIssuer as a string.`,
    ],
    [
      "a database of an unknown engine",
      (s) => Database.fromAttributes(s, "db", { engine: "oracle" as never, host: "h", secretRef: "s" }),
      `Database '${path}/db': engine "oracle" is not a supported engine; use "postgres" or "mysql".`,
    ],
    [
      "a database without a secret",
      (s) => Database.fromAttributes(s, "db", { engine: "postgres", host: "h", secretRef: undefined as never }),
      `Database '${path}/db': secretRef undefined is not a non-empty string; pass the database's secretRef.`,
    ],
    [
      "a database on port 70000",
      (s) => Database.fromAttributes(s, "db", { engine: "postgres", host: "h", secretRef: "s", port: 70000 }),
      `Database '${path}/db': port 70000 is not a port; use a whole number from 1 to 65535.`,
    ],
  ])("rejects %s", (_what, make, message) => {
    const error = errorOf(() => make(testStack(cloud)));
    expect(error.message).toBe(message);
    expect(error.code).toBe("invalid-prop");
  });
});

describe("what imported infrastructure must name", () => {
  test("aws: a service account on an imported cluster without OIDC attributes finds them by the cluster's name", () => {
    const stack = testStack("aws");
    const cluster = Cluster.fromAttributes(stack, "cluster", { name: "shared-eks" });
    cluster.addServiceAccount(stack, "orders-sa", { namespace: "orders", name: "orders-api" });
    const { config } = synth(stack);
    expect(Object.values(config.data!.aws_eks_cluster)).toContainEqual({ name: "shared-eks" });
    expect(Object.values(config.data!.aws_iam_openid_connect_provider)).toEqual([
      {
        url: expect.stringMatching(
          /^\$\{data\.aws_eks_cluster\.orders-sa_ClusterLookup_\w+\.identity\[0\]\.oidc\[0\]\.issuer\}$/,
        ),
      },
    ]);
  });

  test.each(["podsRangeName", "servicesRangeName", "primaryCidr", "privateServices"] as const)(
    "aws: %s, which only GCP uses, is an error on an aws network rather than ignored",
    (attribute) => {
      const stack = testStack("aws");
      const error = errorOf(() =>
        Network.fromAttributes(stack, "network", { ...NETWORKS.aws, [attribute]: NETWORKS.gcp[attribute] }),
      );
      expect(error.code).toBe("unsupported-on-cloud");
      expect(error.prop).toBe(attribute);
      expect(error.message).toBe(
        `Network 'aws-test/network': ${attribute} is not supported on aws: no construct on this cloud uses it; remove ${attribute} from the attributes of aws networks.`,
      );
    },
  );

  test("gcp: a Database on an imported network needs its private services access", () => {
    const stack = testStack("gcp");
    const { privateServices: _ps, ...bare } = NETWORKS.gcp;
    const network = Network.fromAttributes(stack, "network", bare);
    expect(() => new Database(stack, "orders", { network })).toThrow(
      "Database 'gcp-test/orders': network 'gcp-test/network' is imported and names no private services access, which Cloud SQL needs; Landform adds no peering to a network it does not own; pass privateServices: { rangeName, cidr } of the network's allocated range to Network.fromAttributes.",
    );
  });

  test("gcp: a Cluster on an imported network needs its secondary ranges for pods and services", () => {
    const stack = testStack("gcp");
    const { podsRangeName: _pods, servicesRangeName: _services, ...bare } = NETWORKS.gcp;
    const network = Network.fromAttributes(stack, "network", bare);
    expect(errorOf(() => new Cluster(stack, "cluster", { network })).message).toBe(
      "Cluster 'gcp-test/cluster': network 'gcp-test/network' names no secondary ranges for pods and services, " +
        "which GKE needs; pass podsRangeName and servicesRangeName to Network.fromAttributes.",
    );
  });

  test("an imported construct lives in a CloudStack like any other", () => {
    const app = Testing.app();
    expect(() => Network.fromAttributes(app, "network", NETWORKS.aws)).toThrow(
      "'network' is not inside a CloudStack; create Landform constructs in a CloudStack",
    );
  });
});
