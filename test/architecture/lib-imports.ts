import fs from "fs";
import path from "path";
import ts from "typescript";

/** One module reference in a lib/ file, resolved to another lib/ file. */
export interface Edge {
  /** Repository-relative path, e.g. `lib/network.ts`. */
  readonly from: string;
  readonly to: string;
  readonly line: number;
  /** `import type`, `export type`, `typeof import(...)`: gone at runtime. */
  readonly typeOnly: boolean;
}

/** An equality test against a cloud name, e.g. `cloud === "aws"` or `case "gcp":`. */
export interface CloudComparison {
  readonly file: string;
  readonly line: number;
  readonly text: string;
}

export interface ParsedFile {
  readonly edges: Edge[];
  readonly comparisons: CloudComparison[];
}

export const REPO = path.resolve(__dirname, "../..");

/** Every lib/**\/*.ts file, repository-relative, sorted. */
export function libFiles(root = REPO): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) out.push(rel);
    }
  };
  walk("lib");
  return out.sort();
}

/**
 * The lib/ files `file` references, read from its syntax tree: static imports and re-exports,
 * `require("...")`, `import("...")`, and the type-only forms. Package imports are left out.
 * `exists` says whether a repository-relative path is a file, so sources can be tested in memory.
 */
export function parse(
  file: string,
  source: string,
  exists: (rel: string) => boolean,
  clouds: readonly string[],
): ParsedFile {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true);
  const edges: Edge[] = [];
  const comparisons: CloudComparison[] = [];
  const lineOf = (node: ts.Node) => sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
  const add = (node: ts.Node, specifier: ts.Expression | undefined, typeOnly: boolean) => {
    if (!specifier || !ts.isStringLiteralLike(specifier) || !specifier.text.startsWith(".")) return;
    const to = resolve(file, specifier.text, exists);
    edges.push({ from: file, to, line: lineOf(node), typeOnly });
  };
  const isCloudLiteral = (e: ts.Expression) => ts.isStringLiteralLike(e) && clouds.includes(e.text);
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node)) {
      add(node, node.moduleSpecifier, importIsTypeOnly(node));
    } else if (ts.isExportDeclaration(node)) {
      add(node, node.moduleSpecifier, exportIsTypeOnly(node));
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node, node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node, node.argument.literal as ts.Expression, true);
    } else if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const isRequire = ts.isIdentifier(callee) && callee.text === "require";
      if (isRequire || callee.kind === ts.SyntaxKind.ImportKeyword) add(node, node.arguments[0], false);
    } else if (ts.isBinaryExpression(node) && EQUALITY.has(node.operatorToken.kind)) {
      if (isCloudLiteral(node.left) || isCloudLiteral(node.right)) {
        comparisons.push({ file, line: lineOf(node), text: node.getText(sf) });
      }
    } else if (ts.isCaseClause(node) && isCloudLiteral(node.expression)) {
      comparisons.push({ file, line: lineOf(node), text: `case ${node.expression.getText(sf)}:` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return { edges, comparisons };
}

const EQUALITY = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);

function importIsTypeOnly(node: ts.ImportDeclaration): boolean {
  const clause = node.importClause;
  if (!clause) return false; // `import "./x"` runs x
  if (clause.isTypeOnly) return true;
  const named = clause.namedBindings;
  // `import { type A, type B } from` is elided too; a default or namespace import is not.
  return !clause.name && named !== undefined && ts.isNamedImports(named) && named.elements.every((e) => e.isTypeOnly);
}

function exportIsTypeOnly(node: ts.ExportDeclaration): boolean {
  if (node.isTypeOnly) return true;
  const clause = node.exportClause;
  return clause !== undefined && ts.isNamedExports(clause) && clause.elements.every((e) => e.isTypeOnly);
}

/** `./x` from `lib/a/b.ts` to `lib/a/x.ts` or `lib/a/x/index.ts`; unresolved paths kept as written. */
function resolve(from: string, specifier: string, exists: (rel: string) => boolean): string {
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}/index.ts`]) {
    if (candidate.endsWith(".ts") && exists(candidate)) return candidate;
  }
  return base;
}

/** Parses a set of files held in memory (path -> source). */
export function parseAll(sources: Readonly<Record<string, string>>, clouds: readonly string[]): ParsedFile {
  const exists = (rel: string) => Object.prototype.hasOwnProperty.call(sources, rel);
  const parsed = Object.entries(sources).map(([file, source]) => parse(file, source, exists, clouds));
  return { edges: parsed.flatMap((p) => p.edges), comparisons: parsed.flatMap((p) => p.comparisons) };
}

/** The repository's lib/ sources. */
export function readLib(root = REPO): Record<string, string> {
  return Object.fromEntries(libFiles(root).map((f) => [f, fs.readFileSync(path.join(root, f), "utf8")]));
}
