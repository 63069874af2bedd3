import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsNetworkResources } from "./aws/network";
import { cidrProblem, parseCidr } from "./core/cidr";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { builderOf, targetOf } from "./core/registry";
import type { CloudNetworkAttribute } from "./core/target";
import { stackOf, StackInfo } from "./core/stack-info";
import { Check, Checks, PropRules, validateAllProps } from "./core/validate";
import type { GcpNetworkResources } from "./gcp/network";
import { INetwork, NetworkAttributes, NetworkProps, NetworkSpec } from "./contracts/network";
import { brand, hasBrand } from "./private/brand";

export type { INetwork, NatGateways, NetworkAttributes, NetworkProps } from "./contracts/network";

/** A CIDR block, in the words every network error uses. */
const cidr: Check = (scope, prop, value) => {
  if (value !== undefined) checkCidr(scope, prop, value);
};

/** These decide how many subnets exist and where they sit, so they must be known at synth time. */
function literal(check: Check): Check {
  return (scope, prop, value) => {
    if (Token.isUnresolved(value)) {
      throw invalidProp(
        scope,
        prop,
        Token.asString(value),
        "is a token only known at apply time, but Network lays out its subnets at synth time",
        `pass ${prop} as a literal value`,
      );
    }
    check(scope, prop, value);
  };
}

const RULES: PropRules<NetworkProps> = {
  cidr: literal((scope, prop, value) => {
    if (value === undefined) return;
    const { prefix } = checkCidr(scope, prop, value);
    if (prefix < 16 || prefix > 24) {
      throw invalidProp(scope, prop, value, "must be a /16 to /24 block", 'use a block such as "10.0.0.0/16"');
    }
  }),
  zones: literal(
    Checks.all(
      Checks.number(),
      Checks.that(
        (z: number) => Number.isInteger(z) && z >= 1 && z <= 6,
        "must be a whole number from 1 to 6",
        "set zones to 2 or 3",
      ),
    ),
  ),
  // Its range depends on cidr: checked in resolve.
  subnetPrefixLength: literal(Checks.number()),
  natGateways: Checks.that(
    (mode) => ["none", "single", "per-zone"].includes(mode),
    "is not a NAT mode",
    'use "none", "single" or "per-zone"',
  ),
  flowLogs: Checks.boolean(),
  flowLogRetentionDays: Checks.number(),
  podsCidr: literal(Checks.string({ nonEmpty: true })),
  servicesCidr: literal(Checks.string({ nonEmpty: true })),
};

const subnetIds = (prop: string): Check =>
  Checks.that(
    (ids) => Array.isArray(ids) && ids.every((s) => typeof s === "string" && s !== ""),
    "is not a list of subnet ids",
    `pass ${prop} as a list of strings`,
  );

/** Repeated subnet ids would put two of a construct's resources in one subnet it thinks are two. */
const distinct: Check = Checks.that(
  (ids: readonly string[]) => new Set(ids).size === ids.length,
  (ids) => `repeats subnet id ${JSON.stringify(ids.find((id, i) => ids.indexOf(id) !== i))}`,
  "list each subnet once",
);

const ATTRIBUTE_RULES: PropRules<NetworkAttributes> = {
  networkId: Checks.must((id) => typeof id === "string" && id !== "", "is not a non-empty string", "pass networkId"),
  cidr: (scope, prop, value) => void checkCidr(scope, prop, value),
  zones: Checks.must(
    (z) => Number.isInteger(z) && z >= 1,
    "is not a whole number of zones",
    "pass how many zones the subnets span",
  ),
  publicSubnetIds: Checks.all(subnetIds("publicSubnetIds"), distinct),
  privateSubnetIds: Checks.all(
    subnetIds("privateSubnetIds"),
    Checks.must((ids) => Array.isArray(ids) && ids.length > 0, "is empty", "pass the network's private subnets"),
    distinct,
  ),
  primaryCidr: cidr,
  podsRangeName: Checks.string({ nonEmpty: true }),
  servicesRangeName: Checks.string({ nonEmpty: true }),
  privateServices: (scope, prop, ps) => {
    if (ps === undefined) return;
    const range = ps as Partial<{ rangeName: unknown; cidr: unknown }> | null;
    if (typeof range !== "object" || range === null || typeof range.rangeName !== "string" || range.rangeName === "") {
      throw invalidProp(
        scope,
        prop,
        ps,
        "is not { rangeName, cidr }",
        "pass the name and CIDR of the network's private services access range",
      );
    }
    // Known at plan time in a module (a variable); checked here when it is a literal.
    if (!Token.isUnresolved(range.cidr)) checkCidr(scope, `${prop}.cidr`, range.cidr);
  },
};

/**
 * What owned and imported networks share: the attributes constructs built on a network read.
 * Extend it for an INetwork of your own: it carries the brand consumers recognise.
 */
export abstract class NetworkBase extends Construct implements INetwork {
  /** @internal */
  static readonly landformKind = "Network";
  abstract readonly networkId: string;
  abstract readonly cidr: string;
  abstract readonly zones: number;
  abstract readonly publicSubnetIds: readonly string[];
  abstract readonly privateSubnetIds: readonly string[];
  abstract readonly primaryCidr?: string;
  abstract readonly podsRangeName?: string;
  abstract readonly servicesRangeName?: string;
  abstract readonly privateServices?: { readonly rangeName: string; readonly cidr: string };
}
brand(NetworkBase, "INetwork");

/**
 * A private network on the stack's cloud: an AWS VPC with public and private subnets per zone,
 * or a GCP VPC with one regional subnetwork, secondary ranges for Kubernetes, and Cloud NAT.
 */
export class Network extends NetworkBase {
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
  /** Never set on a network Landform builds: its Database makes its own private services access. */
  readonly privateServices?: { readonly rangeName: string; readonly cidr: string };
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

class ImportedNetwork extends NetworkBase {
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
    validateAllProps<NetworkAttributes>(this, a, ATTRIBUTE_RULES, {
      fix: "pass { networkId, cidr, zones, privateSubnetIds, ... }",
      nullsFirst: true,
    });
    // A cloud-specific attribute another cloud would ignore is an error, never dropped silently.
    refuseOtherClouds(this, a, CLOUD_NETWORK_ATTRIBUTES, targetOf(this).data.networkAttributes, "networks");
    this.networkId = a.networkId;
    this.cidr = a.cidr;
    this.zones = a.zones;
    this.publicSubnetIds = [...(a.publicSubnetIds ?? [])];
    this.privateSubnetIds = [...a.privateSubnetIds];
    this.primaryCidr = a.primaryCidr;
    this.podsRangeName = a.podsRangeName;
    this.servicesRangeName = a.servicesRangeName;
    if (a.privateServices !== undefined) {
      this.privateServices = { rangeName: a.privateServices.rangeName, cidr: a.privateServices.cidr };
    }
  }
}

/** @internal Attributes only some clouds use, given on a stack of a cloud that does not: an error naming the cloud. */
export function refuseOtherClouds<A extends string>(
  scope: Construct,
  attributes: object,
  all: readonly A[],
  used: readonly A[],
  what: string,
): void {
  const cloud = targetOf(scope).cloud;
  for (const attribute of all) {
    if ((attributes as Record<string, unknown>)[attribute] !== undefined && !used.includes(attribute)) {
      throw unsupportedOnCloud(
        scope,
        attribute,
        cloud,
        "no construct on this cloud uses it",
        `remove ${attribute} from the attributes of ${cloud} ${what}`,
      );
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

/**
 * Any network: one with Landform's brand (Network, Network.fromAttributes), or a construct of the
 * user's own that has INetwork's attributes.
 */
export function isNetwork(value: unknown): value is INetwork {
  if (hasBrand(value, "INetwork")) return true;
  if (!Construct.isConstruct(value)) return false;
  const n = value as unknown as Partial<Record<keyof NetworkAttributes, unknown>>;
  return (
    typeof n.networkId === "string" &&
    typeof n.cidr === "string" &&
    typeof n.zones === "number" &&
    Array.isArray(n.publicSubnetIds) &&
    Array.isArray(n.privateSubnetIds)
  );
}

function resolve(scope: Network, stack: StackInfo, props: NetworkProps): NetworkSpec {
  validateAllProps<NetworkProps>(scope, props, RULES, {
    fix: 'pass NetworkProps, e.g. { cidr: "10.0.0.0/16" }',
    nullsFirst: true,
  });
  const cidrText = props.cidr ?? "10.0.0.0/16";
  const prefix = parseCidr(cidrText).prefix;
  const subnetPrefix = props.subnetPrefixLength ?? Math.min(prefix + 4, 28);
  if (!Number.isInteger(subnetPrefix) || subnetPrefix <= prefix || subnetPrefix > 28) {
    throw invalidProp(
      scope,
      "subnetPrefixLength",
      subnetPrefix,
      `must be longer than the CIDR's /${prefix} and at most 28`,
      `use a value from ${prefix + 1} to 28`,
    );
  }
  return {
    cidr: cidrText,
    zones: props.zones ?? (stack.production ? 3 : 2),
    subnetPrefixLength: subnetPrefix,
    natGateways: props.natGateways ?? (stack.production ? "per-zone" : "single"),
    flowLogs: props.flowLogs ?? true,
    flowLogRetentionDays: props.flowLogRetentionDays ?? (stack.production ? 365 : 30),
    podsCidr: props.podsCidr,
    servicesCidr: props.servicesCidr,
  };
}

function checkCidr(scope: Construct, prop: string, text: unknown) {
  const problem = typeof text === "string" ? cidrProblem(text) : "is not an IPv4 CIDR block";
  if (problem) throw invalidProp(scope, prop, text, problem, 'use a block such as "10.0.0.0/16"');
  return parseCidr(text as string);
}
