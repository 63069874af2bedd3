import { TerraformOutput, TerraformVariable } from "cdktf";
import { Network, NetworkProps } from "../lib";
import { CLOUDS, onlyResource, resourcesOf, resourceTypes, synth, testStack } from "./helpers";
import { Cloud } from "../lib";

function network(cloud: Cloud, props: NetworkProps = {}, environment = "dev") {
  const stack = testStack(cloud, { environment });
  const net = new Network(stack, "network", props);
  return { stack, net, ...synth(stack) };
}

describe("Network on aws", () => {
  test("defaults: VPC with DNS, 2 zones of public and private subnets, one NAT, flow logs, emptied default SG", () => {
    const { config } = network("aws");
    expect(resourceTypes(config)).toEqual([
      "aws_cloudwatch_log_group",
      "aws_default_security_group",
      "aws_eip",
      "aws_flow_log",
      "aws_iam_role",
      "aws_iam_role_policy",
      "aws_internet_gateway",
      "aws_nat_gateway",
      "aws_route",
      "aws_route_table",
      "aws_route_table_association",
      "aws_subnet",
      "aws_vpc",
      "aws_vpc_endpoint",
    ]);
    expect(onlyResource(config, "aws_vpc")).toMatchObject({
      cidr_block: "10.0.0.0/16",
      enable_dns_support: true,
      enable_dns_hostnames: true,
    });
    const subnets = resourcesOf(config, "aws_subnet");
    expect(subnets.map((s) => [s.cidr_block, (s.tags as Record<string, string>)["landform:tier"]]).sort()).toEqual([
      ["10.0.0.0/20", "public"],
      ["10.0.128.0/20", "private"],
      ["10.0.144.0/20", "private"],
      ["10.0.16.0/20", "public"],
    ]);
    for (const s of subnets) expect(s.map_public_ip_on_launch).toBe(false);
    expect(onlyResource(config, "aws_default_security_group")).toMatchObject({ ingress: [], egress: [] });
    expect(resourcesOf(config, "aws_nat_gateway")).toHaveLength(1);
    // Each private subnet has its own table, both routed through the one NAT gateway.
    const routes = resourcesOf(config, "aws_route");
    expect(routes.filter((r) => r.nat_gateway_id)).toHaveLength(2);
    expect(routes.filter((r) => r.gateway_id)).toHaveLength(1);
  });

  test("flow logs go to a log group through a role that may write only there", () => {
    const { config } = network("aws");
    expect(onlyResource(config, "aws_flow_log")).toMatchObject({
      traffic_type: "ALL",
      log_destination_type: "cloud-watch-logs",
    });
    expect(onlyResource(config, "aws_cloudwatch_log_group")).toMatchObject({
      name: "/landform/aws-test-network/flow-logs",
      retention_in_days: 30,
    });
    const policy = JSON.parse(onlyResource(config, "aws_iam_role_policy").policy as string);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [
          expect.stringMatching(/^\$\{aws_cloudwatch_log_group\..*\.arn\}$/),
          expect.stringMatching(/\.arn\}:\*$/),
        ],
      },
      { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
    expect(
      JSON.parse(onlyResource(config, "aws_iam_role").assume_role_policy as string).Statement[0].Principal,
    ).toEqual({ Service: "vpc-flow-logs.amazonaws.com" });
  });

  test("production: 3 zones, a NAT gateway per zone, a year of flow logs", () => {
    const { config } = network("aws", {}, "prod");
    expect(resourcesOf(config, "aws_subnet")).toHaveLength(6);
    expect(resourcesOf(config, "aws_nat_gateway")).toHaveLength(3);
    const natIds = resourcesOf(config, "aws_route")
      .map((r) => r.nat_gateway_id)
      .filter(Boolean);
    expect(new Set(natIds).size).toBe(3);
    expect(onlyResource(config, "aws_cloudwatch_log_group").retention_in_days).toBe(365);
  });

  test("natGateways none leaves private subnets without a default route", () => {
    const { config } = network("aws", { natGateways: "none" });
    expect(resourcesOf(config, "aws_nat_gateway")).toHaveLength(0);
    expect(resourcesOf(config, "aws_eip")).toHaveLength(0);
    expect(resourcesOf(config, "aws_route")).toHaveLength(1);
  });

  test("flowLogRetentionDays sets the log group's retention", () => {
    expect(
      onlyResource(network("aws", { flowLogRetentionDays: 90 }).config, "aws_cloudwatch_log_group").retention_in_days,
    ).toBe(90);
  });

  test("adding a zone keeps every existing subnet's block (no replacement)", () => {
    const cidrs = (zones: number) =>
      resourcesOf(network("aws", { zones }).config, "aws_subnet").map((s) => s.cidr_block);
    const two = cidrs(2);
    const three = cidrs(3);
    for (const c of two) expect(three).toContain(c);
  });

  test("subnets take availability zones from the region's list, in order", () => {
    const { config } = network("aws");
    const zones = resourcesOf(config, "aws_subnet").map((s) => s.availability_zone);
    expect(zones[0]).toMatch(/^\$\{element\(data\.aws_availability_zones\..*\.names, 0\)\}$/);
    expect(zones[1]).toMatch(/, 1\)\}$/);
  });

  test("podsCidr and servicesCidr are GCP-only and fail on aws", () => {
    expect(() => network("aws", { podsCidr: "10.1.0.0/16" })).toThrow(
      "Network 'aws-test/network': podsCidr is not supported on aws: EKS pods take addresses from the VPC's subnets and services get a range outside the VPC; remove podsCidr from aws stacks.",
    );
    expect(() => network("aws", { servicesCidr: "10.1.0.0/16" })).toThrow("servicesCidr is not supported on aws");
  });

  test("escape hatch reaches the VPC, and .gcp fails", () => {
    const { net } = network("aws");
    net.aws.vpc.instanceTenancy = "default";
    expect(net.aws.privateSubnets).toHaveLength(2);
    expect(() => net.gcp).toThrow(
      "Network 'aws-test/network': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });

  test("snapshot", () => {
    expect(network("aws").json).toMatchSnapshot();
  });
});

describe("Network on gcp", () => {
  test("defaults: custom-mode VPC, one subnetwork with pods and services ranges, Cloud NAT, deny-all ingress", () => {
    const { config } = network("gcp");
    expect(resourceTypes(config)).toEqual([
      "google_compute_firewall",
      "google_compute_network",
      "google_compute_router",
      "google_compute_router_nat",
      "google_compute_subnetwork",
      "google_project_service",
    ]);
    expect(onlyResource(config, "google_compute_network")).toMatchObject({
      name: "gcp-test-network",
      auto_create_subnetworks: false,
      routing_mode: "REGIONAL",
    });
    expect(onlyResource(config, "google_compute_subnetwork")).toMatchObject({
      name: "gcp-test-network-europe-west1",
      region: "europe-west1",
      ip_cidr_range: "10.0.0.0/20",
      private_ip_google_access: true,
      secondary_ip_range: [
        { range_name: "pods", ip_cidr_range: "10.0.128.0/17" },
        { range_name: "services", ip_cidr_range: "10.0.16.0/20" },
      ],
      log_config: { aggregation_interval: "INTERVAL_5_SEC", flow_sampling: 0.5, metadata: "INCLUDE_ALL_METADATA" },
    });
    expect(onlyResource(config, "google_compute_router_nat")).toMatchObject({
      nat_ip_allocate_option: "AUTO_ONLY",
      source_subnetwork_ip_ranges_to_nat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
    });
    const [allow, deny] = resourcesOf(config, "google_compute_firewall");
    expect(allow).toMatchObject({
      direction: "INGRESS",
      source_ranges: ["10.0.0.0/20", "10.0.128.0/17", "10.0.16.0/20"],
    });
    expect(deny).toMatchObject({
      direction: "INGRESS",
      priority: 65534,
      source_ranges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
    });
  });

  test("natGateways: single and per-zone both make one regional Cloud NAT; none makes none", () => {
    expect(resourcesOf(network("gcp", { natGateways: "per-zone" }).config, "google_compute_router_nat")).toHaveLength(
      1,
    );
    expect(resourcesOf(network("gcp", { natGateways: "single" }).config, "google_compute_router_nat")).toHaveLength(1);
    const none = network("gcp", { natGateways: "none" }).config;
    expect(resourcesOf(none, "google_compute_router_nat")).toHaveLength(0);
    expect(resourcesOf(none, "google_compute_router")).toHaveLength(0);
  });

  test("podsCidr and servicesCidr replace the carved ranges", () => {
    const { config } = network("gcp", { podsCidr: "172.16.0.0/14", servicesCidr: "172.20.0.0/20" });
    expect(onlyResource(config, "google_compute_subnetwork").secondary_ip_range).toEqual([
      { range_name: "pods", ip_cidr_range: "172.16.0.0/14" },
      { range_name: "services", ip_cidr_range: "172.20.0.0/20" },
    ]);
  });

  test("overlapping ranges are rejected", () => {
    expect(() => network("gcp", { podsCidr: "10.0.0.0/17" })).toThrow(
      "Network 'gcp-test/network': podsCidr 10.0.0.0/17 overlaps the primary range 10.0.0.0/20; choose ranges that do not overlap.",
    );
    expect(() => network("gcp", { podsCidr: "172.16.0.0/14", servicesCidr: "172.16.0.0/20" })).toThrow(
      "servicesCidr 172.16.0.0/20 overlaps the podsCidr 172.16.0.0/14",
    );
  });

  test("flowLogRetentionDays is AWS-only and fails on gcp", () => {
    expect(() => network("gcp", { flowLogRetentionDays: 30 })).toThrow(
      "Network 'gcp-test/network': flowLogRetentionDays is not supported on gcp: subnet flow logs go to Cloud Logging, whose retention is set on the log bucket; remove flowLogRetentionDays from gcp stacks.",
    );
  });

  test("escape hatch reaches the subnetwork, and .aws fails", () => {
    const { net } = network("gcp");
    expect(net.gcp.podsRangeName).toBe("pods");
    expect(() => net.aws).toThrow(".aws is only available on aws stacks, and this stack targets gcp");
  });

  test("snapshot", () => {
    expect(network("gcp").json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("Network on %s (portable)", (cloud) => {
  test("cidr and subnetPrefixLength carve the subnets", () => {
    const { config } = network(cloud, { cidr: "192.168.0.0/20", subnetPrefixLength: 24 });
    const blocks =
      cloud === "aws"
        ? resourcesOf(config, "aws_subnet")
            .map((s) => s.cidr_block as string)
            .sort()
        : [onlyResource(config, "google_compute_subnetwork").ip_cidr_range];
    expect(blocks[0]).toBe("192.168.0.0/24");
    if (cloud === "aws")
      expect(blocks).toEqual(["192.168.0.0/24", "192.168.1.0/24", "192.168.8.0/24", "192.168.9.0/24"]);
  });

  test("zones is kept on the network for zonal resources", () => {
    expect(network(cloud, { zones: 3 }).net.zones).toBe(3);
    expect(network(cloud, {}, "prod").net.zones).toBe(3);
    expect(network(cloud).net.zones).toBe(2);
  });

  test("flowLogs false records none", () => {
    const { config } = network(cloud, { flowLogs: false });
    if (cloud === "aws") {
      expect(resourcesOf(config, "aws_flow_log")).toHaveLength(0);
      expect(resourcesOf(config, "aws_iam_role")).toHaveLength(0);
    } else {
      expect(onlyResource(config, "google_compute_subnetwork").log_config).toBeUndefined();
    }
  });

  test("attributes point at the cloud's resources", () => {
    const stack = testStack(cloud);
    const net = new Network(stack, "network");
    new TerraformOutput(stack, "id", { value: net.networkId });
    new TerraformOutput(stack, "private", { value: net.privateSubnetIds });
    new TerraformOutput(stack, "public", { value: net.publicSubnetIds });
    const out = synth(stack).config.output ?? {};
    const vpc = cloud === "aws" ? "aws_vpc" : "google_compute_network";
    const subnet = cloud === "aws" ? "aws_subnet" : "google_compute_subnetwork";
    expect(out.id.value).toMatch(new RegExp(`^\\$\\{${vpc}\\.network_[0-9A-F]+\\.id\\}$`));
    expect(out.private.value).toHaveLength(cloud === "aws" ? 2 : 1);
    expect(out.public.value).toHaveLength(cloud === "aws" ? 2 : 1);
    for (const id of [...(out.private.value as string[]), ...(out.public.value as string[])])
      expect(id).toContain(`\${${subnet}.`);
  });

  const rejected: [NetworkProps, string][] = [
    [{ cidr: "10.0.0.0/33" }, `cidr "10.0.0.0/33" is not an IPv4 CIDR block; use a block such as "10.0.0.0/16".`],
    [
      { cidr: "10.0.1.0/16" },
      `cidr "10.0.1.0/16" has host bits set (the block starts at 10.0.0.0/16); use a block such as "10.0.0.0/16".`,
    ],
    [{ cidr: "10.0.0.0/8" }, `cidr "10.0.0.0/8" must be a /16 to /24 block; use a block such as "10.0.0.0/16".`],
    [{ zones: 0 }, "zones 0 must be a whole number from 1 to 6; set zones to 2 or 3."],
    [{ zones: 2.5 }, "zones 2.5 must be a whole number from 1 to 6; set zones to 2 or 3."],
    [
      { subnetPrefixLength: 16 },
      "subnetPrefixLength 16 must be longer than the CIDR's /16 and at most 28; use a value from 17 to 28.",
    ],
    [{ natGateways: "two" as never }, `natGateways "two" is not a NAT mode; use "none", "single" or "per-zone".`],
    [{ flowLogRetentionDays: 10 }, "flowLogRetentionDays 10 is not a retention CloudWatch Logs offers;"],
  ];
  // flowLogRetentionDays is AWS-only: gcp rejects the prop as a whole, in its own test.
  test.each(rejected.filter(([props]) => cloud === "aws" || !("flowLogRetentionDays" in props)))(
    "rejects %j",
    (props, message) => {
      expect(() => network(cloud, props)).toThrow(`Network '${cloud}-test/network': ${message}`);
    },
  );

  test("subnet counts that do not fit the CIDR are rejected", () => {
    const message =
      cloud === "aws"
        ? "Network 'aws-test/network': subnetPrefixLength 18 leaves room for 4 subnets in 10.0.0.0/16, but 3 zones need 6 (a public and a private subnet per zone); use a longer subnetPrefixLength, a larger cidr or fewer zones."
        : "Network 'gcp-test/network': subnetPrefixLength 17 leaves room for 2 subnets in 10.0.0.0/16, but GCP needs 4 (primary, services, and the pods half); use a longer subnetPrefixLength, a larger cidr.";
    expect(() =>
      network(cloud, cloud === "aws" ? { zones: 3, subnetPrefixLength: 18 } : { subnetPrefixLength: 17 }),
    ).toThrow(message);
  });

  test("names are deterministic and within the cloud's rules", () => {
    const a = network(cloud).json;
    const b = network(cloud).json;
    expect(a).toBe(b);
  });

  test("production snapshot", () => {
    expect(network(cloud, {}, "prod").json).toMatchSnapshot();
  });
});

describe("Network with tokens", () => {
  test("a CIDR known only at apply time is refused with the reason", () => {
    const stack = testStack("aws");
    const cidr = new TerraformVariable(stack, "cidr", { type: "string" }).stringValue;
    expect(() => new Network(stack, "network", { cidr })).toThrow(
      /^Network 'aws-test\/network': cidr "\$\{TfToken\[TOKEN\.\d+\]\}" is a token only known at apply time, but Network lays out its subnets at synth time; pass cidr as a literal value\.$/,
    );
  });

  test("a retention known only at apply time is passed through unvalidated", () => {
    const stack = testStack("aws");
    const days = new TerraformVariable(stack, "days", { type: "number" }).numberValue;
    new Network(stack, "network", { flowLogRetentionDays: days });
    expect(onlyResource(synth(stack).config, "aws_cloudwatch_log_group").retention_in_days).toBe("${var.days}");
  });
});

describe("Network zones on aws", () => {
  test("every subnet checks at plan time that the region has the zones asked for", () => {
    const { config } = network("aws", { zones: 3 });
    for (const s of resourcesOf(config, "aws_subnet")) {
      expect(s.lifecycle).toEqual({
        precondition: [
          {
            condition: expect.stringMatching(/^\$\{\(length\(data\.aws_availability_zones\.\w+\.names\) >= 3\)\}$/),
            error_message:
              "Network aws-test/network asks for 3 zones, more than this region has available; lower zones.",
          },
        ],
      });
    }
  });
});
