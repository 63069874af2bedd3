import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsNetworkResources } from "./aws/network";
import { capacity, Cidr, cidrProblem, format, overlaps, parseCidr, subnet } from "./core/cidr";
import { forCloud } from "./core/cloud";
import { CloudStack } from "./core/cloud-stack";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import type { GcpNetworkResources } from "./gcp/network";

/** How private subnets reach the internet. */
export type NatGateways = "none" | "single" | "per-zone";

export interface NetworkProps {
  /** The one IPv4 block the network owns, /16 to /24; every subnet and range is carved from it. @default "10.0.0.0/16" */
  readonly cidr?: string;
  /**
   * How many zones the network spans. AWS: a public and a private subnet in each availability zone.
   * GCP: subnets are regional; zonal resources built on the network (node pools) spread over this many zones.
   * @default - 3 in production, 2 otherwise
   */
  readonly zones?: number;
  /** Prefix length of each subnet (AWS) or of the primary range (GCP). @default - the CIDR's prefix + 4 (a /20 in a /16) */
  readonly subnetPrefixLength?: number;
  /**
   * NAT for private subnets. AWS: no NAT gateway, one shared, or one per zone.
   * GCP: Cloud NAT is regional and zone-redundant, so "single" and "per-zone" both create one Cloud NAT.
   * @default - "per-zone" in production, "single" otherwise
   */
  readonly natGateways?: NatGateways;
  /** Record flow logs (AWS: VPC flow logs to CloudWatch Logs; GCP: subnet flow logs to Cloud Logging). @default true */
  readonly flowLogs?: boolean;
  /** AWS only: days CloudWatch keeps flow logs. @default - 365 in production, 30 otherwise */
  readonly flowLogRetentionDays?: number;
  /** GCP only: secondary range for Kubernetes pods. @default - the upper half of cidr */
  readonly podsCidr?: string;
  /** GCP only: secondary range for Kubernetes services. @default - the block after the primary range */
  readonly servicesCidr?: string;
}

/** A Network's props after defaults and validation: what a cloud implementation builds. */
export interface NetworkSpec {
  readonly cidr: string;
  readonly zones: number;
  readonly natGateways: NatGateways;
  readonly flowLogs: boolean;
  readonly flowLogRetentionDays: number;
  /** AWS: one block per zone for public and private subnets, at stable slots so adding a zone moves nothing. */
  readonly publicSubnetCidrs: string[];
  readonly privateSubnetCidrs: string[];
  /** GCP: the subnetwork's primary range and its secondary ranges. */
  readonly primaryCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
}

/** What each cloud's implementation hands back. */
export interface NetworkAttributes {
  readonly networkId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
}

const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];
const KIND = "Network";

/**
 * A private network on the stack's cloud: an AWS VPC with public and private subnets per zone,
 * or a GCP VPC with one regional subnetwork, secondary ranges for Kubernetes, and Cloud NAT.
 */
export class Network extends Construct {
  readonly cidr: string;
  readonly zones: number;
  /** AWS: VPC id. GCP: network id (`projects/<p>/global/networks/<name>`). */
  readonly networkId: string;
  /** AWS: one public subnet per zone. GCP: the regional subnetwork (public access is per instance). */
  readonly publicSubnetIds: string[];
  /** AWS: one private subnet per zone. GCP: the regional subnetwork. */
  readonly privateSubnetIds: string[];
  readonly spec: NetworkSpec;
  private readonly stack: CloudStack;
  private readonly resources: AwsNetworkResources | GcpNetworkResources;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    this.stack = CloudStack.of(this);
    this.spec = resolve(this, this.stack, props);
    this.cidr = this.spec.cidr;
    this.zones = this.spec.zones;

    this.resources = forCloud<AwsNetworkResources | GcpNetworkResources>(this.stack.cloud, {
      aws: () => (require("./aws/network") as typeof import("./aws/network")).buildNetwork(this, this.spec),
      gcp: () => (require("./gcp/network") as typeof import("./gcp/network")).buildNetwork(this, this.spec),
    });
    ({
      networkId: this.networkId,
      publicSubnetIds: this.publicSubnetIds,
      privateSubnetIds: this.privateSubnetIds,
    } = this.resources.attributes);
  }

  /** Escape hatch to the AWS resources (VPC, subnets, gateways). Throws on other clouds. */
  get aws(): AwsNetworkResources {
    return resourcesOn<AwsNetworkResources>(this, "aws", this.resources);
  }

  /** Escape hatch to the GCP resources (network, subnetwork, router, NAT). Throws on other clouds. */
  get gcp(): GcpNetworkResources {
    return resourcesOn<GcpNetworkResources>(this, "gcp", this.resources);
  }
}

/** The `network` prop of a construct built on a Network: present, and in the construct's own stack. */
export function requireNetwork(scope: Construct, network: Network | undefined, kind: string): Network {
  if (!(network instanceof Network)) {
    throw invalidProp(
      scope,
      "network",
      undefined,
      "is required",
      'pass the Network it lives in, e.g. network: new Network(this, "network")',
      kind,
    );
  }
  if (CloudStack.of(network) !== CloudStack.of(scope)) {
    throw invalidConfig(
      scope,
      `network '${network.node.path}' is in another stack`,
      "use a Network of the same CloudStack",
      kind,
    );
  }
  return network;
}

function resolve(scope: Network, stack: CloudStack, props: NetworkProps): NetworkSpec {
  const cloud = stack.cloud;
  const cidrText = props.cidr ?? "10.0.0.0/16";
  for (const prop of ["cidr", "zones", "subnetPrefixLength", "podsCidr", "servicesCidr"] as const) {
    // These decide how many subnets exist and where they sit, so they must be known now.
    if (Token.isUnresolved(props[prop])) {
      throw invalidProp(
        scope,
        prop,
        Token.asString(props[prop]),
        "is a token only known at apply time, but Network lays out its subnets at synth time",
        `pass ${prop} as a literal value`,
        KIND,
      );
    }
  }
  const cidr = checkCidr(scope, "cidr", cidrText);
  if (cidr.prefix < 16 || cidr.prefix > 24) {
    throw invalidProp(scope, "cidr", cidrText, "must be a /16 to /24 block", 'use a block such as "10.0.0.0/16"', KIND);
  }
  const zones = props.zones ?? (stack.production ? 3 : 2);
  if (!Number.isInteger(zones) || zones < 1 || zones > 6) {
    throw invalidProp(scope, "zones", zones, "must be a whole number from 1 to 6", "set zones to 2 or 3", KIND);
  }
  const subnetPrefix = props.subnetPrefixLength ?? Math.min(cidr.prefix + 4, 28);
  if (!Number.isInteger(subnetPrefix) || subnetPrefix <= cidr.prefix || subnetPrefix > 28) {
    throw invalidProp(
      scope,
      "subnetPrefixLength",
      subnetPrefix,
      `must be longer than the CIDR's /${cidr.prefix} and at most 28`,
      `use a value from ${cidr.prefix + 1} to 28`,
      KIND,
    );
  }
  const slots = capacity(cidr, subnetPrefix);
  const needed = cloud === "aws" ? 2 * zones : 4;
  if (slots < needed) {
    const what =
      cloud === "aws"
        ? `${zones} zones need ${needed} (a public and a private subnet per zone)`
        : `GCP needs ${needed} (primary, services, and the pods half)`;
    throw invalidConfig(
      scope,
      `subnetPrefixLength ${subnetPrefix} leaves room for ${slots} subnets in ${cidrText}, but ${what}`,
      `use a longer subnetPrefixLength, a larger cidr${cloud === "aws" ? " or fewer zones" : ""}`,
      KIND,
    );
  }
  const natGateways = props.natGateways ?? (stack.production ? "per-zone" : "single");
  if (!["none", "single", "per-zone"].includes(natGateways)) {
    throw invalidProp(
      scope,
      "natGateways",
      natGateways,
      "is not a NAT mode",
      'use "none", "single" or "per-zone"',
      KIND,
    );
  }
  if (cloud === "gcp" && props.flowLogRetentionDays !== undefined) {
    throw unsupportedOnCloud(
      scope,
      "flowLogRetentionDays",
      "gcp",
      "subnet flow logs go to Cloud Logging, whose retention is set on the log bucket",
      "remove flowLogRetentionDays from gcp stacks",
      KIND,
    );
  }
  const retention = props.flowLogRetentionDays ?? (stack.production ? 365 : 30);
  if (!Token.isUnresolved(retention) && !RETENTION_DAYS.includes(retention)) {
    throw invalidProp(
      scope,
      "flowLogRetentionDays",
      retention,
      "is not a retention CloudWatch Logs offers",
      `use one of ${RETENTION_DAYS.join(", ")}`,
      KIND,
    );
  }
  for (const prop of ["podsCidr", "servicesCidr"] as const) {
    if (cloud === "aws" && props[prop] !== undefined) {
      throw unsupportedOnCloud(
        scope,
        prop,
        "aws",
        "EKS pods take addresses from the VPC's subnets and services get a range outside the VPC",
        `remove ${prop} from aws stacks`,
        KIND,
      );
    }
  }

  const half = slots / 2;
  const block = (i: number) => format(subnet(cidr, subnetPrefix, i));
  const primary = subnet(cidr, subnetPrefix, 0);
  const services = props.servicesCidr
    ? checkCidr(scope, "servicesCidr", props.servicesCidr)
    : subnet(cidr, subnetPrefix, 1);
  const pods = props.podsCidr ? checkCidr(scope, "podsCidr", props.podsCidr) : subnet(cidr, cidr.prefix + 1, 1);
  if (cloud === "gcp") {
    const ranges: [string, Cidr][] = [
      ["primary range", primary],
      ["podsCidr", pods],
      ["servicesCidr", services],
    ];
    for (let i = 0; i < ranges.length; i++) {
      for (let j = i + 1; j < ranges.length; j++) {
        if (overlaps(ranges[i][1], ranges[j][1])) {
          throw invalidConfig(
            scope,
            `${ranges[j][0]} ${format(ranges[j][1])} overlaps the ${ranges[i][0]} ${format(ranges[i][1])}`,
            "choose ranges that do not overlap",
            KIND,
          );
        }
      }
    }
  }
  return {
    cidr: cidrText,
    zones,
    natGateways,
    flowLogs: props.flowLogs ?? true,
    flowLogRetentionDays: retention,
    publicSubnetCidrs: range(zones).map((i) => block(i)),
    privateSubnetCidrs: range(zones).map((i) => block(half + i)),
    primaryCidr: format(primary),
    podsCidr: format(pods),
    servicesCidr: format(services),
  };
}

function checkCidr(scope: Construct, prop: string, text: string): Cidr {
  const problem = typeof text === "string" ? cidrProblem(text) : "is not an IPv4 CIDR block";
  if (problem) throw invalidProp(scope, prop, text, problem, 'use a block such as "10.0.0.0/16"', KIND);
  return parseCidr(text);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}
