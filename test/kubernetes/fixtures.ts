import { App, Testing } from "cdktf";
import { Cloud, CloudStack, Cluster, ICluster, Network } from "../../lib";
import { synth, TerraformJson, testStack } from "../helpers";

export const DIGEST_IMAGE = `ghcr.io/acme/orders@sha256:${"0123456789abcdef".repeat(4)}`;
export const SHA_IMAGE = "ghcr.io/acme/payments:3d3c42e5aac5ba805825da76410c181273ba90b1";

/** A stack with a network and a cluster, and the cluster's `apps` namespace in its workloads stack. */
export function withCluster(cloud: Cloud, app: App = Testing.app()) {
  const stack = testStack(cloud, {}, app);
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, "cluster", { network });
  const namespace = cluster.addNamespace(cluster.workloads, "apps", { name: "apps" });
  return { app, stack, network, cluster, namespace };
}

/** The Kubernetes objects a synthesized stack declares as kubernetes_manifest, by kind and name. */
export function objectsOf(config: TerraformJson): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const r of Object.values(config.resource?.kubernetes_manifest ?? {})) {
    const m = r.manifest as { kind: string; metadata: { name: string } };
    out[`${m.kind}/${m.metadata.name}`] = m as unknown as Record<string, unknown>;
  }
  return out;
}

export function manifestsOf(stack: Parameters<typeof synth>[0]) {
  const { config } = synth(stack);
  return { config, objects: objectsOf(config) };
}

/** A cluster made elsewhere, declared in `stack` (IRSA attributes for AWS; GCP derives its pool). */
export function importedCluster(stack: CloudStack): ICluster {
  const irsa = {
    oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
    oidcIssuer: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
  };
  // Each cloud's own attributes only: the other cloud's are an error.
  return Cluster.fromAttributes(stack, "shared", { name: "shared", ...(stack.cloud === "aws" ? irsa : {}) });
}
