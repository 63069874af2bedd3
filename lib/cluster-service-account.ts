import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import type { ServiceAccountV1 } from "@cdktf/provider-kubernetes/lib/service-account-v1";
import { Construct } from "constructs";
import type { AwsServiceAccountIdentity } from "./aws/cluster-access";
import { invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { K8S_NAME, K8S_NAME_FIX } from "./core/naming";
import { builderOf } from "./core/registry";
import { stackOf } from "./core/stack-info";
import { Check, Checks, PropRules, validateAllProps } from "./core/validate";
import type { GcpServiceAccountIdentity } from "./gcp/cluster-access";
import { checkNamespaceCluster } from "./kubernetes/namespace";
import { connectionFor, namespaceName } from "./kubernetes/private/kubernetes";
import type { ICluster } from "./contracts/cluster";
import type {
  ClusterServiceAccountAttributes,
  ClusterServiceAccountOptions,
  IClusterServiceAccount,
} from "./contracts/cluster-service-account";
import type { Identity } from "./contracts/identity";
import { brand, hasBrand } from "./private/brand";
import { IDENTITY_RULES, requireOwnCloud } from "./private/identity";

export type {
  ClusterServiceAccountAttributes,
  ClusterServiceAccountOptions,
  IClusterServiceAccount,
} from "./contracts/cluster-service-account";

export interface ClusterServiceAccountProps extends ClusterServiceAccountOptions {
  readonly cluster: ICluster;
}

const k8sName = Checks.must(
  (name) => typeof name === "string" && K8S_NAME.test(name),
  "is not a Kubernetes name",
  K8S_NAME_FIX,
);

/** The namespace by name, or the namespace resource's name. */
function namespaceOf(given: unknown): string {
  if (typeof given !== "object" || given === null) return given as string;
  const resource = given as NamespaceV1;
  return namespaceName(resource) ?? resource.metadata?.name;
}

const cluster: Check = (scope, prop, value) => {
  if (!isClusterLike(value)) {
    throw invalidProp(scope, prop, value, "is not a cluster", "pass a Cluster or Cluster.fromAttributes(...)");
  }
};

const RULES: PropRules<ClusterServiceAccountProps> = {
  namespace: (scope, prop, value) => k8sName(scope, prop, namespaceOf(value)),
  name: k8sName,
  cluster,
};

const ATTRIBUTE_RULES: PropRules<ClusterServiceAccountAttributes> = {
  namespace: k8sName,
  name: k8sName,
  identity: Checks.object<Identity>(IDENTITY_RULES),
};

// Any cluster with Landform's brand, or a construct of the user's own with a cluster name.
function isClusterLike(value: unknown): value is ICluster {
  if (hasBrand(value, "ICluster")) return true;
  return Construct.isConstruct(value) && typeof (value as { name?: unknown }).name === "string";
}

/**
 * What owned and imported service accounts share.
 * Extend it for an IClusterServiceAccount of your own: it carries the brand consumers recognise.
 */
export abstract class ClusterServiceAccountBase extends Construct implements IClusterServiceAccount {
  /** @internal */
  static readonly landformKind = "ClusterServiceAccount";
  abstract readonly namespace: string;
  abstract readonly name: string;
  abstract readonly identity?: Identity;
}
brand(ClusterServiceAccountBase, "IClusterServiceAccount");

/** True for any service account with Landform's brand. */
export function isClusterServiceAccount(value: unknown): value is IClusterServiceAccount {
  return hasBrand(value, "IClusterServiceAccount");
}

/**
 * A Kubernetes service account with a cloud identity of its own. AWS: an IAM role that only this
 * service account can assume through the cluster's OIDC provider (IRSA), named in the
 * `eks.amazonaws.com/role-arn` annotation. GCP: a Google service account that this service account
 * impersonates through workload identity, named in the `iam.gke.io/gcp-service-account` annotation.
 * Grant the identity what the workload needs (`.aws.role`, `.gcp.serviceAccount`).
 */
export class ClusterServiceAccount extends ClusterServiceAccountBase {
  /**
   * A Kubernetes service account made elsewhere, by namespace and name (cdk8s-plus's
   * `ServiceAccount.fromServiceAccountName`), with its cloud identity when grants need it.
   */
  static fromAttributes(
    scope: Construct,
    id: string,
    attributes: ClusterServiceAccountAttributes,
  ): IClusterServiceAccount {
    return new ImportedClusterServiceAccount(scope, id, attributes);
  }

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
    validateAllProps<ClusterServiceAccountProps>(this, props, RULES, { nullsFirst: true });
    // The plain name for the cloud identity (IAM must not wait on the Kubernetes API); the
    // namespace resource's reference for the service account, so it is created after it.
    const given = props.namespace;
    checkNamespaceCluster(this, given, props.cluster, "the service account's");
    const namespace = namespaceOf(given);
    const namespaceRef = typeof given === "string" ? namespace : given.metadata.name;
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

class ImportedClusterServiceAccount extends ClusterServiceAccountBase {
  readonly namespace: string;
  readonly name: string;
  readonly identity?: Identity;

  constructor(scope: Construct, id: string, a: ClusterServiceAccountAttributes) {
    super(scope, id);
    stackOf(this);
    validateAllProps<ClusterServiceAccountAttributes>(this, a, ATTRIBUTE_RULES, {
      at: "attributes",
      fix: "pass { namespace, name }",
      nullsFirst: true,
    });
    requireOwnCloud(this, "identity", a.identity, "a service account");
    ({ namespace: this.namespace, name: this.name } = a);
    this.identity = a.identity && { ...a.identity };
  }
}
