import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { ITerraformDependable } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { ClusterServiceAccountOptions, IClusterServiceAccount } from "./cluster-service-account";
import { MachineTypes, SizeName } from "../core/sizes";
import type { Weekday } from "./database";
import { INetwork } from "./network";

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
  readonly network: INetwork;
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
   * (roles/container.admin on the project). Required in production on aws.
   * @default - none besides the identity that runs Terraform
   */
  readonly admins?: string[];
  /**
   * Identities that may read the cluster, never change it: what CI's plan identity needs to
   * refresh Helm releases and Kubernetes objects in pull request plans and drift scans. Each gets
   * the Kubernetes `view` permissions cluster-wide plus read of Secrets in its `namespaces`, where
   * Helm keeps its release records. AWS: an EKS access entry with AmazonEKSViewPolicy (cluster) and
   * AmazonEKSSecretReaderPolicy (those namespaces). GCP: roles/container.clusterViewer on the project,
   * and RBAC in the add-ons stack (a ClusterRoleBinding to `view`, RoleBindings to read Secrets).
   * @default - none
   */
  readonly readers?: ClusterReader[];
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
  /**
   * GCP only: the recurring window in which GKE may auto-upgrade the control plane and nodes.
   * Not supported on aws (EKS has no maintenance window). @default - GCP: every day at 05:00 UTC for 4 hours
   */
  readonly maintenanceWindow?: ClusterMaintenanceWindow;
  /** GCP only: periods in which GKE must not auto-upgrade the cluster. @default - none */
  readonly maintenanceExclusions?: MaintenanceExclusion[];
  /**
   * GCP only: the control plane's private endpoint is reachable from every region of the network,
   * not only the cluster's (GKE master global access). Authorized networks still apply.
   * @default true
   */
  readonly globalAccess?: boolean;
}

/** One identity with read-only access to a cluster (`ClusterProps.readers`). */
export interface ClusterReader {
  /**
   * AWS: an IAM role or user ARN, e.g. `arn:aws:iam::123456789012:role/landform-gh-plan`.
   * GCP: a service account email, e.g. `landform-gh-plan@my-project.iam.gserviceaccount.com`.
   */
  readonly identity: string;
  /**
   * Namespaces whose Secrets the identity may read (get, list, watch): where Helm keeps its
   * release records. @default - the namespaces of the Helm releases in the cluster's add-ons stack,
   * found when the app is synthesized
   */
  readonly namespaces?: string[];
}

/**
 * When the cloud may upgrade and repair the cluster on its own, in UTC. GCP only (the GKE
 * maintenance policy); EKS upgrades only when Terraform asks.
 */
export interface ClusterMaintenanceWindow {
  /** Hour the window opens, 0 to 23, UTC. */
  readonly hour: number;
  /** Days the window opens on. @default - every day */
  readonly days?: Weekday[];
  /** Length of each window in hours, 4 to 24 (GKE counts only windows of 4 hours or more). @default 4 */
  readonly hours?: number;
}

/** What a maintenance exclusion holds back. */
export type MaintenanceExclusionScope = "no-upgrades" | "no-minor-upgrades" | "no-minor-or-node-upgrades";

/** A one-off period in which the cloud must not upgrade the cluster (e.g. a sales event). GCP only. */
export interface MaintenanceExclusion {
  /** A name for the exclusion, unique in the cluster. */
  readonly name: string;
  /** Start, RFC 3339 (e.g. "2026-11-20T00:00:00Z"). */
  readonly start: string;
  /** End, RFC 3339, after start. "no-upgrades" exclusions last at most 30 days. */
  readonly end: string;
  /** @default "no-upgrades" */
  readonly scope?: MaintenanceExclusionScope;
}

/** What workloads on a cluster need; also what `Cluster.fromAttributes` takes for one made elsewhere. */
export interface ClusterAttributes {
  /** The cluster's name (plain, known at synth): the EKS or GKE cluster name. */
  readonly name: string;
  /** The Kubernetes minor version, e.g. "1.33": picks the versions of the controllers Landform installs. */
  readonly version?: string;
  /** AWS only: ARN of the IAM OIDC provider for the cluster's service account tokens (IRSA). */
  readonly oidcProviderArn?: string;
  /** AWS only: the OIDC issuer URL of the cluster's service account tokens. */
  readonly oidcIssuer?: string;
  /** GCP only: the workload identity pool. @default - `<project>.svc.id.goog` */
  readonly workloadPool?: string;
}

/** What a cloud's cluster builder hands back besides its resources. */
export interface BuiltClusterAttributes {
  /** What firewalls match traffic from the cluster's nodes and pods by: AWS the cluster security group, GCP the node service account. */
  readonly trafficSource: { readonly securityGroupId?: string; readonly serviceAccountEmail?: string };
  /** AWS: the plain name of Cluster Autoscaler's IAM role (IRSA), looked up by name from the add-ons stack. */
  readonly autoscalerRoleName?: string;
  /** The cluster resource's name attribute (a reference, so readers wait for the cluster). */
  readonly name: string;
  readonly endpoint: string;
  readonly caCertificate: string;
  readonly oidcIssuer?: string;
  readonly oidcProviderArn?: string;
  readonly workloadPool?: string;
  /**
   * AWS only: ARN of the IRSA role for the Cluster Autoscaler's service account
   * `kube-system/cluster-autoscaler` (annotate the chart's service account with it). Undefined on gcp,
   * whose node pools autoscale natively.
   */
  readonly autoscalerRoleArn?: string;
  /** The cluster resource, for what must wait for it in the same stack. */
  readonly resource: ITerraformDependable;
  /**
   * The node labels that select the nodes of the pool `key` and no other's: what a workload's
   * `nodePool` becomes in its pods' `nodeSelector`. Known at synth (no resource attribute).
   */
  nodePoolSelector(key: string): Readonly<Record<string, string>>;
}

/**
 * The Kubernetes node label Landform puts on a node pool's nodes where the cloud's own label cannot
 * name the pool at synth (EKS appends a random suffix to node group names): its value is the
 * pool's name in `nodePools`. No pool may set it itself.
 */
export const NODE_POOL_LABEL = "landform.dev/node-pool";

/** How pods land on one of a cluster's node pools (`PodOptions.nodePool`). */
export interface NodePoolPlacement {
  /** The node labels that select the pool's nodes and no other's. */
  readonly selector: Readonly<Record<string, string>>;
  /** The labels the pool declares (`nodePools.<name>.labels`). */
  readonly labels: Readonly<Record<string, string>>;
  /** The pool's taints, which pods placed on it tolerate. */
  readonly taints: readonly NodeTaint[];
}

/** A Kubernetes cluster, made by Landform or imported with `Cluster.fromAttributes`. */
export interface ICluster extends IConstruct, ClusterAttributes {
  /** @internal The cluster resource when it is declared in this app. */
  readonly resource?: ITerraformDependable;
  /**
   * @internal The node pools declared on the cluster, by name, when Landform made it: where
   * `nodePool` places pods. Undefined for a cluster from `Cluster.fromAttributes`.
   */
  readonly nodePools?: Readonly<Record<string, NodePoolPlacement>>;
  /** The kubernetes provider for this cluster in the stack that holds `scope`, looked up by name. */
  kubernetesProviderFor(scope: IConstruct): KubernetesProvider;
  /** A Kubernetes namespace on this cluster, declared in the stack that holds `scope`. */
  addNamespace(scope: Construct, id: string, options: NamespaceOptions): NamespaceV1;
  /** A Kubernetes service account bound to a new cloud identity (IRSA on AWS, workload identity on GCP). */
  addServiceAccount(scope: Construct, id: string, options: ClusterServiceAccountOptions): IClusterServiceAccount;
}

export interface NamespaceOptions {
  /** The namespace's name: a Kubernetes name (RFC 1123 label). */
  readonly name: string;
  /** @default - none */
  readonly labels?: Record<string, string>;
}

export interface NodePoolSpec {
  /** The pool's key in `nodePools`: its construct id and part of its name. */
  readonly key: string;
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly desiredNodes: number;
  readonly spot: boolean;
  readonly diskGb: number;
  readonly labels: Record<string, string>;
  readonly taints: NodeTaint[];
}

/** A Cluster's props after defaults and validation: what a cloud implementation builds. */
export interface ClusterSpec {
  readonly network: INetwork;
  readonly name: string;
  readonly version: string;
  readonly nodePools: NodePoolSpec[];
  /** CIDRs allowed to reach a public endpoint; empty when the endpoint is private. */
  readonly publicAccessCidrs: string[];
  readonly admins: string[];
  /** As given; namespaces left out default at synth (the add-ons stack's Helm releases). */
  readonly readers: ClusterReader[];
  /** GCP: the channel. AWS: "extended" or undefined (standard support). */
  readonly releaseChannel?: ReleaseChannel;
  readonly deletionProtection: boolean;
  readonly secretsEncryptionKey?: string;
  /** Zones nodes spread over: the network's. */
  readonly zones: number;
  /** AWS: days CloudWatch keeps control-plane logs. */
  readonly logRetentionDays: number;
  /** GCP only, as given (the GCP checks validate them, the GCP builder applies the defaults). */
  readonly maintenanceWindow?: ClusterMaintenanceWindow;
  readonly maintenanceExclusions?: MaintenanceExclusion[];
  readonly globalAccess?: boolean;
}
