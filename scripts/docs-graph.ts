/**
 * `npm run docs:graph`: writes the reference platform's stack graph, as `landform graph terraform`
 * prints it, into docs/reference-platform.md between the stack-graph markers, through the
 * generated-files writer. `--check` writes nothing and exits 1 when the page is stale (a test runs
 * the same check).
 */
import fs from "fs";
import path from "path";
import { runCli } from "../lib/cli/program";
import { OpsInputError } from "../lib/ops/errors";
import {
  GeneratedFolder,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../lib/ops/generated-files";

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
  if (start < 0 || end < start)
    throw new OpsInputError(`${GRAPH_PAGE}: has no ${START} ... ${END} block; put them back.`);
  return `${page.slice(0, start + START.length)}\n\`\`\`mermaid\n${graph}\`\`\`\n${page.slice(end)}`;
}

/** The page as the generated-files writer takes it: one file, so nothing can be orphaned. */
export function graphPage(root = ROOT): GeneratedFolder {
  const page = fs.readFileSync(path.join(root, GRAPH_PAGE), "utf8");
  return {
    root,
    shown: "",
    label: GRAPH_PAGE,
    files: [{ path: GRAPH_PAGE, bytes: withGraph(page, referenceGraph()) }],
    owns: { folders: [] },
  };
}

if (require.main === module) {
  try {
    const folder = graphPage();
    const stale = staleFiles(folder);
    if (process.argv.includes("--check")) {
      if (stale.length > 0) {
        process.stderr.write(staleReport(folder, stale, "npm run docs:graph"));
        process.exitCode = 1;
      } else process.stdout.write(upToDateReport(folder));
    } else process.stdout.write(writeReport(folder, writeGenerated(folder)));
  } catch (error) {
    if (!(error instanceof OpsInputError)) throw error;
    process.stderr.write(`docs:graph: ${error.message}\n`);
    process.exitCode = 2;
  }
}
