import { KubernetesProvider } from "@cdktf/provider-kubernetes/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Cluster } from "../cluster";
import { forCloud } from "../core/cloud";
import type { CloudStack } from "../core/cloud-stack";
import { NameRules, physicalName } from "../core/naming";

/** What a kubernetes provider needs: the API URL, the CA (base64 PEM) and a short-lived token. */
export interface KubernetesCredentials {
  readonly host: string;
  readonly caCertificate: string;
  readonly token: string;
}

export interface KubernetesConnection {
  readonly provider: KubernetesProvider;
  /** The construct holding the provider and the data sources that feed it. */
  readonly scope: Construct;
}

/** A provider alias from the cluster's path, e.g. `aws-prod-cluster`: stable, and unique in an app. */
export function aliasFor(cluster: Cluster): string {
  return physicalName(cluster, NameRules.gcp);
}

/**
 * A kubernetes provider for `cluster` in stack `target`. In the cluster's own stack it reads the
 * cluster resource; elsewhere it looks the cluster up by its (plain) name, so the token is fetched
 * in the stack that uses it and never passes through an output.
 */
export function connect(cluster: Cluster, target: CloudStack, local: boolean): KubernetesConnection {
  const scope = local ? cluster : new Construct(target, `${aliasFor(cluster)}-kubernetes`);
  const credentials = forCloud<KubernetesCredentials>(target.cloud, {
    aws: () =>
      (require("../aws/cluster-access") as typeof import("../aws/cluster-access")).credentials(scope, cluster, local),
    gcp: () =>
      (require("../gcp/cluster-access") as typeof import("../gcp/cluster-access")).credentials(scope, cluster, local),
  });
  const provider = new KubernetesProvider(scope, local ? "Kubernetes" : "Provider", {
    host: credentials.host,
    clusterCaCertificate: Fn.base64decode(credentials.caCertificate),
    token: credentials.token,
  });
  return { provider, scope };
}
