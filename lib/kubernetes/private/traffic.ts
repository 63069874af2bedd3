import { Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { cidrProblem } from "../../core/cidr";
import { invalidProp, unsupportedOnCloud } from "../../core/errors";
import { builderOf } from "../../core/registry";
import { stackOf } from "../../core/stack-info";
import type { ICluster } from "../../contracts/cluster";
import type { IDatabase } from "../../contracts/database";
import type { INetwork } from "../../contracts/network";
import { hasBrand } from "../../private/brand";
import type { ApplicationSpec } from "./application-spec";
import { K8S_NAME } from "./shapes";
import { EgressRule, selectorOf } from "./objects";

/**
 * Where an Application may connect once egress is restricted: a Database, another Application
 * (anything with `cluster` and `spec`), a `{ namespace }`, or a `{ cidr, port? }`.
 */
export type ApplicationDestination =
  | IDatabase
  | IConstruct
  | { readonly namespace: string }
  | { readonly cidr: string; readonly port?: number; readonly protocol?: "TCP" | "UDP" };

interface AppLike extends IConstruct {
  readonly cluster: ICluster;
  readonly spec: ApplicationSpec;
  readonly namespace: string;
}

function isAppLike(v: unknown): v is AppLike {
  return (
    Construct.isConstruct(v) &&
    "spec" in v &&
    "cluster" in v &&
    (v as { spec?: { ports?: unknown } }).spec?.ports !== undefined
  );
}

/** Egress a pod with a cloud identity needs for its credentials (GKE: the metadata server; lib/<cloud>/kubernetes-traffic.ts). */
export function baseEgress(app: AppLike & { readonly identity?: unknown }): EgressRule[] {
  return app.identity === undefined ? [] : [...builderOf(app, "kubernetes").traffic.identityEgress];
}

/** The egress rules `destination` opens, or an error naming what is wrong with it. */
export function egressRuleFor(app: AppLike, prop: string, destination: ApplicationDestination): EgressRule[] {
  if (hasBrand(destination, "IDatabase")) {
    const db = destination as IDatabase;
    const port = db.port;
    // Cloud SQL's host is its private IP; RDS's is a DNS name, so the cluster's network (where
    // Landform's Database puts the instance) stands for it.
    if (builderOf(app, "kubernetes").traffic.databaseAddress === "host")
      return [{ to: [{ ipBlock: { cidr: `${db.host}/32` } }], ports: [{ port, protocol: "TCP" }] }];
    const network = (app.cluster as { network?: INetwork }).network;
    if (!network)
      throw unsupportedOnCloud(
        app,
        prop,
        stackOf(app).cloud,
        "the database's host is a DNS name on this cloud and the cluster was imported, so its network's CIDR is unknown",
        `allow the database's subnet CIDRs: allowTo({ cidr: "10.0.0.0/16", port: ${port} })`,
      );
    return [{ to: [{ ipBlock: { cidr: network.cidr } }], ports: [{ port, protocol: "TCP" }] }];
  }
  if (isAppLike(destination)) {
    if (destination.cluster !== app.cluster)
      throw invalidProp(
        app,
        prop,
        destination.node.path,
        "runs on another cluster",
        "allow its cluster's CIDR instead",
      );
    const ports = destination.spec.ports.map((p) => ({ port: p.port, protocol: p.protocol }));
    if (ports.length === 0)
      throw invalidProp(
        app,
        prop,
        destination.node.path,
        "has no ports to connect to",
        "give it ports, or allow it no traffic",
      );
    return [
      {
        to: [
          {
            podSelector: { matchLabels: selectorOf(destination.spec) },
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": destination.namespace } },
          },
        ],
        ports,
      },
    ];
  }
  const d = destination as { namespace?: unknown; cidr?: unknown; port?: unknown; protocol?: unknown };
  if (typeof d === "object" && d !== null && typeof d.namespace === "string" && K8S_NAME.test(d.namespace))
    return [{ to: [{ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": d.namespace } } }] }];
  if (typeof d === "object" && d !== null && typeof d.cidr === "string") {
    const problem = Token.isUnresolved(d.cidr) ? undefined : cidrProblem(d.cidr);
    if (problem) throw invalidProp(app, `${prop}.cidr`, d.cidr, problem, 'use an IPv4 CIDR such as "10.0.0.0/16"');
    if (d.port !== undefined && !(Number.isInteger(d.port) && (d.port as number) >= 1 && (d.port as number) <= 65535))
      throw invalidProp(app, `${prop}.port`, d.port, "is not a port", "use a whole number from 1 to 65535");
    if (d.protocol !== undefined && d.protocol !== "TCP" && d.protocol !== "UDP")
      throw invalidProp(app, `${prop}.protocol`, d.protocol, 'is not "TCP" or "UDP"', 'use "TCP" or "UDP"');
    return [
      {
        to: [{ ipBlock: { cidr: d.cidr } }],
        ...(d.port !== undefined
          ? { ports: [{ port: d.port as number, protocol: (d.protocol as "TCP" | "UDP" | undefined) ?? "TCP" }] }
          : {}),
      },
    ];
  }
  throw invalidProp(
    app,
    prop,
    destination instanceof Construct ? destination.node.path : destination,
    "is not a Database, an Application, a { namespace } or a { cidr, port }",
    'allow a Database, another Application, { namespace: "name" } or { cidr: "10.0.0.0/16", port: 443 }',
  );
}
