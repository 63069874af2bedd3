import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import { Cloud, CloudStack, Cluster, ComputeInstance, Database, Network, StateBackend } from "../lib";
import { EnvironmentConfig } from "./config";

/** One environment of the reference platform on one cloud. */
export class PlatformStack extends CloudStack {
  constructor(scope: Construct, cloud: Cloud, config: EnvironmentConfig) {
    super(scope, `${cloud}-${config.environment}`, {
      cloud,
      environment: config.environment,
      ...(cloud === "aws"
        ? {
            region: config.aws.region,
            account: config.aws.account,
            backend: StateBackend.s3({ bucket: config.aws.stateBucket }),
          }
        : {
            region: config.gcp.region,
            project: config.gcp.project,
            backend: StateBackend.gcs({ bucket: config.gcp.stateBucket }),
          }),
      tags: { team: "platform" },
    });

    const network = new Network(this, "network", config.network);
    new TerraformOutput(this, "network_id", { value: network.networkId });
    new TerraformOutput(this, "private_subnet_ids", { value: network.privateSubnetIds });

    // EKS in production needs a named admin role: the role of that name in the account deployed to.
    const adminRole = cloud === "aws" ? config.aws.adminRole : undefined;
    const admins =
      adminRole && config.aws.account ? [`arn:aws:iam::${config.aws.account}:role/${adminRole}`] : undefined;
    const cluster = new Cluster(this, "cluster", {
      network,
      version: "1.33",
      nodePools: { general: config.nodePool },
      admins,
    });
    new TerraformOutput(this, "cluster_name", { value: cluster.name });
    new TerraformOutput(this, "cluster_endpoint", { value: cluster.endpoint });
    // Kubernetes objects live in the cluster's workloads stack, applied after this one.
    const workloads = cluster.workloads;
    const apps = cluster.addNamespace(workloads, "apps", { name: "apps" });
    const appsIdentity = cluster.addServiceAccount(workloads, "apps-default", { namespace: apps, name: "apps" });
    new TerraformOutput(workloads, "apps_identity", { value: appsIdentity.identity.id });

    const worker = new ComputeInstance(this, "worker", { network, labels: { role: "worker" } });
    const database = new Database(this, "database", { network, databaseName: "platform" });
    database.allowFrom(worker);
    // Pods reach the database too: from the cluster security group (EKS) or the node service account (GKE).
    database.allowFrom(cluster);
    new TerraformOutput(this, "worker_private_ip", { value: worker.privateIp });
    new TerraformOutput(this, "database_host", { value: database.host });
    new TerraformOutput(this, "database_secret", { value: database.secretRef });
  }
}
