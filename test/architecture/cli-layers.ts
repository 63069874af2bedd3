import path from "path";
import ts from "typescript";

// The layers of the CLI (docs/contributing.md, "Where a new command goes"): a command file in
// lib/cli/commands/ only wires typed arguments (lib/cli/arguments/), a domain function and a
// view (lib/cli/views/). Pure functions over sources in memory, so the test can plant failures.

/** A command file longer than this is doing more than wiring. */
export const MAX_COMMAND_LINES = 80;

/** The folders whose entry functions a command may call. */
const DOMAIN = /^lib\/(ops|policy|pipeline|modules|kubernetes)\//;

/** The only package a command file may import: the router's. */
const PACKAGES = ["commander"];

function isCommandFile(file: string): boolean {
  return /^lib\/cli\/commands\/[^/]+\.ts$/.test(file);
}

/** Every module a file names, with its line: imports, re-exports and `require`/`import()` calls. */
function specifiers(file: string, text: string): { spec: string; line: number }[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const out: { spec: string; line: number }[] = [];
  const add = (node: ts.Node, spec: ts.Node | undefined) => {
    if (spec && ts.isStringLiteralLike(spec))
      out.push({ spec: spec.text, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1 });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node, node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference))
      add(node, node.moduleReference.expression);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    )
      add(node, node.arguments[0]);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `file:line ...` for each command file that is too long or imports past its layer, in file order. */
export function commandLayerProblems(sources: Readonly<Record<string, string>>): string[] {
  const out: string[] = [];
  for (const [file, text] of Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (!isCommandFile(file)) continue;
    const lines = text.replace(/\n$/, "").split("\n").length;
    if (lines > MAX_COMMAND_LINES)
      out.push(
        `${file} has ${lines} lines (at most ${MAX_COMMAND_LINES}); move flag parsing to lib/cli/arguments/, rendering to lib/cli/views/ and logic to its domain folder`,
      );
    for (const { spec, line } of specifiers(file, text)) {
      if (!spec.startsWith(".")) {
        if (!PACKAGES.includes(spec))
          out.push(
            `${file}:${line} imports "${spec}"; a command reads and writes files only through lib/cli and domain functions`,
          );
        continue;
      }
      const to = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
      if (to.startsWith("lib/cli/")) continue;
      if (DOMAIN.test(`${to}/`) && !/\/formats(\/|$)/.test(to)) continue;
      out.push(
        `${file}:${line} imports ${to}; a command imports lib/cli/** and the entry functions of ops, policy, pipeline, modules and kubernetes (formatters go through lib/cli/views/)`,
      );
    }
  }
  return out;
}

/** Whether a command's help ends with its exit codes line. */
export function helpEndsWithExitCodes(help: string): boolean {
  const last = help.trimEnd().split("\n").pop() ?? "";
  return /^Exit codes: 0 .+, 2 .+\.$/.test(last);
}
