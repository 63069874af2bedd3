/**
 * `npm run docs:graph`: writes the reference platform's stack graph, as `landform graph terraform`
 * prints it, into README.md between the stack-graph markers. `--check` writes nothing and exits 1
 * when the README is stale (a test runs the same check).
 */
import fs from "fs";
import path from "path";
import { runCli } from "../lib/cli/program";

const ROOT = path.resolve(__dirname, "..");
const START = "<!-- stack-graph:start (npm run docs:graph) -->";
const END = "<!-- stack-graph:end -->";

/** `landform graph terraform` for this repository, as Mermaid. */
export function referenceGraph(): string {
  let out = "";
  let err = "";
  const code = runCli(["graph", "terraform", "--format", "mermaid"], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: ROOT,
    env: {},
  });
  if (code !== 0) throw new Error(`landform graph failed: ${err.trim()}`);
  return out;
}

/** The README with the graph block replaced by `graph`. */
export function withGraph(readme: string, graph: string): string {
  const [start, end] = [readme.indexOf(START), readme.indexOf(END)];
  if (start < 0 || end < start) throw new Error(`README.md has no ${START} ... ${END} block`);
  return `${readme.slice(0, start + START.length)}\n\`\`\`mermaid\n${graph}\`\`\`\n${readme.slice(end)}`;
}

if (require.main === module) {
  const file = path.join(ROOT, "README.md");
  const readme = fs.readFileSync(file, "utf8");
  const fresh = withGraph(readme, referenceGraph());
  if (process.argv.includes("--check")) {
    if (fresh !== readme) {
      console.error("README.md: the stack graph is stale; run npm run docs:graph and commit README.md.");
      process.exitCode = 1;
    }
  } else if (fresh !== readme) {
    fs.writeFileSync(file, fresh);
    console.log("README.md: stack graph updated");
  }
}
