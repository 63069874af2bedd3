import { IConstruct } from "constructs";

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

/** A Network's props after the portable defaults and checks: what a cloud lays out and builds. */
export interface NetworkSpec {
  readonly cidr: string;
  readonly zones: number;
  readonly subnetPrefixLength: number;
  readonly natGateways: NatGateways;
  readonly flowLogs: boolean;
  readonly flowLogRetentionDays: number;
  readonly podsCidr?: string;
  readonly servicesCidr?: string;
}

/** What other constructs use of a network; also what `Network.fromAttributes` takes for one made elsewhere. */
export interface NetworkAttributes {
  /** AWS: VPC id. GCP: network id (`projects/<p>/global/networks/<name>`). */
  readonly networkId: string;
  /** The network's IPv4 block. */
  readonly cidr: string;
  /** How many zones the network's subnets span. */
  readonly zones: number;
  /** AWS: one public subnet per zone. GCP: the regional subnetwork. */
  readonly publicSubnetIds: readonly string[];
  /** AWS: one private subnet per zone. GCP: the regional subnetwork. */
  readonly privateSubnetIds: readonly string[];
  /** GCP only: the subnetwork's primary range (nodes, VMs). @default - cidr */
  readonly primaryCidr?: string;
  /** GCP only: the name of the subnetwork's secondary range for Kubernetes pods (needed by a Cluster). */
  readonly podsRangeName?: string;
  /** GCP only: the name of the subnetwork's secondary range for Kubernetes services (needed by a Cluster). */
  readonly servicesRangeName?: string;
  /**
   * GCP only: the network's existing private services access (the allocated range peered to
   * Google's service network), needed by a Database on an imported network: Landform never adds a
   * second peering to a network it does not own.
   */
  readonly privateServices?: { readonly rangeName: string; readonly cidr: string };
}

/** A network, made by Landform or imported with `Network.fromAttributes`. */
export interface INetwork extends IConstruct, NetworkAttributes {
  /** @internal True when Landform declares the network's resources (not imported). */
  readonly managed?: boolean;
}
