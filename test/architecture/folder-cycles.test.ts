import ts from "typescript";
import { CLOUDS } from "../../lib/core/cloud";
import { Edge, parseAll, readLib } from "./lib-imports";

// Folders of lib/ form layers: cli on top of ops and policy, those on top of core. A folder-level
// cycle (cli -> ops -> cli) means neither folder can be read, tested or loaded without the other.
// Only eager imports count: the registry's lazy require of a cloud folder is the designed way back.

/** Each file reduced to its top-level import and export-from statements: what loads when it loads. */
function eagerEdges(sources: Readonly<Record<string, string>>): Edge[] {
  const eager = Object.fromEntries(
    Object.entries(sources).map(([file, source]) => {
      const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
      const kept = sf.statements.filter(
        (s) => ts.isImportDeclaration(s) || (ts.isExportDeclaration(s) && s.moduleSpecifier !== undefined),
      );
      // Each statement stays on its own line, so findings point at the real line.
      const lines: string[] = source.split("\n").map(() => "");
      for (const s of kept) {
        const start = sf.getLineAndCharacterOfPosition(s.getStart(sf)).line;
        s.getText(sf)
          .split("\n")
          .forEach((text, i) => (lines[start + i] = text));
      }
      return [file, lines.join("\n")];
    }),
  );
  return parseAll(eager, CLOUDS).edges.filter((e) => !e.typeOnly);
}

/** `lib/ops/plan/x.ts` -> `ops`; files directly in lib/ (the constructs) are not a folder. */
function folderOf(file: string): string | undefined {
  const parts = file.split("/");
  return parts.length > 2 ? parts[1] : undefined;
}

/** Every folder-level cycle, each once, as `a -> b -> a` with one file edge per step. */
export function folderCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Map<string, Edge>>();
  for (const e of edges) {
    const [from, to] = [folderOf(e.from), folderOf(e.to)];
    if (!from || !to || from === to) continue;
    if (!next.has(from)) next.set(from, new Map());
    if (!next.get(from)!.has(to)) next.get(from)!.set(to, e);
  }
  const out: string[] = [];
  const reported = new Set<string>();
  for (const start of [...next.keys()].sort()) {
    if (reported.has(start)) continue;
    // Breadth-first: the shortest way back to `start`.
    const via = new Map<string, string>();
    const queue = [start];
    let found: string | undefined;
    while (queue.length > 0 && !found) {
      const folder = queue.shift()!;
      for (const to of [...(next.get(folder)?.keys() ?? [])].sort()) {
        if (to === start) {
          found = folder;
          break;
        }
        if (!via.has(to)) {
          via.set(to, folder);
          queue.push(to);
        }
      }
    }
    if (!found) continue;
    const loop = [found];
    while (loop[0] !== start) loop.unshift(via.get(loop[0])!);
    loop.forEach((f) => reported.add(f));
    const steps = loop.map((f, i) => {
      const e = next.get(f)!.get(loop[i + 1] ?? start)!;
      return `${f} (${e.from}:${e.line})`;
    });
    out.push(`folder cycle: ${steps.join(" -> ")} -> ${start}`);
  }
  return out;
}

describe("lib/ folders", () => {
  test("no folder imports, eagerly, a folder that imports it back", () => {
    const edges = eagerEdges(readLib());
    // The reading found the edges that matter, so an empty answer below means something.
    expect(edges.some((e) => e.from.startsWith("lib/cli/") && e.to.startsWith("lib/ops/"))).toBe(true);
    expect(folderCycles(edges)).toEqual([]);
  });

  test("the check fires on a cycle, names each step's file and line, and ignores lazy requires", () => {
    const edges = eagerEdges({
      "lib/cli/io.ts": "export const x = 1;\n",
      "lib/cli/drift.ts": 'import { y } from "../ops/plan/cli";\n',
      "lib/ops/plan/cli.ts": 'import { helper } from "../util";\n',
      "lib/ops/util.ts": '\nimport { x } from "../cli/io";\n',
      "lib/core/registry.ts": 'export const load = () => require("../aws/target");\n',
      "lib/aws/target.ts": 'import { z } from "../core/registry";\n',
      "lib/gcp/target.ts": 'import type { z } from "../core/registry";\nimport { q } from "../ops/util";\n',
    });
    expect(folderCycles(edges)).toEqual(["folder cycle: cli (lib/cli/drift.ts:1) -> ops (lib/ops/util.ts:2) -> cli"]);
  });
});
