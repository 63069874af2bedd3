import * as fs from "fs";
import * as path from "path";
import * as os from "os";
import { staleFiles } from "../../lib/ops/generated-files";
import { GRAPH_PAGE, graphPage, referenceGraph, withGraph } from "../../scripts/docs-graph";

const ROOT = path.join(__dirname, "..", "..");

describe("the published stack graph", () => {
  test("is what `landform graph terraform` prints for the committed platform (fix: npm run docs:graph)", () => {
    const page = fs.readFileSync(path.join(ROOT, GRAPH_PAGE), "utf8");
    const graph = referenceGraph();
    expect(graph).toMatch(/^flowchart LR\n/);
    // Equal means fresh; when the lead adds a dependency edge, `npm run docs:graph` rewrites the block.
    expect(withGraph(page, graph)).toBe(page);
  });

  test("npm run docs:graph goes through the generated-files writer: a stale page differs", () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lf-docs-graph-"));
    fs.mkdirSync(path.join(root, "docs"));
    const page = fs.readFileSync(path.join(ROOT, GRAPH_PAGE), "utf8");
    fs.writeFileSync(path.join(root, GRAPH_PAGE), page.replace("flowchart LR", "flowchart TB"));
    expect(staleFiles(graphPage(root))).toEqual([{ path: GRAPH_PAGE, problem: "differs" }]);
  });
});

describe("package.json exports", () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

  test("every subpath points at the build of an index.ts in lib/, with its types", () => {
    const subpaths = Object.entries(pkg.exports as Record<string, { types: string; default: string } | string>).filter(
      ([key]) => key !== "./package.json",
    );
    expect(subpaths.map(([key]) => key)).toEqual([".", "./policy", "./ops", "./cli", "./pipeline", "./modules"]);
    for (const [, target] of subpaths) {
      if (typeof target === "string") throw new Error("each export names its types and code");
      const source = target.default.replace(/^\.\/dist\//, "").replace(/\.js$/, ".ts");
      expect(fs.existsSync(path.join(ROOT, source))).toBe(true);
      expect(target.types).toBe(target.default.replace(/\.js$/, ".d.ts"));
    }
    expect(pkg.exports["."].default).toBe(`./${pkg.main}`);
  });

  test("the root stays the constructs: no CLI in it", () => {
    const root = require("../../lib");
    expect(root.runCli).toBeUndefined();
    expect(typeof root.Network).toBe("function");
    expect(typeof require("../../lib/cli").runCli).toBe("function");
    expect(typeof require("../../lib/ops").readOutput).toBe("function");
  });
});
