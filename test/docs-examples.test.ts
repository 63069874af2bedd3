import fs from "fs";
import path from "path";
import ts from "typescript";

// Every ```ts block of the README and docs/ is compiled against lib/, so examples cannot rot, and
// every relative link points at a file that exists. One TypeScript program for all blocks.
const ROOT = path.resolve(__dirname, "..");
const SKIP = /<!-- not-compiled: (.+?) -->\s*$/;

interface Block {
  file: string;
  line: number;
  code: string;
  /** Why the block is not compiled, from its not-compiled comment. */
  skip?: string;
}

function markdownFiles(): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !(e.isDirectory() && path.join(dir, e.name) === path.join(ROOT, "docs", "api")))
      .flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
      );
  return [path.join(ROOT, "README.md"), ...walk(path.join(ROOT, "docs"))];
}

/** The ```ts blocks of a page, with where they start; a block under a not-compiled comment is left out. */
function blocks(file: string): { compiled: Block[]; skipped: Block[] } {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const compiled: Block[] = [];
  const skipped: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(ts|typescript)\s*$/.exec(lines[i]);
    if (!open) continue;
    const indent = open[1].length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]); i++) body.push(lines[i].slice(indent));
    const previous =
      lines
        .slice(0, start)
        .reverse()
        .find((l) => l.trim() !== "") ?? "";
    const skip = SKIP.exec(previous)?.[1];
    const block = { file: path.relative(ROOT, file), line: start + 1, code: body.join("\n") + "\n", skip };
    (skip === undefined ? compiled : skipped).push(block);
  }
  return { compiled, skipped };
}

describe("documentation", () => {
  const files = markdownFiles();
  const all = files.map(blocks);
  const compiled = all.flatMap((b) => b.compiled);
  const skipped = all.flatMap((b) => b.skipped);

  test("every ts block type-checks against lib/ (imports of landform resolve to the source)", () => {
    expect(compiled.length).toBeGreaterThanOrEqual(10);
    // Inside the repository, so `cdktf` and `constructs` resolve from its node_modules as in a user's project.
    const cache = path.join(ROOT, "node_modules", ".cache");
    fs.mkdirSync(cache, { recursive: true });
    const dir = fs.mkdtempSync(path.join(cache, "landform-docs-"));
    try {
      const names = compiled.map((block, i) => {
        const name = path.join(dir, `block-${i}.ts`);
        // `export {}` makes each block a module, so names in different blocks never collide.
        fs.writeFileSync(name, `${block.code}\nexport {};\n`);
        return name;
      });
      const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.CommonJS,
        moduleResolution: ts.ModuleResolutionKind.Node10,
        lib: ["lib.es2022.d.ts"],
        types: ["node"],
        typeRoots: [path.join(ROOT, "node_modules", "@types")],
        strict: true,
        esModuleInterop: true,
        skipLibCheck: true,
        noEmit: true,
        baseUrl: ROOT,
        paths: { landform: ["lib/index.ts"], "landform/*": ["lib/*/index.ts"] },
      };
      const program = ts.createProgram(names, options);
      // Diagnostics of the blocks only: lib/ itself is checked by `tsc --noEmit`, and checking it again costs seconds.
      const problems = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()].map((d) =>
        ts.flattenDiagnosticMessageText(d.messageText, " "),
      );
      names.forEach((name, i) => {
        const source = program.getSourceFile(name)!;
        for (const d of [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)]) {
          const { line } = source.getLineAndCharacterOfPosition(d.start ?? 0);
          problems.push(
            `${compiled[i].file}:${compiled[i].line + 1 + line}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`,
          );
        }
      });
      expect(problems).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("skipped blocks are rare and say why", () => {
    expect(skipped.length).toBeLessThanOrEqual(5);
    for (const block of skipped) expect(`${block.file}:${block.line} ${block.skip}`).toMatch(/ \w+( \w+){3,}/);
  });

  test("every relative link points at a file that exists", () => {
    const broken = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1].split("#")[0])
        .filter((target) => target !== "" && !/^[a-z]+:/i.test(target))
        .filter((target) => !fs.existsSync(path.resolve(path.dirname(file), target)))
        .map((target) => `${path.relative(ROOT, file)}: ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
