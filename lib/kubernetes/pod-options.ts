import type { SizeName } from "../core/sizes";
import type { ConfigMap } from "./config-map";
import type { ImageRef } from "./image-ref";
import type { EnvValue } from "./probe";

/**
 * A container beside the main one: an init container (runs to completion, in order, before the
 * main container starts: database migrations, waiting for a dependency) or a sidecar (runs next to
 * it: a proxy, a log shipper). Hardened like the main container (non-root, read-only root, no
 * capabilities), with its own image pinned the same way.
 */
export interface ContainerOptions {
  /** The container's name, unique in the pod and not "app". */
  readonly name: string;
  /** The image, pinned by digest or full commit SHA (a string is parsed with `ImageRef.of`). */
  readonly image: ImageRef | string;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's cmd */
  readonly args?: string[];
  /** Environment variables, as the main container takes them. @default - none */
  readonly env?: Record<string, string | EnvValue>;
  /** Requests and limits, from the portable pod size table. @default "small" */
  readonly size?: SizeName;
}

/**
 * What the pods of an Application, a Job or a CronJob share beyond their main container: pod
 * metadata, scheduling, the API token, extra containers and configuration files. Names follow
 * cdk8s-plus (`podMetadata`, `initContainers`, `automountServiceAccountToken`) where it has the
 * same concept.
 */
export interface PodOptions {
  /**
   * Mount the Kubernetes API token into the pods, for workloads that call the Kubernetes API. Not
   * needed for the cloud identity: EKS (IRSA) projects its own token, and GKE workload identity
   * uses the metadata server. @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /** Annotations on every pod (Prometheus scrape, mesh injection). @default - Landform's own only */
  readonly podAnnotations?: Record<string, string>;
  /** Labels on every pod, besides the selector labels Landform sets. @default - Landform's own only */
  readonly podLabels?: Record<string, string>;
  /**
   * The cluster's node pool to run on, by its name in `nodePools` (`"gpu"`): the pods select that
   * pool's nodes (GKE's `cloud.google.com/gke-nodepool` label, Landform's `landform.dev/node-pool`
   * label on EKS, whose node group names carry a random suffix) and tolerate its taints. Checked
   * against the pools the cluster declares; not available on a cluster from `Cluster.fromAttributes`.
   * @default - any node the other options allow
   */
  readonly nodePool?: string;
  /**
   * Node labels the pods must run on, such as a pool's own `nodePools.<name>.labels`; with
   * `nodePool`, both apply, and a label that contradicts the pool is an error. @default - any node
   */
  readonly nodeSelector?: Record<string, string>;
  /** Containers that run to completion, in order, before the main container starts. @default - none */
  readonly initContainers?: ContainerOptions[];
  /** Containers that run beside the main container for the pod's life. @default - none */
  readonly sidecars?: ContainerOptions[];
  /**
   * ConfigMaps mounted read-only as files into every container, by directory: each key of the
   * ConfigMap becomes a file there (`{ "/etc/orders": config }`). @default - none
   */
  readonly configFiles?: Record<string, ConfigMap>;
}
