import { Cloud, CloudStack, Network, StateBackend } from "../../lib";
import { CLOUDS, stackProps, testStack } from "../helpers";
import { Testing } from "cdktf";
import { constructIn, Kind, probe } from "./probe";

/** [construct, props, the prop the error must name]; `<cloud>` stands for the stack's cloud. */
type Case = [Kind, (cloud: Cloud) => unknown, (cloud: Cloud) => string];

const is =
  (prop: string) =>
  (cloud: Cloud): string =>
    prop.replace("<cloud>", cloud);
const big = "x".repeat(1_000_000);

const CASES: Record<string, Case> = {
  "Network: null props": ["Network", () => null, is("props")],
  "Network: cidr with leading zeros": ["Network", () => ({ cidr: "010.000.000.000/16" }), is("cidr")],
  "Network: cidr a number": ["Network", () => ({ cidr: 10 }), is("cidr")],
  "Network: cidr of 1 MB": ["Network", () => ({ cidr: big }), is("cidr")],
  "Network: zones a string": ["Network", () => ({ zones: "2" }), is("zones")],
  "Network: zones null": ["Network", () => ({ zones: null }), is("zones")],
  "Network: zones NaN": ["Network", () => ({ zones: NaN }), is("zones")],
  "Network: subnetPrefixLength a string": ["Network", () => ({ subnetPrefixLength: "20" }), is("subnetPrefixLength")],
  "Network: flowLogs 'false'": ["Network", () => ({ flowLogs: "false" }), is("flowLogs")],
  "Network: natGateways a number": ["Network", () => ({ natGateways: 1 }), is("natGateways")],
  "Network: podsCidr a number": ["Network", () => ({ podsCidr: 5 }), is("podsCidr")],

  "ComputeInstance: null props": ["ComputeInstance", () => null, is("props")],
  "ComputeInstance: network null": ["ComputeInstance", () => ({ network: null }), is("network")],
  "ComputeInstance: empty machine type": [
    "ComputeInstance",
    (c) => ({ machineType: { [c]: "" } }),
    is("machineType.<cloud>"),
  ],
  "ComputeInstance: machine type a number": [
    "ComputeInstance",
    (c) => ({ machineType: { [c]: 5 } }),
    is("machineType.<cloud>"),
  ],
  "ComputeInstance: machineType a string": ["ComputeInstance", () => ({ machineType: "t3.micro" }), is("machineType")],
  "ComputeInstance: machineType for no cloud": [
    "ComputeInstance",
    () => ({ machineType: { azure: "B2s" } }),
    is("machineType.azure"),
  ],
  "ComputeInstance: imageId a string": ["ComputeInstance", () => ({ imageId: "ami-0123456789abcdef0" }), is("imageId")],
  "ComputeInstance: imageId a number": ["ComputeInstance", (c) => ({ imageId: { [c]: 5 } }), is("imageId.<cloud>")],
  "ComputeInstance: rootDiskGb a string": ["ComputeInstance", () => ({ rootDiskGb: "20" }), is("rootDiskGb")],
  "ComputeInstance: publicIp 'false'": ["ComputeInstance", () => ({ publicIp: "false" }), is("publicIp")],
  "ComputeInstance: subnet null": ["ComputeInstance", () => ({ subnet: null }), is("subnet")],
  "ComputeInstance: startupScript a number": ["ComputeInstance", () => ({ startupScript: 5 }), is("startupScript")],
  "ComputeInstance: startupScript of 1 MB": [
    "ComputeInstance",
    () => ({ startupScript: `#!/bin/sh\n${big}` }),
    is("startupScript"),
  ],
  "ComputeInstance: sshPublicKey a number": ["ComputeInstance", () => ({ sshPublicKey: 42 }), is("sshPublicKey")],
  "ComputeInstance: SSH key body of 1 MB": [
    "ComputeInstance",
    () => ({ sshPublicKey: `ssh-ed25519 ${"A".repeat(1_000_000)}` }),
    is("sshPublicKey"),
  ],
  "ComputeInstance: ingress an object": ["ComputeInstance", () => ({ ingress: { port: 22 } }), is("ingress")],
  "ComputeInstance: ingress entry null": ["ComputeInstance", () => ({ ingress: [null] }), is("ingress[0]")],
  "ComputeInstance: ingress entry a number": ["ComputeInstance", () => ({ ingress: [22] }), is("ingress[0]")],
  "ComputeInstance: ingress port a string": [
    "ComputeInstance",
    () => ({ ingress: [{ port: "22", from: "10.0.0.0/8" }] }),
    is("ingress[0].port"),
  ],
  "ComputeInstance: ingress from null": [
    "ComputeInstance",
    () => ({ ingress: [{ port: 22, from: null }] }),
    is("ingress[0].from"),
  ],
  "ComputeInstance: ingress from with leading zeros": [
    "ComputeInstance",
    () => ({ ingress: [{ port: 22, from: "10.0.0.01/32" }] }),
    is("ingress[0].from"),
  ],
  "ComputeInstance: labels null": ["ComputeInstance", () => ({ labels: null }), is("labels")],
  "ComputeInstance: label value a number": ["ComputeInstance", () => ({ labels: { team: 5 } }), is("labels.team")],
  "ComputeInstance: encryptionKey a number": ["ComputeInstance", () => ({ encryptionKey: 5 }), is("encryptionKey")],

  "Database: null props": ["Database", () => null, is("props")],
  "Database: production 'no'": ["Database", () => ({ production: "no" }), is("production")],
  "Database: highAvailability 'false'": ["Database", () => ({ highAvailability: "false" }), is("highAvailability")],
  "Database: version a number": ["Database", () => ({ version: 17 }), is("version")],
  "Database: empty machine type": ["Database", (c) => ({ machineType: { [c]: "" } }), is("machineType.<cloud>")],
  "Database: storageGb a string": ["Database", () => ({ storageGb: "20" }), is("storageGb")],
  "Database: maxStorageGb a string": ["Database", () => ({ maxStorageGb: "100" }), is("maxStorageGb")],
  "Database: backupRetentionDays a string": [
    "Database",
    () => ({ backupRetentionDays: "7" }),
    is("backupRetentionDays"),
  ],
  "Database: maintenanceWindow null": ["Database", () => ({ maintenanceWindow: null }), is("maintenanceWindow")],
  "Database: maintenanceWindow a string": ["Database", () => ({ maintenanceWindow: "sun" }), is("maintenanceWindow")],
  "Database: maintenance hour a string": [
    "Database",
    () => ({ maintenanceWindow: { day: "sun", hour: "3" } }),
    is("maintenanceWindow.hour"),
  ],
  "Database: databaseName a list": ["Database", () => ({ databaseName: ["app"] }), is("databaseName")],
  "Database: allowFrom a string": ["Database", () => ({ allowFrom: "10.0.0.0/8" }), is("allowFrom")],
  "Database: allowFrom entry null": ["Database", () => ({ allowFrom: [null] }), is("allowFrom[0].from")],
  "Database: allowFrom entry a number": ["Database", () => ({ allowFrom: [5] }), is("allowFrom[0].from")],
  "Database: engine a number": ["Database", () => ({ engine: 5 }), is("engine")],

  "Cluster: null props": ["Cluster", () => null, is("props")],
  "Cluster: version a number": ["Cluster", () => ({ version: 1.33 }), is("version")],
  "Cluster: nodePools null": ["Cluster", () => ({ nodePools: null }), is("nodePools")],
  "Cluster: nodePools a string": ["Cluster", () => ({ nodePools: "general" }), is("nodePools")],
  "Cluster: node pool null": ["Cluster", () => ({ nodePools: { general: null } }), is("nodePools.general")],
  "Cluster: node pool a number": ["Cluster", () => ({ nodePools: { general: 5 } }), is("nodePools.general")],
  "Cluster: minNodes a string": [
    "Cluster",
    () => ({ nodePools: { general: { minNodes: "1" } } }),
    is("nodePools.general.minNodes"),
  ],
  "Cluster: diskGb null": [
    "Cluster",
    () => ({ nodePools: { general: { diskGb: null } } }),
    is("nodePools.general.diskGb"),
  ],
  "Cluster: spot 'false'": [
    "Cluster",
    () => ({ nodePools: { general: { spot: "false" } } }),
    is("nodePools.general.spot"),
  ],
  "Cluster: pool machine type empty": [
    "Cluster",
    (c) => ({ nodePools: { general: { machineType: { [c]: "" } } } }),
    is("nodePools.general.machineType.<cloud>"),
  ],
  "Cluster: labels a string": [
    "Cluster",
    () => ({ nodePools: { general: { labels: "team" } } }),
    is("nodePools.general.labels"),
  ],
  "Cluster: label value a number": [
    "Cluster",
    () => ({ nodePools: { general: { labels: { team: 5 } } } }),
    is("nodePools.general.labels.team"),
  ],
  "Cluster: taints an object": [
    "Cluster",
    () => ({ nodePools: { general: { taints: { key: "gpu" } } } }),
    is("nodePools.general.taints"),
  ],
  "Cluster: taint null": [
    "Cluster",
    () => ({ nodePools: { general: { taints: [null] } } }),
    is("nodePools.general.taints[0]"),
  ],
  "Cluster: taint key a number": [
    "Cluster",
    () => ({ nodePools: { general: { taints: [{ key: 5, effect: "NoSchedule" }] } } }),
    is("nodePools.general.taints[0].key"),
  ],
  "Cluster: deletionProtection 'false'": ["Cluster", () => ({ deletionProtection: "false" }), is("deletionProtection")],
  "Cluster: endpointAccess null": ["Cluster", () => ({ endpointAccess: null }), is("endpointAccess")],
  "Cluster: admins a string": ["Cluster", () => ({ admins: "me" }), is("admins")],
  "Cluster: releaseChannel a number": ["Cluster", () => ({ releaseChannel: 5 }), is("releaseChannel")],
};

// One stack and network per cloud for all probes: a probe that throws leaves only its own node behind,
// and each has its own id, so no probe sees another's.
describe.each(CLOUDS)("bad props on %s", (cloud) => {
  let stack: CloudStack;
  let network: Network;
  beforeAll(() => {
    stack = testStack(cloud);
    network = new Network(stack, "network");
  });

  const cases = Object.entries(CASES).map(([name, c], i) => [name, c, `probe-${i}`] as const);
  test.each(cases)("%s", (_name, [kind, props, prop], id) => {
    const error = probe(() => constructIn(stack, network, id, kind, props(cloud)));
    expect({ prop: error.prop, path: error.constructPath, kind: error.kind }).toEqual({
      prop: prop(cloud),
      path: `${cloud}-test/${id}`,
      kind,
    });
    expect(error.message.startsWith(`${kind} '${cloud}-test/${id}': `)).toBe(true);
    // A 1 MB value is never echoed whole.
    expect(error.message.length).toBeLessThan(400);
  });
});

// GCP only: aws rejects gcpScopes as a whole (test/compute-instance.test.ts, "gcpScopes is GCP-only").
describe("bad props on gcp", () => {
  test("gcpScopes outside the documented forms", () => {
    const stack = testStack("gcp");
    const network = new Network(stack, "network");
    const cases = [
      [["whatever"], "gcpScopes[0]"],
      [["https://evil.example.com/auth/x"], "gcpScopes[0]"],
      [["storage-ro", 5], "gcpScopes[1]"],
      ["cloud-platform", "gcpScopes"],
    ] as const;
    cases.forEach(([gcpScopes, prop], i) => {
      expect(probe(() => constructIn(stack, network, `scopes-${i}`, "ComputeInstance", { gcpScopes })).prop).toBe(prop);
    });
  });
});

describe.each(CLOUDS)("bad state backend options on %s", (cloud) => {
  const cases: [string, () => StateBackend, string][] = [
    ["s3 without a bucket", () => StateBackend.s3({} as never), "backend.bucket"],
    ["gcs without a bucket", () => StateBackend.gcs({} as never), "backend.bucket"],
    ["s3 with a number bucket", () => StateBackend.s3({ bucket: 5 } as never), "backend.bucket"],
    ["s3 with null options", () => StateBackend.s3(null as never), "backend.options"],
    [
      "s3 with a misspelt option",
      () => StateBackend.s3({ bucket: "acme-state", bukcet: "x" } as never),
      "backend.bukcet",
    ],
    [
      "s3 with a number kmsKeyId",
      () => StateBackend.s3({ bucket: "acme-state", kmsKeyId: 5 } as never),
      "backend.kmsKeyId",
    ],
    ["local with an empty path", () => StateBackend.local({ path: "" }), "backend.path"],
    ["local with a UNC path", () => StateBackend.local({ path: "\\\\server\\share\\state.tfstate" }), "backend.path"],
    ["local with a drive path", () => StateBackend.local({ path: "C:\\state.tfstate" }), "backend.path"],
    ["local with a number path", () => StateBackend.local({ path: 5 } as never), "backend.path"],
  ];
  test.each(cases)("%s", (_name, backend, prop) => {
    const error = probe(
      () => new CloudStack(Testing.app(), `${cloud}-test`, stackProps(cloud, { backend: backend() })),
    );
    expect({ prop: error.prop, path: error.constructPath, kind: error.kind }).toEqual({
      prop,
      path: `${cloud}-test`,
      kind: "CloudStack",
    });
    expect(error.message.startsWith(`CloudStack '${cloud}-test': backend `)).toBe(true);
  });
});
