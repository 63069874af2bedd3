import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { cidrProblem } from "./cidr";
import { stackOf } from "./stack-info";
import { invalidConfig, invalidProp } from "./errors";

/** Transport protocols a portable ingress rule can open. */
export type Protocol = "tcp" | "udp";

/** One port, or an inclusive range `[from, to]`. */
export type Ports = number | readonly [number, number];

/**
 * How firewalls on the stack's cloud name a construct as a source of traffic.
 * AWS: its security group. GCP: the service account its VMs run as (firewall rules can
 * match on it, and unlike network tags it cannot be changed without IAM permission).
 */
export interface Connections {
  /** The construct the traffic comes from; it must be in the same CloudStack. */
  readonly owner: IConstruct;
  /** AWS: the security group attached to the source. */
  readonly securityGroupId?: string;
  /** GCP: the email of the service account the source runs as. */
  readonly serviceAccountEmail?: string;
}

/** A Landform construct that can be the source of traffic, such as a ComputeInstance. */
export interface Connectable {
  readonly connections: Connections;
}

/** A source of traffic: an IPv4 CIDR block or a Landform construct. */
export type Source = string | Connectable;

/** An ingress rule in portable form. */
export interface IngressRule {
  /** The port or inclusive port range to open. */
  readonly port: Ports;
  /** @default "tcp" */
  readonly protocol?: Protocol;
  /** Who may connect: an IPv4 CIDR such as `"10.0.0.0/16"`, or a Landform construct such as a ComputeInstance. */
  readonly from: Source;
}

/** A rule after validation, with a construct id that stays the same while the rule does. */
export interface ResolvedRule {
  readonly protocol: Protocol;
  readonly fromPort: number;
  readonly toPort: number;
  /** Set when the source is a CIDR block. */
  readonly cidr?: string;
  /** Set when the source is a construct. */
  readonly peer?: Connections;
  /** Stable construct id, e.g. `AllowTcp5432Fromapp` or `AllowTcp22From10-0-0-0-8`. */
  readonly id: string;
}

/** `22` or `8000-8080`. */
export function portText(rule: ResolvedRule): string {
  return rule.fromPort === rule.toPort ? `${rule.fromPort}` : `${rule.fromPort}-${rule.toPort}`;
}

export function isConnectable(value: unknown): value is Connectable {
  return typeof value === "object" && value !== null && "connections" in value;
}

/** Validates a portable rule on `scope` and gives it a stable id. */
export function resolveRule(scope: IConstruct, prop: string, rule: IngressRule): ResolvedRule {
  const protocol = rule.protocol ?? "tcp";
  if (protocol !== "tcp" && protocol !== "udp") {
    throw invalidProp(scope, `${prop}.protocol`, protocol, "is not a supported protocol", 'use "tcp" or "udp"');
  }
  const [fromPort, toPort] =
    typeof rule.port === "number" ? [rule.port, rule.port] : Array.isArray(rule.port) ? rule.port : [NaN, NaN];
  for (const p of [fromPort, toPort]) {
    if (!Token.isUnresolved(p) && !(Number.isInteger(p) && p >= 1 && p <= 65535)) {
      throw invalidProp(
        scope,
        `${prop}.port`,
        rule.port,
        "is not a port or port range",
        "use a whole number from 1 to 65535, or a range such as [8000, 8080]",
      );
    }
  }
  if (fromPort > toPort) {
    throw invalidProp(
      scope,
      `${prop}.port`,
      rule.port,
      "is a range that ends before it starts",
      `write it as [${toPort}, ${fromPort}]`,
    );
  }
  const ports = fromPort === toPort ? `${fromPort}` : `${fromPort}-${toPort}`;
  const what = `Allow${protocol === "tcp" ? "Tcp" : "Udp"}${ports}From`;
  const source = rule.from;
  if (typeof source === "string") {
    const problem = cidrProblem(source);
    if (problem)
      throw invalidProp(
        scope,
        `${prop}.from`,
        source,
        problem,
        'use an IPv4 CIDR such as "10.0.0.0/16", or a Landform construct',
      );
    return { protocol, fromPort, toPort, cidr: source, id: `${what}${source.replace(/[./]/g, "-")}` };
  }
  if (!isConnectable(source)) {
    throw invalidProp(
      scope,
      `${prop}.from`,
      source,
      "is neither a CIDR nor a Landform construct",
      'use an IPv4 CIDR such as "10.0.0.0/16", or a construct such as a ComputeInstance',
    );
  }
  const owner = source.connections.owner;
  if (stackOf(owner) !== stackOf(scope)) {
    throw invalidConfig(
      scope,
      `${prop}.from '${owner.node.path}' is in another stack`,
      "allow traffic only from constructs in the same CloudStack, or use their CIDR",
    );
  }
  return { protocol, fromPort, toPort, peer: source.connections, id: `${what}${idOf(owner)}` };
}

/** A construct's path inside its stack as one id segment: `services/app` becomes `services-app`. */
function idOf(owner: IConstruct): string {
  const stack = stackOf(owner);
  return owner.node.scopes
    .slice(stack.node.scopes.length)
    .map((s) => s.node.id)
    .join("-");
}

/**
 * Tracks the rules a construct has created, so the same rule asked for twice (in props and
 * again through allowFrom) is created once.
 */
export class RuleSet {
  private readonly ids = new Set<string>();

  /** True the first time a rule id is seen. */
  add(rule: ResolvedRule): boolean {
    if (this.ids.has(rule.id)) return false;
    this.ids.add(rule.id);
    return true;
  }
}
