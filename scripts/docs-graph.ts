/**
 * `npm run docs:graph`: writes the reference platform's stack graph, as `landform graph terraform`
 * prints it, into docs/reference-platform.md between the stack-graph markers. `--check` writes
 * nothing and exits 1 when the page is stale (a test runs the same check).
 */
import fs from "fs";
import path from "path";
import { runCli } from "../lib/cli/program";

const ROOT = path.resolve(__dirname, "..");
const START = "<!-- stack-graph:start (npm run docs:graph) -->";
const END = "<!-- stack-graph:end -->";
/** The page that publishes the graph, relative to the repository root. */
export const GRAPH_PAGE = "docs/reference-platform.md";

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

/** The page with the graph block replaced by `graph`. */
export function withGraph(page: string, graph: string): string {
  const [start, end] = [page.indexOf(START), page.indexOf(END)];
  if (start < 0 || end < start) throw new Error(`${GRAPH_PAGE} has no ${START} ... ${END} block`);
  return `${page.slice(0, start + START.length)}\n\`\`\`mermaid\n${graph}\`\`\`\n${page.slice(end)}`;
}

if (require.main === module) {
  const file = path.join(ROOT, GRAPH_PAGE);
  const page = fs.readFileSync(file, "utf8");
  const fresh = withGraph(page, referenceGraph());
  if (process.argv.includes("--check")) {
    if (fresh !== page) {
      console.error(`${GRAPH_PAGE}: the stack graph is stale; run npm run docs:graph and commit ${GRAPH_PAGE}.`);
      process.exitCode = 1;
    }
  } else if (fresh !== page) {
    fs.writeFileSync(file, fresh);
    console.log(`${GRAPH_PAGE}: stack graph updated`);
  }
}
