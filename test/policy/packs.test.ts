import { allowedRegionsPack, allowedSizesPack, requiredTagsPack } from "../../lib";
import { checkStacks } from "../../lib/policy";
import { regionOfZone } from "../../lib/policy/packs/allowed-regions";

const run = (pack: ReturnType<typeof allowedRegionsPack>, json: Record<string, unknown>) =>
  checkStacks([{ name: "s", json }], { packs: [pack] }).findings.map((f) => `${f.ruleId} ${f.address}: ${f.message}`);

describe("allowed-regions pack", () => {
  const pack = allowedRegionsPack({ regions: ["eu-west-1", "europe-west1", "EU"] });

  test("passes providers and resources in allowed regions, zones and locations", () => {
    const json = {
      provider: { aws: [{ region: "eu-west-1" }], google: [{ region: "europe-west1", zone: "europe-west1-b" }] },
      resource: {
        aws_ebs_volume: { v: { availability_zone: "eu-west-1a" } },
        google_compute_instance: { vm: { zone: "europe-west1-c" } },
        google_storage_bucket: { b: { location: "EU" } },
        google_compute_subnetwork: { s: { region: "${var.region}" } },
      },
    };
    expect(run(pack, json)).toEqual([]);
  });

  test("reports providers and resources elsewhere", () => {
    const json = {
      provider: { aws: [{ alias: "us", region: "us-east-1" }] },
      resource: {
        google_compute_instance: { vm: { zone: "us-central1-a" } },
        google_sql_database_instance: { db: { region: "asia-east1" } },
      },
    };
    expect(run(pack, json)).toEqual([
      'allowed-regions provider.aws.us: region "us-east-1" is outside the allowed regions',
      'allowed-regions google_compute_instance.vm: zone "us-central1-a" is outside the allowed regions',
      'allowed-regions google_sql_database_instance.db: region "asia-east1" is outside the allowed regions',
    ]);
  });

  test("zones map to their region", () => {
    expect(["eu-west-1a", "europe-west1-b", "us-gov-west-1b", "EU"].map(regionOfZone)).toEqual([
      "eu-west-1",
      "europe-west1",
      "us-gov-west-1",
      "EU",
    ]);
  });

  test("needs a list of regions", () => {
    expect(() => allowedRegionsPack({ regions: [] })).toThrow(
      'allowed-regions pack: "regions" must be a non-empty list, e.g. ["eu-west-1", "europe-west1"].',
    );
  });
});

describe("allowed-sizes pack", () => {
  const pack = allowedSizesPack({ allowed: ["t3.*", "db.t4g.*", "e2-*", "db-custom-1-*"] });

  test("passes allowed sizes", () => {
    const json = {
      resource: {
        aws_instance: { a: { instance_type: "t3.large" } },
        aws_db_instance: { d: { instance_class: "db.t4g.micro" } },
        aws_eks_node_group: { n: { instance_types: ["t3.medium", "t3.large"] } },
        google_container_node_pool: { p: { node_config: { machine_type: "e2-standard-4" } } },
        google_sql_database_instance: { s: { settings: { tier: "db-custom-1-3840" } } },
        aws_launch_template: { l: { instance_type: "${var.size}" } },
      },
    };
    expect(run(pack, json)).toEqual([]);
  });

  test("reports the others", () => {
    const json = {
      resource: {
        aws_instance: { a: { instance_type: "p4d.24xlarge" } },
        aws_eks_node_group: { n: { instance_types: ["t3.medium", "m5.8xlarge"] } },
        google_compute_instance: { vm: { machine_type: "a2-ultragpu-8g" } },
        aws_launch_configuration: { lc: { instance_type: "x2iedn.32xlarge" } },
        google_compute_instance_from_template: { ft: { machine_type: "m3-megamem-128" } },
      },
    };
    expect(run(pack, json)).toEqual([
      'allowed-sizes aws_instance.a: instance_type "p4d.24xlarge" is not an allowed size',
      'allowed-sizes aws_eks_node_group.n: instance_types "m5.8xlarge" is not an allowed size',
      'allowed-sizes google_compute_instance.vm: machine_type "a2-ultragpu-8g" is not an allowed size',
      'allowed-sizes aws_launch_configuration.lc: instance_type "x2iedn.32xlarge" is not an allowed size',
      'allowed-sizes google_compute_instance_from_template.ft: machine_type "m3-megamem-128" is not an allowed size',
    ]);
  });

  test("a dot in a glob is literal", () => {
    expect(
      run(allowedSizesPack({ allowed: ["t3.micro"] }), {
        resource: { aws_instance: { a: { instance_type: "t3xmicro" } } },
      }),
    ).toHaveLength(1);
  });
});

describe("required-tags pack", () => {
  test("requires its own keys under rule id required-tag-keys", () => {
    const pack = requiredTagsPack({ keys: ["team", "cost-center"], severity: "warning" });
    const json = {
      provider: { aws: [{ default_tags: [{ tags: { team: "platform" } }] }] },
      resource: { aws_vpc: { v: {} } },
    };
    const findings = checkStacks([{ name: "s", json }], { packs: [pack] }).findings;
    expect(findings.map((f) => [f.ruleId, f.severity, f.message])).toEqual([
      ["required-tag-keys", "warning", "missing tag/label cost-center"],
    ]);
  });

  test("needs keys", () => {
    expect(() => requiredTagsPack({ keys: [] })).toThrow(
      'required-tags pack: "keys" must be a non-empty list of tag keys, e.g. ["team", "cost-center"].',
    );
  });
});
