/**
 * A Landform app of N generated stacks for the benchmark's scaling series, alternating AWS and GCP,
 * each with a Network, a ComputeInstance and a Database that admits the instance. Prints the
 * constructs it used as JSON on stdout.
 *
 * Run: CDKTF_OUTDIR=<dir> node --require ./scripts/register-ts.js bench/scale-app.ts <stacks>
 */
import { App } from "cdktf";
import { Cloud, CloudStack, ComputeInstance, Database, Network } from "../lib";

const count = Number(process.argv[2] ?? 10);
const app = new App();
for (let i = 0; i < count; i++) {
  const cloud: Cloud = i % 2 === 0 ? "aws" : "gcp";
  const stack = new CloudStack(app, `${cloud}-s${String(i).padStart(3, "0")}`, {
    cloud,
    environment: "dev",
    ...(cloud === "aws" ? { region: "eu-west-1" } : { region: "europe-west1", project: "acme-bench-123" }),
  });
  const network = new Network(stack, "network");
  const instance = new ComputeInstance(stack, "instance", { network });
  new Database(stack, "database", { network, allowFrom: [instance] });
}
app.synth();
console.log(JSON.stringify({ stacks: count, constructs: ["Network", "ComputeInstance", "Database"] }));
