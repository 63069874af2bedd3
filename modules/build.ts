// `npm run modules`: synthesizes the reference modules and packages each into modules/dist, the
// same way `landform module package` does. `--check` writes nothing and fails when dist differs.
import { App } from "cdktf";
import * as path from "path";
import { CLOUDS } from "../lib/core/cloud";
import { moduleFiles, staleModuleFiles, writeModule } from "../lib/modules";
import { readOutput } from "../lib/ops/read";
import { databaseModule } from "./database";
import { networkModule } from "./network";

export const VERSION = "0.1.0";
const PROVIDER = { aws: "aws", gcp: "google" } as const;

/** The reference modules: [stack name, registry name, registry provider]. */
export function buildApp(outdir: string): { app: App; modules: [string, string, string][] } {
  const app = new App({ outdir });
  const modules: [string, string, string][] = [];
  for (const cloud of CLOUDS) {
    for (const make of [networkModule, databaseModule]) {
      const stack = make(app, cloud);
      modules.push([stack.node.id, stack.node.id.replace(`-${cloud}`, ""), PROVIDER[cloud]]);
    }
  }
  return { app, modules };
}

function main(): void {
  const root = path.resolve(__dirname);
  const check = process.argv.includes("--check");
  const { app, modules } = buildApp(path.join(root, "cdktf.out"));
  app.synth();
  const output = readOutput(path.join(root, "cdktf.out"));
  const out = path.join(root, "dist");
  let stale = 0;
  for (const [stackName, name, provider] of modules) {
    const stack = output.stacks.find((s) => s.name === stackName)!;
    const options = { name, provider, version: VERSION };
    const files = moduleFiles(stackName, stack.json, options);
    if (check) {
      const diff = staleModuleFiles(out, files, options);
      if (diff.length > 0) console.error(`modules/dist: stale ${diff.join(", ")}; run npm run modules.`);
      stale += diff.length;
    } else {
      writeModule(out, files, options);
      console.log(`modules/dist: terraform-${provider}-${name} ${VERSION}`);
    }
  }
  if (stale > 0) process.exitCode = 1;
}

if (require.main === module) main();
