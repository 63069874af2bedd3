import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { AwsClusterResources } from "./aws/cluster";
import { ClusterServiceAccount, ClusterServiceAccountOptions } from "./cluster-service-account";
import { targetOf } from "./core/registry";
import type { CloudClusterAttribute } from "./core/target";
import { Checks, PropRules, validateAllProps } from "./core/validate";
import { checkReadersAgainstAdmins, helmNamespaces, readerNamespaces } from "./cluster-readers";
import { refuseOtherClouds } from "./network";
import { brand } from "./private/brand";
import { resourcesOn } from "./core/escape-hatch";
import { builderOf } from "./core/registry";
import { stackOf } from "./core/stack-info";
import type { GcpClusterResources } from "./gcp/cluster";
import { checkClusterSpec, resolveCluster } from "./private/resolve-cluster";
import { CloudStack } from "./core/cloud-stack";
import type { Connectable, Connections } from "./core/connections";
import { helmFor } from "./kubernetes/private/helm";
import { connectionFor, dependOn, KubernetesConnection, recordNamespace } from "./kubernetes/private/kubernetes";
import { siblingStack } from "./kubernetes/private/stacks";
import { checkNamespace } from "./kubernetes/namespace";
import { ClusterAttributes, ClusterProps, ICluster, NamespaceOptions, NodePoolPlacement } from "./contracts/cluster";
import type { INetwork } from "./contracts/network";

export type {
  ClusterAttributes,
  ClusterProps,
  ClusterReader,
  EndpointAccess,
  ICluster,
  NamespaceOptions,
  NodePoolProps,
  NodeTaint,
  ReleaseChannel,
  TaintEffect,
} from "./contracts/cluster";

const text = Checks.that(
  (value) => typeof value === "string",
  "is not a string",
  (_, prop) => `pass ${prop} as a string`,
);

const ATTRIBUTE_RULES: PropRules<ClusterAttributes> = {
  name: Checks.must(
    (name) => typeof name === "string" && name !== "",
    "is not a cluster name",
    "pass the EKS or GKE cluster's name",
  ),
  version: text,
  oidcProviderArn: text,
  oidcIssuer: text,
  workloadPool: text,
};

const CLOUD_CLUSTER_ATTRIBUTES: readonly CloudClusterAttribute[] = ["oidcProviderArn", "oidcIssuer", "workloadPool"];

/**
 * What owned and imported clusters share: Kubernetes objects and service accounts declared on them.
 * Extend it for an ICluster of your own: it carries the brand consumers recognise.
 */
export abstract class ClusterBase extends Construct implements ICluster {
  /** @internal */
  static readonly landformKind = "Cluster";
  abstract readonly name: string;
  abstract readonly oidcProviderArn?: string;
  abstract readonly oidcIssuer?: string;
  abstract readonly workloadPool?: string;

  /**
   * The kubernetes provider for this cluster in the stack that holds `scope` (not the cluster's
   * own), created on first use. It looks the cluster up by name there, authenticates with an exec
   * plugin, and makes that stack depend on the cluster's, so no credential crosses stacks.
   */
  kubernetesProviderFor(scope: IConstruct): KubernetesProvider {
    return connectionFor(this, scope).provider;
  }

  /** A Kubernetes namespace on this cluster, declared in the stack that holds `scope`. */
  addNamespace(scope: Construct, id: string, options: NamespaceOptions): NamespaceV1 {
    return addNamespace(this, scope, id, options);
  }

  /**
   * A Kubernetes service account bound to a new cloud identity: an IAM role trusted through the
   * cluster's OIDC provider (AWS IRSA), or a GCP service account through workload identity.
   */
  addServiceAccount(scope: Construct, id: string, options: ClusterServiceAccountOptions): ClusterServiceAccount {
    return new ClusterServiceAccount(scope, id, { ...options, cluster: this });
  }
}
brand(ClusterBase, "ICluster");

/**
 * A private Kubernetes cluster on the stack's cloud: EKS with managed node groups, or GKE with
 * separately managed node pools. Reach it with `kubernetesProvider` and grant pods a cloud identity
 * with `addServiceAccount`.
 */
export { KUBERNETES_VERSIONS } from "./private/resolve-cluster";

export class Cluster extends ClusterBase implements Connectable {
  /**
   * A cluster made elsewhere (EKS or GKE, found by name), to put namespaces and service accounts
   * on. AWS: pass `oidcProviderArn` and `oidcIssuer` for service accounts with IRSA. GCP: the
   * workload pool defaults to `<project>.svc.id.goog`.
   */
  static fromAttributes(scope: Construct, id: string, attributes: ClusterAttributes): ICluster {
    return new ImportedCluster(scope, id, attributes);
  }

  /** The cluster's name (plain, known at synth). */
  readonly name: string;
  /** The Kubernetes version the cluster is pinned to. */
  readonly version: string;
  /** HTTPS URL of the Kubernetes API. */
  readonly endpoint: string;
  /** Base64-encoded PEM of the cluster's certificate authority. */
  readonly caCertificate: string;
  /** AWS only: the OIDC issuer URL of the cluster's service account tokens (IRSA); undefined on gcp. */
  readonly oidcIssuer?: string;
  /** AWS only: the IAM OIDC provider's ARN; undefined on gcp. */
  readonly oidcProviderArn?: string;
  /** GCP only: the workload identity pool, `<project>.svc.id.goog`; undefined on aws. */
  readonly workloadPool?: string;
  readonly network: INetwork;
  /** What the cluster's nodes and pods are matched by as a source of traffic, e.g. in `database.allowFrom(cluster)`. */
  readonly connections: Connections;
  /** @internal */
  readonly resource: ITerraformDependable;
  /** @internal */
  readonly nodePools: Readonly<Record<string, NodePoolPlacement>>;
  private readonly resources: unknown;
  private readonly home: CloudStack;
  private addonsStack?: CloudStack;
  private workloadsStack?: CloudStack;

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    const stack = CloudStack.of(this);
    this.home = stack;
    const spec = resolveCluster(this, stack, props);
    const builder = builderOf(this, "cluster");
    builder.check(this, props, spec);
    checkClusterSpec(this, stack, spec);
    checkReadersAgainstAdmins(this, spec.readers, spec.admins);
    this.network = spec.network;
    this.name = spec.name;
    this.version = spec.version;
    const built = builder.build(this, spec);
    this.resources = built.resources;
    ({
      endpoint: this.endpoint,
      caCertificate: this.caCertificate,
      oidcIssuer: this.oidcIssuer,
      oidcProviderArn: this.oidcProviderArn,
      workloadPool: this.workloadPool,
      resource: this.resource,
    } = built.attributes);
    this.connections = { owner: this, ...built.attributes.trafficSource };
    this.nodePools = Object.fromEntries(
      spec.nodePools.map((pool) => [
        pool.key,
        { selector: built.attributes.nodePoolSelector(pool.key), labels: pool.labels, taints: pool.taints },
      ]),
    );
    const kubernetes = builderOf(this, "kubernetes");
    if (kubernetes.addons !== "none") {
      const helm = helmFor(this, this.addons);
      kubernetes.addons(helm.scope, this, built.attributes, helm.provider);
    }
    if (spec.readers.length > 0) {
      const addonsStack = this.addons;
      kubernetes.grantReaders(this, {
        cluster: this,
        clusterName: built.attributes.name,
        readers: spec.readers,
        namespacesOf: (reader) => readerNamespaces(reader, addonsStack),
        releasesIn: (namespace) => helmNamespaces(addonsStack).get(namespace) ?? [],
        kubernetes: () => connectionFor(this, addonsStack),
      });
    }
  }

  /**
   * The stack for this cluster's controllers (Helm releases such as Cluster Autoscaler on AWS):
   * `<stack>-addons`, created on first use, applied after the cluster's stack.
   */
  get addons(): CloudStack {
    if (!this.addonsStack) {
      this.addonsStack = siblingStack(this, this.home, "addons");
      // Workloads may use what the add-ons install (custom resources), so they come after.
      if (this.workloadsStack) dependOn(this.workloadsStack, this.addonsStack);
    }
    return this.addonsStack;
  }

  /**
   * The stack for Kubernetes objects on this cluster (namespaces, service accounts, workloads):
   * `<stack>-workloads`, created on first use, applied after the cluster's stack and its add-ons.
   * Kubernetes objects never live in the cluster's own stack: their provider could not plan while
   * the cluster is changed or replaced.
   */
  get workloads(): CloudStack {
    if (!this.workloadsStack) {
      this.workloadsStack = siblingStack(this, this.home, "workloads");
      if (this.addonsStack) dependOn(this.workloadsStack, this.addonsStack);
    }
    return this.workloadsStack;
  }

  /** The kubernetes provider for this cluster in its workloads stack. */
  get kubernetesProvider(): KubernetesProvider {
    return this.kubernetesProviderFor(this.workloads);
  }

  /** Escape hatch to the AWS resources (EKS cluster, roles, node groups, OIDC provider). Throws on other clouds. */
  get aws(): AwsClusterResources {
    return resourcesOn<AwsClusterResources>(this, "aws", this.resources);
  }

  /** Escape hatch to the GCP resources (GKE cluster, node pools, node service account). Throws on other clouds. */
  get gcp(): GcpClusterResources {
    return resourcesOn<GcpClusterResources>(this, "gcp", this.resources);
  }

  /** @internal The kubernetes connection in `scope`'s stack. */
  connectionFor(scope: IConstruct): KubernetesConnection {
    return connectionFor(this, scope);
  }
}

/** A cluster made elsewhere: namespaces and service accounts can be declared on it. */
class ImportedCluster extends ClusterBase {
  readonly name: string;
  readonly version?: string;
  readonly oidcProviderArn?: string;
  readonly oidcIssuer?: string;
  readonly workloadPool?: string;

  constructor(scope: Construct, id: string, a: ClusterAttributes) {
    super(scope, id);
    const stack = stackOf(this);
    validateAllProps<ClusterAttributes>(this, a, ATTRIBUTE_RULES, {
      at: "attributes",
      fix: "pass { name, ... } of the EKS or GKE cluster",
      nullsFirst: true,
    });
    // A cloud-specific attribute another cloud would ignore is an error, never dropped silently.
    refuseOtherClouds(this, a, CLOUD_CLUSTER_ATTRIBUTES, targetOf(this).data.clusterAttributes, "clusters");
    this.name = a.name;
    this.version = a.version;
    this.oidcProviderArn = a.oidcProviderArn;
    this.oidcIssuer = a.oidcIssuer;
    this.workloadPool = a.workloadPool ?? (stack.project ? `${stack.project}.svc.id.goog` : undefined);
  }
}

function addNamespace(cluster: ICluster, scope: Construct, id: string, options: NamespaceOptions): NamespaceV1 {
  const { name, labels, declared } = checkNamespace(cluster, options);
  const { NamespaceV1: Namespace } =
    require("@cdktf/provider-kubernetes/lib/namespace-v1") as typeof import("@cdktf/provider-kubernetes/lib/namespace-v1");
  const namespace = new Namespace(scope, id, {
    provider: connectionFor(cluster, scope).provider,
    metadata: { name, labels },
  });
  recordNamespace(namespace, name);
  declared(namespace);
  return namespace;
}
