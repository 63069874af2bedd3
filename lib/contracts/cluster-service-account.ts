import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { IConstruct } from "constructs";
import { Identity } from "./identity";

export interface ClusterServiceAccountOptions {
  /** The namespace, by name or as the namespace resource (which also orders creation after it). */
  readonly namespace: string | NamespaceV1;
  /** The Kubernetes service account's name. */
  readonly name: string;
}

/** What `ClusterServiceAccount.fromAttributes` takes for a service account made elsewhere. */
export interface ClusterServiceAccountAttributes {
  /** The namespace's name. */
  readonly namespace: string;
  /** The Kubernetes service account's name. */
  readonly name: string;
  /** The cloud identity its pods run as, to grant access to. @default - none known here */
  readonly identity?: Identity;
}

/** A Kubernetes service account, made by Landform (with a cloud identity) or imported by name. */
export interface IClusterServiceAccount extends IConstruct {
  /** The namespace's name. */
  readonly namespace: string;
  readonly name: string;
  /** The cloud identity the service account's pods run as, when known. */
  readonly identity?: Identity;
}
