/**
 * A Landform app of N generated stacks for the benchmark's scaling series, alternating AWS and GCP,
 * each with a Network, plus a ComputeInstance and a Database when lib/index.ts exports them (found
 * at run time, so the series runs before and after those constructs land). Prints the constructs
 * it used as JSON on stdout.
 *
 * Run: CDKTF_OUTDIR=<dir> node --require tsx/cjs bench/scale-app.ts <stacks>
 */
import { App } from "cdktf";
import { Construct } from "constructs";
import * as landform from "../lib";
import { Cloud, CloudStack, Network } from "../lib";

type Create = (stack: CloudStack, network: Network) => void;
type ConstructClass = new (scope: Construct, id: string, props: Record<string, unknown>) => unknown;

/** Optional constructs and the props tried for each, smallest first: the benchmark guesses only minimal props. */
const OPTIONAL: Record<string, Record<string, unknown>[]> = {
  ComputeInstance: [{}],
  Database: [{ engine: "postgres" }, { engine: "postgres", version: "16" }],
};

function stack(app: App, cloud: Cloud, i: number): CloudStack {
  const id = `${cloud}-s${String(i).padStart(3, "0")}`;
  return new CloudStack(app, id, {
    cloud,
    region: cloud === "aws" ? "eu-west-1" : "europe-west1",
    environment: "dev",
    ...(cloud === "gcp" ? { project: "acme-bench-123" } : {}),
  });
}

/** The optional constructs that build on both clouds, and why any other was left out. */
function optionalConstructs(): { creators: [string, Create][]; skipped: Record<string, string> } {
  const creators: [string, Create][] = [];
  const skipped: Record<string, string> = {};
  for (const [name, attempts] of Object.entries(OPTIONAL)) {
    const cls = (landform as unknown as Record<string, ConstructClass | undefined>)[name];
    if (!cls) {
      skipped[name] = "not exported by lib/index.ts";
      continue;
    }
    let lastError = "";
    const works = attempts.find((props) => {
      try {
        for (const cloud of ["aws", "gcp"] as const) {
          const s = stack(new App(), cloud, 0);
          new cls(s, "probe", { network: new Network(s, "network", {}), ...props });
        }
        return true;
      } catch (e) {
        lastError = (e as Error).message;
        return false;
      }
    });
    if (works) creators.push([name, (s, network) => new cls(s, name.charAt(0).toLowerCase() + name.slice(1), { network, ...works })]);
    else skipped[name] = `no minimal props built: ${lastError}`;
  }
  return { creators, skipped };
}

const count = Number(process.argv[2] ?? 10);
const { creators, skipped } = optionalConstructs();
const app = new App();
for (let i = 0; i < count; i++) {
  const s = stack(app, i % 2 === 0 ? "aws" : "gcp", i);
  const network = new Network(s, "network", {});
  for (const [, create] of creators) create(s, network);
}
app.synth();
console.log(JSON.stringify({ stacks: count, constructs: ["Network", ...creators.map(([n]) => n)], skipped }));
