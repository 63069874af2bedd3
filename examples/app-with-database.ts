/**
 * An app server with its database. Change CLOUD (or set LANDFORM_CLOUD=gcp) and the same
 * program synthesizes for the other cloud; nothing else changes.
 *
 *   node --require ./scripts/register-ts.js examples/app-with-database.ts   # writes cdktf.out/
 */
import { App, TerraformOutput } from "cdktf";
import { Cloud, CloudStack, ComputeInstance, Database, isCloud, Network } from "../lib";

/** The one value that picks the cloud. */
export const CLOUD: Cloud = isCloud(process.env.LANDFORM_CLOUD) ? process.env.LANDFORM_CLOUD : "aws";

export function build(app: App, cloud: Cloud): CloudStack {
  const stack = new CloudStack(app, `shop-${cloud}-prod`, {
    cloud,
    environment: "prod",
    ...(cloud === "aws" ? { region: "eu-west-1" } : { region: "europe-west1", project: "acme-shop-prod" }),
  });
  const network = new Network(stack, "network");

  const server = new ComputeInstance(stack, "app", {
    network,
    size: "medium",
    image: "ubuntu-24.04",
    startupScript: "#!/bin/bash\nset -eu\napt-get update && apt-get install -y postgresql-client\n",
    labels: { app: "shop" },
  });
  const database = new Database(stack, "orders", {
    network,
    engine: "postgres",
    version: "17",
    storageGb: 50,
    maxStorageGb: 200,
    databaseName: "orders",
    labels: { app: "shop" },
  });
  // Opens exactly the engine port, from this server only.
  database.allowFrom(server);

  new TerraformOutput(stack, "app_private_ip", { value: server.privateIp });
  new TerraformOutput(stack, "app_identity", { value: server.identity.principal });
  new TerraformOutput(stack, "db_host", { value: database.host });
  new TerraformOutput(stack, "db_port", { value: database.port });
  new TerraformOutput(stack, "db_secret", {
    value: database.secretRef,
    description: "where the admin credentials live (not the credentials)",
  });
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app, CLOUD);
  app.synth();
}
