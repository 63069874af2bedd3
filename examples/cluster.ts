import { App, TerraformOutput } from "cdktf";
import { Cloud, CloudStack, Cluster, Network } from "../lib";

/**
 * A private Kubernetes cluster on either cloud (LANDFORM_CLOUD=aws|gcp), an `apps` namespace on it, and an `orders` service
 * account whose pods act as their own cloud identity (IRSA role / GCP service account).
 * A second stack, `<cloud>-apps`, declares Kubernetes resources on the same cluster.
 */
export function build(app: App, cloud: Cloud): App {
  const stack = new CloudStack(app, `${cloud}-cluster`, {
    cloud,
    environment: "dev",
    ...(cloud === "aws" ? { region: "eu-west-1" } : { region: "europe-west1", project: "acme-example-dev" }),
  });
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, "cluster", {
    network,
    version: "1.33",
    nodePools: {
      general: { size: "medium", minNodes: 2, maxNodes: 6 },
      batch: {
        size: "large",
        minNodes: 0,
        maxNodes: 10,
        spot: true,
        taints: [{ key: "workload", value: "batch", effect: "NoSchedule" }],
      },
    },
  });
  const apps = cluster.addNamespace(stack, "apps", { name: "apps" });
  const orders = cluster.addServiceAccount(stack, "orders", { namespace: apps, name: "orders" });
  new TerraformOutput(stack, "cluster_name", { value: cluster.name });
  new TerraformOutput(stack, "orders_identity", { value: orders.identity.id });

  // Another stack on the same cloud, region and project reaches the cluster by name.
  const workloads = new CloudStack(app, `${cloud}-apps`, {
    cloud,
    environment: "dev",
    ...(cloud === "aws" ? { region: "eu-west-1" } : { region: "europe-west1", project: "acme-example-dev" }),
  });
  cluster.addNamespace(workloads, "jobs", { name: "jobs" });
  return app;
}

if (require.main === module) build(new App(), (process.env.LANDFORM_CLOUD as Cloud | undefined) ?? "aws").synth();
