import fs from "fs";
import path from "path";
import ts from "typescript";

// A test that returns before asserting reports "passed" while proving nothing (say, on one cloud of a
// describe.each). Filter the cases before test.each instead. This scans every test body under test/
// for a `return` at its top level, bare or under an `if`, before its last statement.

const TEST = path.resolve(__dirname, "..");
const TEST_CALL = /^(test|it)(\.(each|only|concurrent|failing))*$/;

/** `test`, `it.only`, `test.each`: the callee's name, with `test.each(...)(...)` reduced to `test.each`. */
function calleeName(call: ts.CallExpression): string | undefined {
  let callee: ts.Expression = call.expression;
  if (ts.isCallExpression(callee)) callee = callee.expression; // test.each(cases)(name, fn)
  if (ts.isTaggedTemplateExpression(callee)) callee = callee.tag; // test.each`table`(name, fn)
  const parts: string[] = [];
  while (ts.isPropertyAccessExpression(callee)) {
    parts.unshift(callee.name.text);
    callee = callee.expression;
  }
  return ts.isIdentifier(callee) ? [callee.text, ...parts].join(".") : undefined;
}

/** `if (...) return;` or `if (...) { ...; return; }`, either branch. */
function returnsUnderIf(statement: ts.Statement): boolean {
  if (!ts.isIfStatement(statement)) return false;
  const branch = (s: ts.Statement | undefined): boolean =>
    s !== undefined && (ts.isReturnStatement(s) || (ts.isBlock(s) && s.statements.some(ts.isReturnStatement)));
  return branch(statement.thenStatement) || branch(statement.elseStatement);
}

/** A body's top-level statement that leaves the test early: a return under an if, a bare `return;`
 * first, or any return before the last statement. (`return expect(...).resolves...` last is fine.) */
function leavesEarly(statement: ts.Statement, index: number, all: readonly ts.Statement[]): boolean {
  if (returnsUnderIf(statement)) return true;
  if (!ts.isReturnStatement(statement)) return false;
  return index < all.length - 1 || (index === 0 && statement.expression === undefined);
}

/** `file:line test name` of every test whose body returns before asserting all it asserts. */
function earlyReturns(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && TEST_CALL.test(calleeName(node) ?? "")) {
      const body = node.arguments.find((a) => ts.isArrowFunction(a) || ts.isFunctionExpression(a)) as
        ts.ArrowFunction | ts.FunctionExpression | undefined;
      if (body && ts.isBlock(body.body)) {
        if (body.body.statements.some(leavesEarly)) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          const name = node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) ? node.arguments[0].text : "";
          found.push(`${file}:${line + 1} ${name}`);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

function testFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "__snapshots__" || e.name === "schemas" ? [] : testFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

describe("honest tests", () => {
  test("finds a test that returns early, bare or under an if, in test(), test.each and it()", () => {
    const planted = [
      `describe.each(["aws", "gcp"])("on %s", (cloud) => {`,
      `  test("one cloud only", () => {`,
      `    if (cloud !== "gcp") return;`,
      `    expect(cloud).toBe("gcp");`,
      `  });`,
      `  test.each([[1], [2]])("case %s", (n) => {`,
      `    if (n === 2) {`,
      `      return;`,
      `    }`,
      `    expect(n).toBe(1);`,
      `  });`,
      `  it("bare", () => {`,
      `    return;`,
      `  });`,
      `  test("returns in the middle", function () {`,
      `    expect(1).toBe(1);`,
      `    if (cloud === "aws") return;`,
      `    expect(cloud).toBe("gcp");`,
      `  });`,
      `});`,
    ].join("\n");
    expect(earlyReturns("planted.test.ts", planted)).toEqual([
      "planted.test.ts:2 one cloud only",
      "planted.test.ts:6 case %s",
      "planted.test.ts:12 bare",
      "planted.test.ts:15 returns in the middle",
    ]);
  });

  test("leaves alone returns inside helpers and callbacks, and a final return of a value", () => {
    const fine = [
      `test("callbacks", () => {`,
      `  const pick = (x: number) => { if (x > 1) return x; return 0; };`,
      `  for (const n of [1, 2]) { if (n === 1) continue; expect(pick(n)).toBe(2); }`,
      `});`,
      `test("promise", () => {`,
      `  return expect(Promise.resolve(1)).resolves.toBe(1);`,
      `});`,
    ].join("\n");
    expect(earlyReturns("fine.test.ts", fine)).toEqual([]);
  });

  test("no test under test/ returns before asserting", () => {
    const files = testFiles(TEST);
    expect(files.length).toBeGreaterThan(50);
    const found = files.flatMap((f) => earlyReturns(path.relative(TEST, f), fs.readFileSync(f, "utf8")));
    expect(found).toEqual([]);
  });
});
