// Every ```ts block of the README and docs/ is compiled against lib/, so examples cannot rot. One
// TypeScript program for all blocks, with a planted block that must fail. Run by `npm test`'s static
// checks (scripts/static-checks.js); test/docs-examples.test.ts checks the links and skipped blocks.
import fs from "fs";
import path from "path";
import ts from "typescript";

export const ROOT = path.resolve(__dirname, "../..");
const SKIP = /<!-- not-compiled: (.+?) -->\s*$/;

export interface Block {
  /** Repository-relative path of the page. */
  file: string;
  line: number;
  code: string;
  /** Why the block is not compiled, from its not-compiled comment. */
  skip?: string;
}

export function markdownFiles(root = ROOT): string[] {
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !(e.isDirectory() && path.join(dir, e.name) === path.join(root, "docs", "api")))
      .flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".md") ? [path.join(dir, e.name)] : [],
      );
  return [path.join(root, "README.md"), ...walk(path.join(root, "docs"))];
}

/** The ```ts blocks of a page, with where they start; a block under a not-compiled comment is left out. */
export function blocks(file: string, root = ROOT): { compiled: Block[]; skipped: Block[] } {
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
    const block = { file: path.relative(root, file), line: start + 1, code: body.join("\n") + "\n", skip };
    (skip === undefined ? compiled : skipped).push(block);
  }
  return { compiled, skipped };
}

/** Type-checks the blocks against lib/ (imports of landform resolve to the source); one line per error. */
export function compileProblems(compiled: Block[], root = ROOT): string[] {
  // Inside the repository, so `cdktf` and `constructs` resolve from its node_modules as in a user's project.
  const cache = path.join(root, "node_modules", ".cache");
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
      typeRoots: [path.join(root, "node_modules", "@types")],
      strict: true,
      esModuleInterop: true,
      skipLibCheck: true,
      noEmit: true,
      baseUrl: root,
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
    return problems;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A block that must not compile, compiled with the others: the check proves on every run that it fails. */
export const PLANTED: Block = { file: "(planted)", line: 1, code: `const zones: number = "two";\n` };
const PLANTED_ERROR = "(planted):2: Type 'string' is not assignable to type 'number'.";

/** Every problem with the documentation's ts blocks, as lines; none when all is well. */
export function check(root = ROOT): string[] {
  const compiled = markdownFiles(root).flatMap((f) => blocks(f, root).compiled);
  // So the check cannot pass by finding no blocks.
  if (compiled.length < 10)
    return [`only ${compiled.length} ts blocks found in README.md and docs/; expected 10 or more`];
  const problems = compileProblems([...compiled, PLANTED], root);
  if (!problems.includes(PLANTED_ERROR))
    return [`the planted block did not fail with "${PLANTED_ERROR}"; this check cannot fail:`, ...problems];
  return problems.filter((p) => p !== PLANTED_ERROR);
}

if (require.main === module) {
  const problems = check();
  for (const p of problems) process.stdout.write(`${p}\n`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
