import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsNetworkResources } from "./aws/network";
import { cidrProblem, parseCidr } from "./core/cidr";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { booleanProp, numberProp, rejectNulls } from "./core/prop-types";
import { builderOf, targetOf } from "./core/registry";
import type { CloudNetworkAttribute } from "./core/target";
import { stackOf, StackInfo } from "./core/stack-info";
import type { GcpNetworkResources } from "./gcp/network";
import { INetwork, NetworkAttributes, NetworkProps, NetworkSpec } from "./contracts/network";

export type { INetwork, NatGateways, NetworkAttributes, NetworkProps } from "./contracts/network";

/**
 * A private network on the stack's cloud: an AWS VPC with public and private subnets per zone,
 * or a GCP VPC with one regional subnetwork, secondary ranges for Kubernetes, and Cloud NAT.
 */
export class Network extends Construct implements INetwork {
  /** @internal */
  static readonly landformKind = "Network";

  /**
   * A network made elsewhere (another team, another repository, by hand), for constructs built on
   * it here. Landform declares no resources for it.
   */
  static fromAttributes(scope: Construct, id: string, attributes: NetworkAttributes): INetwork {
    return new ImportedNetwork(scope, id, attributes);
  }

  readonly cidr: string;
  readonly zones: number;
  readonly networkId: string;
  readonly publicSubnetIds: string[];
  readonly privateSubnetIds: string[];
  readonly primaryCidr?: string;
  readonly podsRangeName?: string;
  readonly servicesRangeName?: string;
  /** @internal */
  readonly managed = true;
  private readonly resources: unknown;

  constructor(scope: Construct, id: string, props: NetworkProps = {}) {
    super(scope, id);
    const stack = stackOf(this);
    const spec = resolve(this, stack, props);
    const builder = builderOf(this, "network");
    builder.check(this, props, spec);
    const built = builder.build(this, spec);
    this.resources = built.resources;
    const a = built.attributes;
    this.cidr = a.cidr;
    this.zones = a.zones;
    this.networkId = a.networkId;
    this.publicSubnetIds = [...a.publicSubnetIds];
    this.privateSubnetIds = [...a.privateSubnetIds];
    this.primaryCidr = a.primaryCidr;
    this.podsRangeName = a.podsRangeName;
    this.servicesRangeName = a.servicesRangeName;
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

class ImportedNetwork extends Construct implements INetwork {
  static readonly landformKind = "Network";
  readonly networkId: string;
  readonly cidr: string;
  readonly zones: number;
  readonly publicSubnetIds: readonly string[];
  readonly privateSubnetIds: readonly string[];
  readonly primaryCidr?: string;
  readonly podsRangeName?: string;
  readonly servicesRangeName?: string;
  readonly privateServices?: { readonly rangeName: string; readonly cidr: string };

  constructor(scope: Construct, id: string, a: NetworkAttributes) {
    super(scope, id);
    stackOf(this);
    if (typeof a !== "object" || a === null) {
      throw invalidProp(this, "attributes", a, "is missing", "pass { networkId, cidr, zones, privateSubnetIds, ... }");
    }
    requireString(this, "networkId", a.networkId);
    checkCidr(this, "cidr", a.cidr);
    if (a.primaryCidr !== undefined) checkCidr(this, "primaryCidr", a.primaryCidr);
    if (!Number.isInteger(a.zones) || a.zones < 1) {
      throw invalidProp(
        this,
        "zones",
        a.zones,
        "is not a whole number of zones",
        "pass how many zones the subnets span",
      );
    }
    for (const prop of ["publicSubnetIds", "privateSubnetIds"] as const) {
      const ids = a[prop] ?? [];
      if (!Array.isArray(ids) || ids.some((s) => typeof s !== "string" || s === "")) {
        throw invalidProp(this, prop, ids, "is not a list of subnet ids", `pass ${prop} as a list of strings`);
      }
    }
    if ((a.privateSubnetIds ?? []).length === 0) {
      throw invalidProp(this, "privateSubnetIds", a.privateSubnetIds, "is empty", "pass the network's private subnets");
    }
    // A cloud-specific attribute another cloud would ignore is an error, never dropped silently.
    const target = targetOf(this);
    for (const attribute of CLOUD_NETWORK_ATTRIBUTES) {
      if (a[attribute] !== undefined && !target.data.networkAttributes.includes(attribute)) {
        throw unsupportedOnCloud(
          this,
          attribute,
          target.cloud,
          "no construct on this cloud uses it",
          `remove ${attribute} from the attributes of ${target.cloud} networks`,
        );
      }
    }
    this.networkId = a.networkId;
    this.cidr = a.cidr;
    this.zones = a.zones;
    this.publicSubnetIds = [...(a.publicSubnetIds ?? [])];
    this.privateSubnetIds = [...a.privateSubnetIds];
    this.primaryCidr = a.primaryCidr;
    this.podsRangeName = a.podsRangeName;
    this.servicesRangeName = a.servicesRangeName;
    if (a.privateServices !== undefined) {
      const ps = a.privateServices as Partial<{ rangeName: unknown; cidr: unknown }> | null;
      if (typeof ps !== "object" || ps === null || typeof ps.rangeName !== "string" || ps.rangeName === "") {
        throw invalidProp(
          this,
          "privateServices",
          a.privateServices,
          "is not { rangeName, cidr }",
          "pass the name and CIDR of the network's private services access range",
        );
      }
      // Known at plan time in a module (a variable); checked here when it is a literal.
      if (!Token.isUnresolved(ps.cidr)) checkCidr(this, "privateServices.cidr", ps.cidr);
      this.privateServices = { rangeName: ps.rangeName, cidr: ps.cidr as string };
    }
  }
}

/** @internal The `network` prop of a construct built on a network: present, and in the construct's own stack. */
export function requireNetwork(scope: Construct, network: INetwork | undefined): INetwork {
  if (!isNetwork(network)) {
    throw invalidProp(
      scope,
      "network",
      network,
      "is required",
      'pass the Network it lives in, e.g. network: new Network(this, "network")',
    );
  }
  if (stackOf(network) !== stackOf(scope)) {
    throw invalidConfig(
      scope,
      `network '${network.node.path}' is in another stack`,
      "use a Network of the same CloudStack",
    );
  }
  return network;
}

const CLOUD_NETWORK_ATTRIBUTES: readonly CloudNetworkAttribute[] = [
  "primaryCidr",
  "podsRangeName",
  "servicesRangeName",
  "privateServices",
];

function isNetwork(value: unknown): value is INetwork {
  return value instanceof Network || value instanceof ImportedNetwork;
}

function requireString(scope: Construct, prop: string, value: unknown): void {
  if (typeof value !== "string" || value === "") {
    throw invalidProp(scope, prop, value, "is not a non-empty string", `pass ${prop}`);
  }
}

function resolve(scope: Network, stack: StackInfo, props: NetworkProps): NetworkSpec {
  if (typeof props !== "object" || props === null) {
    throw invalidProp(scope, "props", props, "is not an object", 'pass NetworkProps, e.g. { cidr: "10.0.0.0/16" }');
  }
  rejectNulls(scope, props);
  for (const prop of ["cidr", "zones", "subnetPrefixLength", "podsCidr", "servicesCidr"] as const) {
    // These decide how many subnets exist and where they sit, so they must be known now.
    if (Token.isUnresolved(props[prop])) {
      throw invalidProp(
        scope,
        prop,
        Token.asString(props[prop]),
        "is a token only known at apply time, but Network lays out its subnets at synth time",
        `pass ${prop} as a literal value`,
      );
    }
  }
  const cidrText = props.cidr ?? "10.0.0.0/16";
  const cidr = checkCidr(scope, "cidr", cidrText);
  if (cidr.prefix < 16 || cidr.prefix > 24) {
    throw invalidProp(scope, "cidr", cidrText, "must be a /16 to /24 block", 'use a block such as "10.0.0.0/16"');
  }
  const zones = numberProp(scope, "zones", props.zones, stack.production ? 3 : 2);
  if (!Number.isInteger(zones) || zones < 1 || zones > 6) {
    throw invalidProp(scope, "zones", zones, "must be a whole number from 1 to 6", "set zones to 2 or 3");
  }
  const subnetPrefix = numberProp(scope, "subnetPrefixLength", props.subnetPrefixLength, Math.min(cidr.prefix + 4, 28));
  if (!Number.isInteger(subnetPrefix) || subnetPrefix <= cidr.prefix || subnetPrefix > 28) {
    throw invalidProp(
      scope,
      "subnetPrefixLength",
      subnetPrefix,
      `must be longer than the CIDR's /${cidr.prefix} and at most 28`,
      `use a value from ${cidr.prefix + 1} to 28`,
    );
  }
  const natGateways = props.natGateways ?? (stack.production ? "per-zone" : "single");
  if (!["none", "single", "per-zone"].includes(natGateways)) {
    throw invalidProp(scope, "natGateways", natGateways, "is not a NAT mode", 'use "none", "single" or "per-zone"');
  }
  const flowLogs = booleanProp(scope, "flowLogs", props.flowLogs, true);
  return {
    cidr: cidrText,
    zones,
    subnetPrefixLength: subnetPrefix,
    natGateways,
    flowLogs,
    flowLogRetentionDays: numberProp(
      scope,
      "flowLogRetentionDays",
      props.flowLogRetentionDays,
      stack.production ? 365 : 30,
    ),
    podsCidr: props.podsCidr,
    servicesCidr: props.servicesCidr,
  };
}

function checkCidr(scope: Construct, prop: string, text: unknown) {
  const problem = typeof text === "string" ? cidrProblem(text) : "is not an IPv4 CIDR block";
  if (problem) throw invalidProp(scope, prop, text, problem, 'use a block such as "10.0.0.0/16"');
  return parseCidr(text as string);
}
