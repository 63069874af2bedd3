/**
 * A network and its outputs, on either cloud. Copy it, pick a cloud, and run:
 *   LANDFORM_CLOUD=gcp node --require ./scripts/register-ts.js examples/network.ts
 */
import { App, TerraformOutput } from "cdktf";
import { Cloud, CloudStack, Network } from "../lib";

export function build(app: App, cloud: Cloud): CloudStack {
  const stack = new CloudStack(app, `example-network-${cloud}`, {
    cloud,
    environment: "dev",
    ...(cloud === "aws" ? { region: "us-east-1" } : { region: "us-central1", project: "example-project-1" }),
  });
  const network = new Network(stack, "network", { cidr: "10.42.0.0/16", zones: 2 });
  new TerraformOutput(stack, "network_id", { value: network.networkId });
  new TerraformOutput(stack, "private_subnet_ids", { value: network.privateSubnetIds });
  new TerraformOutput(stack, "public_subnet_ids", { value: network.publicSubnetIds });
  return stack;
}

if (require.main === module) {
  const app = new App();
  build(app, (process.env.LANDFORM_CLOUD as Cloud | undefined) ?? "aws");
  app.synth();
}
