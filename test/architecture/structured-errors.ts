import ts from "typescript";

// Finds LandformErrors built from one pre-rendered string rather than their parts, in the syntax of
// lib/ (no type checker: an argument is "rendered text" by its form). Pure functions over sources
// held in memory, so the test can prove the check fires on files written to break it.

const parsed = new WeakMap<object, ts.SourceFile[]>();

/** The syntax trees of the sources, parsed once per sources object (lib/ takes a few seconds). */
function trees(sources: Readonly<Record<string, string>>): ts.SourceFile[] {
  let out = parsed.get(sources);
  if (!out) {
    out = Object.entries(sources).map(([file, text]) => ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
    parsed.set(sources, out);
  }
  return out;
}

/** LandformError and every class that extends it, or names it (`const OpsInputError = InputError`), in any of the files. */
export function errorClasses(sources: Readonly<Record<string, string>>): Set<string> {
  const links: [name: string, base: string][] = [];
  for (const sf of trees(sources)) {
    const visit = (node: ts.Node) => {
      if (ts.isClassDeclaration(node) && node.name) {
        const base = node.heritageClauses
          ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
          ?.types[0]?.expression.getText();
        if (base !== undefined) links.push([node.name.text, base]);
      } else if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        if (ts.isIdentifier(node.initializer)) links.push([node.name.text, node.initializer.text]);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  const classes = new Set(["LandformError"]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, base] of links)
      if (classes.has(base) && !classes.has(name)) {
        classes.add(name);
        grew = true;
      }
  }
  return classes;
}

/** A string, a template, a `+` of strings, or another error's `.message`: text already rendered. */
function isRenderedText(e: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(e)) return isRenderedText(e.expression);
  if (ts.isStringLiteralLike(e) || ts.isTemplateExpression(e)) return true;
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken)
    return isRenderedText(e.left) || isRenderedText(e.right);
  return ts.isPropertyAccessExpression(e) && e.name.text === "message";
}

/** `file:line new X(...)` for each LandformError built from rendered text rather than its parts, in file and line order. */
export function stringErrorCalls(sources: Readonly<Record<string, string>>): string[] {
  const classes = errorClasses(sources);
  const out: string[] = [];
  for (const sf of trees(sources)) {
    const visit = (node: ts.Node) => {
      if (ts.isNewExpression(node) && ts.isIdentifier(node.expression) && classes.has(node.expression.text)) {
        const first = node.arguments?.[0];
        if (first && isRenderedText(first)) {
          const line = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1;
          out.push(
            `${sf.fileName}:${line} new ${node.expression.text}(${first.getText(sf).split("\n")[0].slice(0, 60)}`,
          );
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return out;
}

/** The calls outside the allow-list, and the allow-listed files that have none left. */
export function check(calls: readonly string[], allowed: readonly string[]): { calls: string[]; stale: string[] } {
  const fileOf = (call: string) => call.slice(0, call.indexOf(":"));
  return {
    calls: calls.filter((c) => !allowed.includes(fileOf(c))),
    stale: allowed
      .filter((f) => !calls.some((c) => fileOf(c) === f))
      .map((f) => `${f} has no string error left; remove it from STILL_TO_CONVERT`),
  };
}
