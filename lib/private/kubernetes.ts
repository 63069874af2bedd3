import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { invalidConfig } from "../core/errors";
import { NameRules, physicalName } from "../core/naming";
import { builderOf } from "../core/registry";
import { StackInfo, stackOf } from "../core/stack-info";
import type { ICluster } from "../spec/cluster";

export interface KubernetesConnection {
  readonly provider: KubernetesProvider;
  /** The construct holding the provider and the data sources that feed it. */
  readonly scope: Construct;
}

/** The cluster's own attributes, when its resource is declared in this app. */
export interface LocalCluster {
  readonly name: string;
  readonly endpoint: string;
  readonly caCertificate: string;
}

// Landform kubernetes providers per stack, so a second cluster's provider aliases them all.
const PROVIDERS = new WeakMap<StackInfo, { provider: KubernetesProvider; alias: string }[]>();
const CONNECTIONS = new WeakMap<ICluster, Map<StackInfo, KubernetesConnection>>();
const LOCALS = new WeakMap<ICluster, LocalCluster>();

/** Records the attributes of a cluster declared in this app, for providers in its own stack. */
export function declareLocal(cluster: ICluster, local: LocalCluster): void {
  LOCALS.set(cluster, local);
}

/** A provider alias from the cluster's path, e.g. `aws-prod-cluster`: stable, and unique in an app. */
export function aliasFor(cluster: ICluster): string {
  return physicalName(cluster, NameRules.gcp);
}

/**
 * The kubernetes provider for `cluster` in the stack that holds `scope`, created on first use. In
 * the cluster's own stack it reads the cluster resource (`local`); elsewhere, or for an imported
 * cluster, it looks the cluster up by its plain name, so the token is fetched in the stack that
 * uses it and never passes through an output.
 */
export function connectionFor(cluster: ICluster, scope: IConstruct): KubernetesConnection {
  const local = LOCALS.get(cluster);
  const target = stackOf(scope);
  const home = stackOf(cluster);
  const connections = CONNECTIONS.get(cluster) ?? new Map<StackInfo, KubernetesConnection>();
  CONNECTIONS.set(cluster, connections);
  const existing = connections.get(target);
  if (existing) return existing;
  const sameStack = target === home;
  if (!sameStack) {
    const same = target.cloud === home.cloud && target.region === home.region && target.project === home.project;
    if (!same) {
      const where = (s: StackInfo) => [s.cloud, s.region, s.project].filter(Boolean).join(" ");
      throw invalidConfig(
        cluster,
        `stack '${target.node.path}' (${where(target)}) cannot reach this cluster (${where(home)})`,
        "declare Kubernetes resources in a stack of the same cloud, region and project",
      );
    }
    // A cluster declared in this app must exist before anything on it.
    if (local) (target as unknown as { addDependency(s: unknown): void }).addDependency(home);
  }
  const own = sameStack ? local : undefined;
  const holder = own ? (cluster as Construct) : new Construct(target, `${aliasFor(cluster)}-kubernetes`);
  const credentials = builderOf(cluster, "kubernetes").credentials(holder, cluster, own);
  // Loaded here: a program without Kubernetes resources never loads the kubernetes provider.
  const { KubernetesProvider: Provider } =
    require("@cdktf/provider-kubernetes/lib/provider") as typeof import("@cdktf/provider-kubernetes/lib/provider");
  const provider = new Provider(holder, own ? "Kubernetes" : "Provider", {
    host: credentials.host,
    clusterCaCertificate: Fn.base64decode(credentials.caCertificate),
    token: credentials.token,
  });
  const connection = { provider, scope: holder };
  connections.set(target, connection);
  const providers = PROVIDERS.get(target) ?? [];
  providers.push({ provider, alias: aliasFor(cluster) });
  PROVIDERS.set(target, providers);
  // One provider needs no alias; with several, each gets one derived from its cluster's path.
  if (providers.length > 1) for (const p of providers) p.provider.alias = p.alias;
  return connection;
}
