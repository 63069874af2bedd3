import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Construct, IConstruct } from "constructs";
import type { AwsClusterResources } from "./aws/cluster";
import { ClusterServiceAccount, ClusterServiceAccountOptions } from "./cluster-service-account";
import { forCloud } from "./core/cloud";
import { CloudStack } from "./core/cloud-stack";
import { resourcesOn } from "./core/escape-hatch";
import { invalidConfig } from "./core/errors";
import { MachineTypes, SizeName } from "./core/sizes";
import type { GcpClusterResources } from "./gcp/cluster";
import { Network } from "./network";
import { ClusterSpec, resolveCluster } from "./private/cluster-spec";
import type { KubernetesConnection } from "./private/kubernetes";

/** How a node pool keeps pods off its nodes. */
export type TaintEffect = "NoSchedule" | "PreferNoSchedule" | "NoExecute";

export interface NodeTaint {
  readonly key: string;
  /** @default - no value */
  readonly value?: string;
  readonly effect: TaintEffect;
}

/** One group of identical nodes. Its key in `nodePools` names it and is its construct id. */
export interface NodePoolProps {
  /** Portable size of each node (see the size table). @default "medium" */
  readonly size?: SizeName;
  /** An exact machine type per cloud, overriding size on that cloud. @default - the size's type */
  readonly machineType?: MachineTypes;
  /** Fewest nodes the autoscaler keeps, across all zones. @default 1 */
  readonly minNodes?: number;
  /** Most nodes the autoscaler may run, across all zones. @default - 3, or minNodes when that is larger */
  readonly maxNodes?: number;
  /**
   * Nodes to start with, across all zones. Only the starting size: later changes are the
   * autoscaler's and Terraform ignores them. @default - minNodes
   */
  readonly desiredNodes?: number;
  /** Run on spot capacity (AWS spot instances, GCP spot VMs), which the cloud may reclaim. @default false */
  readonly spot?: boolean;
  /** Root disk size of each node in GiB (encrypted on both clouds). @default 50 */
  readonly diskGb?: number;
  /** Kubernetes labels on every node of the pool. @default - none */
  readonly labels?: Record<string, string>;
  /** Kubernetes taints on every node of the pool. @default - none */
  readonly taints?: NodeTaint[];
}

/** Who can reach the Kubernetes API endpoint. */
export type EndpointAccess = "private" | { readonly public: string[] };

/** How the control plane is kept up to date. GCP: the GKE release channel. AWS: only "extended" maps (EKS extended support). */
export type ReleaseChannel = "rapid" | "regular" | "stable" | "extended";

export interface ClusterProps {
  /** The network the cluster and its nodes live in; nodes go in its private subnets and span its zones. */
  readonly network: Network;
  /** Kubernetes minor version, pinned, e.g. "1.33"; checked against what the cloud offers. @default "1.33" */
  readonly version?: string;
  /**
   * Node pools keyed by a stable name: the key becomes the construct id and part of the pool's
   * name, so renaming one replaces its nodes. @default - { default: {} }, one pool of medium nodes
   */
  readonly nodePools?: Record<string, NodePoolProps>;
  /**
   * Who can reach the API endpoint. "private": only from inside the network. `{ public: cidrs }`:
   * also from those CIDRs on the internet (never 0.0.0.0/0). @default "private"
   */
  readonly endpointAccess?: EndpointAccess;
  /**
   * Principals with full admin rights on the cluster. AWS: IAM role or user ARNs (EKS access
   * entries with AmazonEKSClusterAdminPolicy). GCP: `user:`, `group:` or `serviceAccount:` members
   * (roles/container.admin on the project). @default - none besides the identity that runs Terraform
   */
  readonly admins?: string[];
  /**
   * GCP: the GKE release channel. AWS: EKS has no channels; "extended" selects extended support,
   * any other value is an error. @default - "regular" on gcp; standard support on aws
   */
  readonly releaseChannel?: ReleaseChannel;
  /** Refuse to delete the cluster (EKS and GKE deletion protection). @default - true in production */
  readonly deletionProtection?: boolean;
  /**
   * Key for envelope encryption of Kubernetes secrets. AWS: a KMS key ARN. GCP: a Cloud KMS key id
   * (`projects/<p>/locations/<l>/keyRings/<r>/cryptoKeys/<k>`) for application-layer secrets encryption.
   * @default - AWS: a new KMS key with rotation on; GCP: Google-managed encryption of etcd at rest
   */
  readonly secretsEncryptionKey?: string;
}

/** What each cloud's implementation hands back. */
export interface ClusterAttributes {
  readonly endpoint: string;
  readonly caCertificate: string;
  readonly oidcIssuer?: string;
  readonly workloadPool?: string;
}

const KIND = "Cluster";
// Landform kubernetes providers per stack, so a second cluster's provider aliases them all.
const PROVIDERS = new WeakMap<CloudStack, { provider: KubernetesProvider; alias: string }[]>();

/**
 * A private Kubernetes cluster on the stack's cloud: EKS with managed node groups, or GKE with
 * separately managed node pools. Reach it with `kubernetesProvider` and grant pods a cloud identity
 * with `addServiceAccount`.
 */
export class Cluster extends Construct {
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
  /** GCP only: the workload identity pool, `<project>.svc.id.goog`; undefined on aws. */
  readonly workloadPool?: string;
  readonly network: Network;
  readonly spec: ClusterSpec;
  private readonly stack: CloudStack;
  private readonly resources: AwsClusterResources | GcpClusterResources;
  private readonly connections = new Map<CloudStack, KubernetesConnection>();

  constructor(scope: Construct, id: string, props: ClusterProps) {
    super(scope, id);
    this.stack = CloudStack.of(this);
    this.network = props.network;
    this.spec = resolveCluster(this, this.stack, props);
    this.name = this.spec.name;
    this.version = this.spec.version;

    this.resources = forCloud<AwsClusterResources | GcpClusterResources>(this.stack.cloud, {
      aws: () =>
        (require("./aws/cluster") as typeof import("./aws/cluster")).buildCluster(this, this.spec, props.network),
      gcp: () =>
        (require("./gcp/cluster") as typeof import("./gcp/cluster")).buildCluster(this, this.spec, props.network),
    });
    ({
      endpoint: this.endpoint,
      caCertificate: this.caCertificate,
      oidcIssuer: this.oidcIssuer,
      workloadPool: this.workloadPool,
    } = this.resources.attributes);
  }

  /** The kubernetes provider for this cluster in the cluster's own stack, created on first use. */
  get kubernetesProvider(): KubernetesProvider {
    return this.kubernetesProviderFor(this);
  }

  /**
   * The kubernetes provider for this cluster in the stack that holds `scope`, created on first use.
   * In another stack (same cloud, region and project) it looks the cluster up by name there and
   * makes that stack depend on the cluster's, so no credential crosses stacks.
   */
  kubernetesProviderFor(scope: IConstruct): KubernetesProvider {
    return this.connectionFor(scope).provider;
  }

  /** A Kubernetes namespace on this cluster, declared in the stack that holds `scope`. */
  addNamespace(
    scope: Construct,
    id: string,
    options: { readonly name: string; readonly labels?: Record<string, string> },
  ): NamespaceV1 {
    const { NamespaceV1: Namespace } =
      require("@cdktf/provider-kubernetes/lib/namespace-v1") as typeof import("@cdktf/provider-kubernetes/lib/namespace-v1");
    return new Namespace(scope, id, {
      provider: this.kubernetesProviderFor(scope),
      metadata: { name: options.name, labels: options.labels },
    });
  }

  /**
   * A Kubernetes service account bound to a new cloud identity: an IAM role trusted through the
   * cluster's OIDC provider (AWS IRSA), or a GCP service account through workload identity.
   */
  addServiceAccount(scope: Construct, id: string, options: ClusterServiceAccountOptions): ClusterServiceAccount {
    return new ClusterServiceAccount(scope, id, { ...options, cluster: this });
  }

  /** Escape hatch to the AWS resources (EKS cluster, roles, node groups, OIDC provider). Throws on other clouds. */
  get aws(): AwsClusterResources {
    return resourcesOn<AwsClusterResources>(this, "aws", this.resources);
  }

  /** Escape hatch to the GCP resources (GKE cluster, node pools, node service account). Throws on other clouds. */
  get gcp(): GcpClusterResources {
    return resourcesOn<GcpClusterResources>(this, "gcp", this.resources);
  }

  /** @internal The kubernetes connection in `scope`'s stack: provider and the data sources behind it. */
  connectionFor(scope: IConstruct): KubernetesConnection {
    const target = CloudStack.of(scope);
    const existing = this.connections.get(target);
    if (existing) return existing;
    const local = target === this.stack;
    if (!local) {
      const same =
        target.cloud === this.stack.cloud &&
        target.region === this.stack.region &&
        target.project === this.stack.project;
      if (!same) {
        const where = (s: CloudStack) => [s.cloud, s.region, s.project].filter(Boolean).join(" ");
        throw invalidConfig(
          this,
          `stack '${target.node.path}' (${where(target)}) cannot reach this cluster (${where(this.stack)})`,
          "declare Kubernetes resources in a stack of the same cloud, region and project",
          KIND,
        );
      }
      target.addDependency(this.stack);
    }
    const k8s = require("./private/kubernetes") as typeof import("./private/kubernetes");
    const connection = k8s.connect(this, target, local);
    this.connections.set(target, connection);
    const providers = PROVIDERS.get(target) ?? [];
    providers.push({ provider: connection.provider, alias: k8s.aliasFor(this) });
    PROVIDERS.set(target, providers);
    // One provider needs no alias; with several, each gets one derived from its cluster's path.
    if (providers.length > 1) for (const p of providers) p.provider.alias = p.alias;
    return connection;
  }
}
