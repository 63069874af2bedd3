import { App, TerraformOutput } from "cdktf";
import { Cloud, CloudStack, ComputeInstance, Database, Network, StateBackend } from "../lib";

/** The README's first example: one program, either cloud. */
export function build(app: App, cloud: Cloud): CloudStack {
  const stack = new CloudStack(app, `${cloud}-prod`, {
    cloud,
    environment: "prod", // production: deletion protection, HA database, three zones
    ...(cloud === "aws"
      ? { region: "eu-west-1", account: "123456789012", backend: StateBackend.s3({ bucket: "acme-tfstate" }) }
      : { region: "europe-west1", project: "acme-prod", backend: StateBackend.gcs({ bucket: "acme-tfstate" }) }),
    tags: { team: "payments" },
  });
  const network = new Network(stack, "network", { cidr: "10.30.0.0/16" });
  const server = new ComputeInstance(stack, "app", { network, size: "medium", image: "ubuntu-24.04" });
  const orders = new Database(stack, "orders", { network, engine: "postgres", storageGb: 50 });
  orders.allowFrom(server); // the engine port, from this instance only
  new TerraformOutput(stack, "orders_host", { value: orders.host });
  new TerraformOutput(stack, "orders_secret", { value: orders.secretRef }); // where the password lives, not the password
  return stack;
}

if (require.main === module) {
  const app = new App();
  for (const cloud of ["aws", "gcp"] as const) build(app, cloud);
  app.synth();
}
