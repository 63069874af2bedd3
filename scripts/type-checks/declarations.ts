// The published types are the public API: what is marked @internal (the class kinds for messages,
// Kubernetes connections, helpers the constructs share) must not appear in them, and the contract
// between constructs and clouds (lib/contracts' *Spec types, the CloudTarget) is not exported.
// Built with the package's own build settings (tsconfig.build.json) into a temporary folder.
// Run by `npm test`'s static checks (scripts/static-checks.js); test/architecture/declarations.test.ts
// plants a failure for each check.
import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import ts from "typescript";
import { libFiles, REPO } from "../../test/architecture/lib-imports";

export interface Declaration {
  /** `Container.member` or a function's name. */
  readonly name: string;
  readonly internal: boolean;
}

/** `Container.member` or `function` names a file declares, with whether they are marked @internal. */
export function declarations(file: string, text: string): Declaration[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: Declaration[] = [];
  const internal = (node: ts.Node) =>
    (ts.getLeadingCommentRanges(text, node.getFullStart()) ?? []).some((r) =>
      text.slice(r.pos, r.end).includes("@internal"),
    );
  const nameOf = (node: ts.NamedDeclaration) => (node.name && ts.isIdentifier(node.name) ? node.name.text : undefined);
  for (const statement of sf.statements) {
    if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
      const container = nameOf(statement);
      for (const member of statement.members as ts.NodeArray<ts.NamedDeclaration>) {
        const name = nameOf(member);
        if (container && name) out.push({ name: `${container}.${name}`, internal: internal(member) });
      }
    } else if (ts.isFunctionDeclaration(statement) && statement.name) {
      out.push({ name: statement.name.text, internal: internal(statement) });
    }
  }
  return out;
}

/** Reads a lib/ file (`lib/x.ts`) or its declarations (`dts("lib/x.ts")` reads `lib/x.d.ts` of the build). */
export type Reader = (file: string) => string;

/** Members named landformKind, connectionFor or spec in the declarations of construct files. */
export function leakedMembers(constructFiles: string[], dts: Reader): string[] {
  return constructFiles.flatMap((f) =>
    declarations(f, dts(f))
      .map((d) => d.name)
      .filter((n) => /(^|\.)(landformKind|connectionFor|spec)$/.test(n))
      .map((n) => `${f}: ${n}`),
  );
}

/** Declarations marked @internal in the sources, and those of them still in the declarations. */
export function internals(files: string[], source: Reader, dts: Reader): { marked: string[]; kept: string[] } {
  const marked = files.flatMap((f) =>
    declarations(f, source(f))
      .filter((d) => d.internal)
      .map((d) => ({ file: f, name: d.name })),
  );
  const kept = marked.filter((m) => declarations(m.file, dts(m.file)).some((d) => d.name === m.name));
  return { marked: marked.map((m) => m.name), kept: kept.map((m) => `${m.file}: ${m.name}`) };
}

const INTERNAL_EXPORT =
  /Spec$|^(CloudTarget|ConstructBuilder|builderOf|targetFor|targetOf|perCloud|notSupported|requireNetwork|connectionFor)$/;

/** Names the entry points' declarations export, and those of them that are internal contracts. */
export function entryExports(entries: string[], dts: Reader): { exported: string[]; internal: string[] } {
  const exported = entries.flatMap((f) => {
    const sf = ts.createSourceFile(f, dts(f), ts.ScriptTarget.ES2022, true);
    return sf.statements
      .filter(ts.isExportDeclaration)
      .flatMap((s) => (s.exportClause && ts.isNamedExports(s.exportClause) ? s.exportClause.elements : []))
      .map((e) => ({ file: f, name: e.name.text }));
  });
  return {
    exported: exported.map((e) => e.name),
    internal: exported.filter((e) => INTERNAL_EXPORT.test(e.name)).map((e) => `${e.file}: ${e.name}`),
  };
}

/** `tsc -p <tsconfig> --emitDeclarationOnly` into outDir; what tsc printed, and whether it succeeded. */
export function buildDeclarations(project: string, outDir: string): { ok: boolean; output: string } {
  const build = spawnSync(
    process.execPath,
    [path.join(REPO, "node_modules/typescript/bin/tsc"), "-p", project, "--outDir", outDir, "--emitDeclarationOnly"],
    { cwd: path.dirname(project), encoding: "utf8" },
  );
  const output = `${build.stdout}${build.stderr}`;
  return { ok: build.status === 0 && output === "", output };
}

/** Every problem with the published declarations of the repository at `root`, as lines; none when all is well. */
export function check(root = REPO): string[] {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-dts-"));
  try {
    const build = buildDeclarations(path.join(root, "tsconfig.build.json"), outDir);
    if (!build.ok) return [`the build of tsconfig.build.json failed:\n${build.output}`];
    const dts: Reader = (f) => fs.readFileSync(path.join(outDir, f.replace(/\.ts$/, ".d.ts")), "utf8");
    const source: Reader = (f) => fs.readFileSync(path.join(root, f), "utf8");
    const files = libFiles(root);
    const problems: string[] = [];

    const constructFiles = files.filter((f) => /^lib\/[^/]+\.ts$/.test(f) || f === "lib/core/cloud-stack.ts");
    for (const leak of leakedMembers(constructFiles, dts))
      problems.push(`a construct file's declarations name landformKind, connectionFor or spec: ${leak}`);

    const { marked, kept } = internals(files, source, dts);
    // The ones this check was written for, so it cannot pass by finding nothing.
    const expected = [
      "NetworkBase.landformKind",
      "DatabaseBase.landformKind",
      "Cluster.connectionFor",
      "Cluster.resource",
      "ICluster.resource",
      "requireNetwork",
    ];
    for (const name of expected.filter((n) => !marked.includes(n)))
      problems.push(`${name} is no longer marked @internal in lib/ (or was renamed): update this check`);
    for (const k of kept) problems.push(`marked @internal in lib/ but kept in its .d.ts: ${k}`);

    const entries = ["lib/index.ts", "lib/policy/index.ts", "lib/ops/index.ts", "lib/cli/index.ts"];
    const { exported, internal } = entryExports(entries, dts);
    for (const name of ["Network", "Database", "LandformError"].filter((n) => !exported.includes(n)))
      problems.push(`the package root no longer exports ${name}: update this check`);
    for (const name of internal) problems.push(`an entry point exports an internal contract: ${name}`);
    return problems;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const problems = check();
  for (const p of problems) process.stdout.write(`${p}\n`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
