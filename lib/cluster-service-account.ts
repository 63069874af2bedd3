import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsServiceAccountIdentity } from "./aws/cluster-access";
import { invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { builderOf } from "./core/registry";
import type { GcpServiceAccountIdentity } from "./gcp/cluster-access";
import { connectionFor, namespaceName } from "./kubernetes/private/kubernetes";
import type { ICluster } from "./contracts/cluster";
import type { Identity } from "./contracts/identity";

export interface ClusterServiceAccountOptions {
  /** The namespace, by name or as the namespace resource (which also orders creation after it). */
  readonly namespace: string | NamespaceV1;
  /** The Kubernetes service account's name. */
  readonly name: string;
}

export interface ClusterServiceAccountProps extends ClusterServiceAccountOptions {
  readonly cluster: ICluster;
}

// Kubernetes names (RFC 1123 labels), the form namespaces and service accounts take.
const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * A Kubernetes service account with a cloud identity of its own. AWS: an IAM role that only this
 * service account can assume through the cluster's OIDC provider (IRSA), named in the
 * `eks.amazonaws.com/role-arn` annotation. GCP: a Google service account that this service account
 * impersonates through workload identity, named in the `iam.gke.io/gcp-service-account` annotation.
 * Grant the identity what the workload needs (`.aws.role`, `.gcp.serviceAccount`).
 */
export class ClusterServiceAccount extends Construct {
  /** @internal */
  static readonly landformKind = "ClusterServiceAccount";

  /** The Kubernetes service account. */
  readonly serviceAccount: ServiceAccountV1;
  /** The cloud identity the service account's pods run as. */
  readonly identity: Identity;
  /** The namespace's name. */
  readonly namespace: string;
  readonly name: string;
  private readonly resources: unknown;

  constructor(scope: Construct, id: string, props: ClusterServiceAccountProps) {
    super(scope, id);
    // The plain name for the cloud identity (IAM must not wait on the Kubernetes API); the
    // namespace resource's reference for the service account, so it is created after it.
    const given = props.namespace;
    const namespace =
      typeof given === "string" ? given : given ? (namespaceName(given) ?? given.metadata?.name) : given;
    const namespaceRef = typeof given === "string" || !given ? namespace : given.metadata.name;
    for (const [prop, value] of [
      ["namespace", namespace],
      ["name", props.name],
    ] as const) {
      if (!Token.isUnresolved(value) && !(typeof value === "string" && K8S_NAME.test(value))) {
        throw invalidProp(
          this,
          prop,
          value,
          "is not a Kubernetes name",
          "use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit",
        );
      }
    }
    this.namespace = namespace;
    this.name = props.name;
    const cluster = props.cluster;
    const provider = connectionFor(cluster, this).provider;

    const built = builderOf(this, "clusterServiceAccount").build(this, cluster, namespace, props.name);
    this.resources = built.resources;
    this.identity = built.attributes.identity;

    const { ServiceAccountV1: ServiceAccount } =
      require("@cdktf/provider-kubernetes/lib/service-account-v1") as typeof import("@cdktf/provider-kubernetes/lib/service-account-v1");
    this.serviceAccount = new ServiceAccount(this, "Resource", {
      provider,
      metadata: { name: props.name, namespace: namespaceRef, annotations: { ...built.attributes.annotations } },
    });
  }

  /** AWS: the IRSA role. Throws on other clouds. */
  get aws(): AwsServiceAccountIdentity {
    return resourcesOn<AwsServiceAccountIdentity>(this, "aws", this.resources);
  }

  /** GCP: the Google service account and its workload identity binding. Throws on other clouds. */
  get gcp(): GcpServiceAccountIdentity {
    return resourcesOn<GcpServiceAccountIdentity>(this, "gcp", this.resources);
  }
}
