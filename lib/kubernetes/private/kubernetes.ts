import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn, TerraformProvider, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { invalidConfig } from "../../core/errors";
import { NameRules, physicalName } from "../../core/naming";
import { builderOf } from "../../core/registry";
import { StackInfo, stackOf } from "../../core/stack-info";
import type { KubernetesCredentials } from "../../core/target";
import type { ICluster } from "../../contracts/cluster";

export interface KubernetesConnection {
  readonly provider: KubernetesProvider;
  /** The construct holding the provider and the data sources that feed it. */
  readonly scope: Construct;
  readonly credentials: KubernetesCredentials;
}

// Landform providers per stack and kind, so a second cluster's provider aliases them all.
const PROVIDERS = new WeakMap<StackInfo, Map<string, { provider: TerraformProvider; alias: string }[]>>();
const CONNECTIONS = new WeakMap<ICluster, Map<StackInfo, KubernetesConnection>>();

const NAMESPACE_NAMES = new WeakMap<IConstruct, string>();

/** Records the plain name of a namespace Landform declared. */
export function recordNamespace(namespace: IConstruct, name: string): void {
  NAMESPACE_NAMES.set(namespace, name);
}

/** The plain name of a namespace Landform declared, for what must not wait on the Kubernetes API (cloud IAM). */
export function namespaceName(namespace: IConstruct): string | undefined {
  return NAMESPACE_NAMES.get(namespace);
}

/** A provider alias from the cluster's path, e.g. `aws-prod-cluster`: stable, and unique in an app. */
export function aliasFor(cluster: ICluster): string {
  return physicalName(cluster, NameRules.gcp);
}

/**
 * Checks that Kubernetes objects for `cluster` may be declared in `scope`'s stack, and makes that
 * stack depend on the cluster's. Never the cluster's own stack: a provider configured from a
 * cluster being changed or replaced in the same run cannot plan (it would get no credentials, or
 * point at localhost), which the kubernetes provider's own documentation warns against.
 */
export function checkKubernetesScope(cluster: ICluster, scope: IConstruct): StackInfo {
  const target = stackOf(scope);
  const home = stackOf(cluster);
  if (cluster.resource !== undefined && target === home) {
    throw invalidConfig(
      cluster,
      `Kubernetes objects on this cluster are declared in its own stack '${home.node.path}', where the provider cannot plan while the cluster changes`,
      "declare them in the cluster's workloads stack (cluster.workloads) or another CloudStack of the same cloud, region and project",
    );
  }
  if (target.cloud !== home.cloud || target.region !== home.region || target.project !== home.project) {
    const where = (s: StackInfo) => [s.cloud, s.region, s.project].filter(Boolean).join(" ");
    throw invalidConfig(
      cluster,
      `stack '${target.node.path}' (${where(target)}) cannot reach this cluster (${where(home)})`,
      "declare Kubernetes resources in a stack of the same cloud, region and project",
    );
  }
  // A cluster declared in this app must exist before anything on it.
  if (cluster.resource !== undefined) dependOn(target, home);
  return target;
}

/** `stack` runs after `on`, once. */
export function dependOn(stack: StackInfo, on: StackInfo): void {
  const s = stack as unknown as TerraformStack;
  if (!s.dependencies.includes(on as unknown as TerraformStack)) s.addDependency(on as unknown as TerraformStack);
}

/** The kubernetes provider for `cluster` in the stack that holds `scope`, created on first use. */
export function connectionFor(cluster: ICluster, scope: IConstruct): KubernetesConnection {
  const target = checkKubernetesScope(cluster, scope);
  const connections = CONNECTIONS.get(cluster) ?? new Map<StackInfo, KubernetesConnection>();
  CONNECTIONS.set(cluster, connections);
  const existing = connections.get(target);
  if (existing) return existing;
  const holder = new Construct(target, `${aliasFor(cluster)}-kubernetes`);
  const credentials = builderOf(cluster, "kubernetes").credentials(holder, cluster);
  // Loaded here: a program without Kubernetes resources never loads the kubernetes provider.
  const { KubernetesProvider: Provider } =
    require("@cdktf/provider-kubernetes/lib/provider") as typeof import("@cdktf/provider-kubernetes/lib/provider");
  const provider = new Provider(holder, "Provider", {
    host: credentials.host,
    clusterCaCertificate: Fn.base64decode(credentials.caCertificate),
    exec: [execOf(credentials)],
  });
  const connection = { provider, scope: holder, credentials };
  connections.set(target, connection);
  registerProvider(target, "kubernetes", provider, cluster);
  return connection;
}

/** One provider of a kind needs no alias; with several in a stack, each gets one from its cluster's path. */
export function registerProvider(stack: StackInfo, kind: string, provider: TerraformProvider, cluster: ICluster): void {
  const kinds = PROVIDERS.get(stack) ?? new Map<string, { provider: TerraformProvider; alias: string }[]>();
  PROVIDERS.set(stack, kinds);
  const providers = kinds.get(kind) ?? [];
  providers.push({ provider, alias: aliasFor(cluster) });
  kinds.set(kind, providers);
  if (providers.length > 1) for (const p of providers) p.provider.alias = p.alias;
}

/** The exec block of a kubernetes or helm provider. */
export function execOf(credentials: KubernetesCredentials) {
  const { apiVersion, command, args } = credentials.exec;
  return { apiVersion, command, args: args.length > 0 ? [...args] : undefined };
}
