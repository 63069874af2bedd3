import { Testing } from "cdktf";
import { Construct } from "constructs";
import {
  Bucket,
  Cloud,
  Cluster,
  ClusterServiceAccount,
  ComputeInstance,
  Database,
  INetwork,
  LandformError,
  Network,
  NetworkAttributes,
} from "../../lib";
import { CLOUDS, resourcesOf, synth, testStack } from "../helpers";

// Owned and imported constructs share a base; bad input on them (issue 22) is an error naming the cloud.

const OTHER: Record<Cloud, Cloud> = { aws: "gcp", gcp: "aws" };

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
  },
};

const IDENTITIES = {
  aws: {
    name: "deployer",
    id: "arn:aws:iam::111111111111:role/deployer",
    principal: "arn:aws:iam::111111111111:role/deployer",
  },
  gcp: {
    name: "d@p.iam.gserviceaccount.com",
    id: "d@p.iam.gserviceaccount.com",
    principal: "serviceAccount:d@p.iam.gserviceaccount.com",
  },
};

const CLUSTER_ATTRIBUTES = {
  aws: {
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  },
  gcp: { workloadPool: "acme-test-123.svc.id.goog" },
};

function errorOf(fn: () => unknown): LandformError {
  try {
    fn();
  } catch (e) {
    if (e instanceof LandformError) return e;
    throw e;
  }
  throw new Error("expected a LandformError, and nothing was thrown");
}

describe.each(CLOUDS)("shared bases on %s", (cloud) => {
  const other = OTHER[cloud];

  test("a grant of the other cloud's instance identity is refused, naming both clouds", () => {
    const app = Testing.app();
    const stack = testStack(cloud, {}, app);
    const there = testStack(other, {}, app);
    const vm = new ComputeInstance(there, "vm", { network: new Network(there, "network") });
    const bucket = new Bucket(stack, "data");
    const error = errorOf(() => bucket.grantRead(vm.identity));
    expect(error.prop).toBe("grantRead.identity");
    expect(error.message).toMatch(
      new RegExp(
        `^Bucket '${cloud}-test/data': grantRead\\.identity ".*" is an identity on ${other}: a ${cloud} bucket grants only ${cloud} identities; grant the identity of something on ${cloud} `,
      ),
    );
  });

  test("a grant of a hand-written identity of the other cloud is refused by its form", () => {
    const bucket = Bucket.fromAttributes(testStack(cloud), "data", { bucketName: "acme-data", bucketId: "x-data" });
    const error = errorOf(() => bucket.grantWrite(IDENTITIES[other]));
    expect(error.prop).toBe("grantWrite.identity");
    expect(error.message).toContain(`a ${cloud} bucket grants only ${cloud} identities`);
  });

  test("an imported bucket grants its own cloud's identity, declaring only the grant", () => {
    const stack = testStack(cloud);
    const bucketId = cloud === "aws" ? "arn:aws:s3:::acme-data" : "gs://acme-data";
    const bucket = Bucket.fromAttributes(stack, "data", { bucketName: "acme-data", bucketId });
    const grant = bucket.grantRead(IDENTITIES[cloud], "reports/*");
    expect({ access: grant.access, objects: grant.objects, bucket: grant.bucket }).toEqual({
      access: "read",
      objects: "reports/*",
      bucket,
    });
    const { config } = synth(stack);
    const types = Object.keys(config.resource ?? {});
    expect(types).toEqual([cloud === "aws" ? "aws_iam_role_policy" : "google_storage_bucket_iam_member"]);
    if (cloud === "gcp") expect(resourcesOf(config, "google_storage_bucket_iam_member")[0].bucket).toBe("acme-data");
  });

  test("two Buckets with one explicit name in one app are refused", () => {
    const app = Testing.app();
    new Bucket(testStack(cloud, {}, app), "state", { name: "acme-state" });
    const second = testStack(other, {}, app);
    const error = errorOf(() => new Bucket(second, "state", { name: "acme-state" }));
    expect(error.prop).toBe("name");
    expect(error.message).toBe(
      `Bucket '${other}-test/state': name "acme-state" is already the name of Bucket '${cloud}-test/state'; give each Bucket its own name, or leave name out for one derived from the construct path.`,
    );
  });

  test.each<[string, () => unknown, string, string]>([
    [
      "Bucket name null",
      () => ({ name: null }),
      "name",
      "name null is not a value; leave name out for its default, or set it.",
    ],
    [
      "Bucket labels null",
      () => ({ labels: null }),
      "labels",
      "labels null is not a value; leave labels out for its default, or set it.",
    ],
    [
      "Bucket misspelt prop",
      () => ({ nam: "acme" }),
      "nam",
      'nam "acme" is not a known prop; use one of name, encryptionKey, noncurrentVersionDays, labels.',
    ],
  ])("%s is an error, not left out", (_what, props, prop, tail) => {
    const error = errorOf(() => new Bucket(testStack(cloud), "b", props() as never));
    expect(error.prop).toBe(prop);
    expect(error.message).toBe(`Bucket '${cloud}-test/b': ${tail}`);
  });

  test("null attributes of an imported database or bucket are errors", () => {
    const stack = testStack(cloud);
    const db = errorOf(() =>
      Database.fromAttributes(stack, "db", { engine: "postgres", host: "h", secretRef: "s", port: null as never }),
    );
    expect(db.message).toBe(
      `Database '${cloud}-test/db': port null is not a value; leave port out for its default, or set it.`,
    );
    const bucket = errorOf(() =>
      Bucket.fromAttributes(stack, "b", { bucketName: "acme-b", bucketId: "x", encryptionKey: null as never }),
    );
    expect(bucket.prop).toBe("encryptionKey");
  });

  test("Cluster.fromAttributes refuses the other cloud's attributes, as Network.fromAttributes does", () => {
    for (const [attribute, value] of Object.entries(CLUSTER_ATTRIBUTES[other])) {
      const error = errorOf(() =>
        Cluster.fromAttributes(testStack(cloud), "cluster", { name: "c", [attribute]: value }),
      );
      expect(error.code).toBe("unsupported-on-cloud");
      expect(error.message).toBe(
        `Cluster '${cloud}-test/cluster': ${attribute} is not supported on ${cloud}: no construct on this cloud uses it; remove ${attribute} from the attributes of ${cloud} clusters.`,
      );
    }
    expect(() =>
      Cluster.fromAttributes(testStack(cloud), "cluster", { name: "c", ...CLUSTER_ATTRIBUTES[cloud] }),
    ).not.toThrow();
  });

  test("repeated subnet ids in an imported network are refused", () => {
    const ids = NETWORKS[cloud].privateSubnetIds;
    const error = errorOf(() =>
      Network.fromAttributes(testStack(cloud), "network", { ...NETWORKS[cloud], privateSubnetIds: [ids[0], ids[0]] }),
    );
    expect(error.prop).toBe("privateSubnetIds");
    expect(error.message.startsWith(`Network '${cloud}-test/network': privateSubnetIds [`)).toBe(true);
    expect(error.message.endsWith(`repeats subnet id ${JSON.stringify(ids[0])}; list each subnet once.`)).toBe(true);
  });

  test("an imported instance or service account with the other cloud's identity is refused", () => {
    const stack = testStack(cloud);
    const vm = errorOf(() =>
      ComputeInstance.fromAttributes(stack, "vm", {
        instanceId: "i-1",
        privateIp: "10.0.0.5",
        identity: IDENTITIES[other],
      }),
    );
    expect(vm.prop).toBe("identity");
    expect(vm.message).toContain(`an instance on ${cloud} runs as a ${cloud} identity`);
    const sa = errorOf(() =>
      ClusterServiceAccount.fromAttributes(stack, "sa", {
        namespace: "orders",
        name: "api",
        identity: IDENTITIES[other],
      }),
    );
    expect(sa.message).toContain(`a service account on ${cloud} runs as a ${cloud} identity`);
    const attribute = cloud === "aws" ? "serviceAccountEmail" : "securityGroupId";
    const wrong = errorOf(() =>
      ComputeInstance.fromAttributes(stack, "vm2", {
        instanceId: "i-1",
        privateIp: "10.0.0.5",
        identity: IDENTITIES[cloud],
        [attribute]: "x",
      }),
    );
    expect(wrong.code).toBe("unsupported-on-cloud");
    expect(wrong.prop).toBe(attribute);
  });

  test("an imported instance is a source of traffic and its identity can be granted", () => {
    const stack = testStack(cloud);
    const source =
      cloud === "aws" ? { securityGroupId: "sg-0abc" } : { serviceAccountEmail: "vm@p.iam.gserviceaccount.com" };
    const vm = ComputeInstance.fromAttributes(stack, "vm", {
      instanceId: "i-1",
      privateIp: "10.0.0.5",
      identity: IDENTITIES[cloud],
      ...source,
    });
    const db = new Database(stack, "db", { network: new Network(stack, "network") });
    db.allowFrom(vm);
    new Bucket(stack, "data").grantRead(vm.identity);
    expect(JSON.stringify(synth(stack).config)).toContain(Object.values(source)[0]);
  });

  test("a user's own INetwork is accepted: consumers take the interface, not two classes", () => {
    const stack = testStack(cloud);
    class MyNetwork extends Construct implements INetwork {
      readonly networkId = NETWORKS[cloud].networkId;
      readonly cidr = "10.20.0.0/16";
      readonly zones = 2;
      readonly publicSubnetIds = NETWORKS[cloud].publicSubnetIds;
      readonly privateSubnetIds = NETWORKS[cloud].privateSubnetIds;
    }
    const network = new MyNetwork(stack, "mine");
    expect(() => new ComputeInstance(stack, "vm", { network })).not.toThrow();
    expect(errorOf(() => new ComputeInstance(stack, "vm2", { network: {} as never })).prop).toBe("network");
  });

  test.each<[string, object, string]>([
    ["admins named twice", { admins: ["arn:aws:iam::1:role/a", "arn:aws:iam::1:role/a"] }, "admins"],
    [
      "an endpoint CIDR listed twice",
      { endpointAccess: { public: ["203.0.113.0/24", "203.0.113.0/24"] } },
      "endpointAccess.public",
    ],
    [
      "a taint repeated",
      {
        nodePools: {
          general: {
            taints: [
              { key: "gpu", effect: "NoSchedule" },
              { key: "gpu", value: "x", effect: "NoSchedule" },
            ],
          },
        },
      },
      "nodePools.general.taints[1]",
    ],
  ])("a Cluster with %s is refused", (_what, props, prop) => {
    const stack = testStack(cloud);
    const error = errorOf(() => new Cluster(stack, "cluster", { network: new Network(stack, "network"), ...props }));
    expect(error.prop).toBe(prop);
  });
});
