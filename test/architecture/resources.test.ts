import * as ts from "typescript";
import { readLib } from "./lib-imports";

// awslint's resource rules (packages/awslint/lib/rules/resource.ts: resource-interface,
// from-attributes, grant-result), on Landform's portable resources: the construct classes the
// package root re-exports from a top-level `lib/<name>.ts` file. Each rule is a pure function over
// source texts, so the second block can prove it fires on files written to break it.

type Sources = Readonly<Record<string, string>>;

const parsed = new Map<string, ts.SourceFile>();
function parse(file: string, text: string): ts.SourceFile {
  const key = `${file}\u0000${text}`;
  if (!parsed.has(key)) parsed.set(key, ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true));
  return parsed.get(key)!;
}

/** Classes exported by value from lib/index.ts out of a top-level lib file: [name, file]. */
export function resourceClasses(sources: Sources): [string, string][] {
  const index = parse("lib/index.ts", sources["lib/index.ts"] ?? "");
  const out: [string, string][] = [];
  for (const statement of index.statements) {
    if (!ts.isExportDeclaration(statement) || statement.isTypeOnly || !statement.moduleSpecifier) continue;
    const from = (statement.moduleSpecifier as ts.StringLiteral).text;
    if (!/^\.\/[^/]+$/.test(from) || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const file = `lib/${from.slice(2)}.ts`;
    const classes = classesOf(sources, file);
    for (const e of statement.exportClause.elements) {
      const cls = classes.get(e.name.text);
      // Abstract bases (NetworkBase, ...) are shared by a resource and its imported form, not resources.
      const abstract = cls?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword);
      if (cls && !abstract && extendsConstruct(sources, file, cls)) out.push([e.name.text, file]);
    }
  }
  return out;
}

function classesOf(sources: Sources, file: string): Map<string, ts.ClassDeclaration> {
  const sf = parse(file, sources[file] ?? "");
  return new Map(
    sf.statements.filter(ts.isClassDeclaration).flatMap((c) => (c.name ? [[c.name.text, c] as const] : [])),
  );
}

function baseName(cls: ts.ClassDeclaration): string | undefined {
  const clause = cls.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  return clause?.types[0]?.expression.getText();
}

/** The class and its bases declared in the same file (NetworkBase, BucketBase, ...). */
function lineage(sources: Sources, file: string, cls: ts.ClassDeclaration): ts.ClassDeclaration[] {
  const classes = classesOf(sources, file);
  const chain = [cls];
  for (let base = baseName(cls); base && classes.has(base); base = baseName(classes.get(base)!)) {
    chain.push(classes.get(base)!);
  }
  return chain;
}

function extendsConstruct(sources: Sources, file: string, cls: ts.ClassDeclaration): boolean {
  const chain = lineage(sources, file, cls);
  return baseName(chain[chain.length - 1]) === "Construct";
}

/** Every `interface I<Name>` declared in lib/ and lib/contracts/. */
function interfaces(sources: Sources): Map<string, ts.InterfaceDeclaration> {
  const out = new Map<string, ts.InterfaceDeclaration>();
  for (const [file, text] of Object.entries(sources)) {
    if (!/^lib\/(contracts\/)?[^/]+\.ts$/.test(file)) continue;
    for (const s of parse(file, text).statements) if (ts.isInterfaceDeclaration(s)) out.set(s.name.text, s);
  }
  return out;
}

/** Public methods of a class and its same-file bases. */
function methods(sources: Sources, file: string, cls: ts.ClassDeclaration): ts.MethodDeclaration[] {
  return lineage(sources, file, cls)
    .flatMap((c) => c.members.filter(ts.isMethodDeclaration))
    .filter((m) => !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword));
}

function isStatic(m: ts.MethodDeclaration): boolean {
  return !!m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
}

/** resource-interface: each resource `X` has an interface `IX`, exported from the package root. */
export function missingInterfaces(sources: Sources): string[] {
  const declared = interfaces(sources);
  const index = sources["lib/index.ts"] ?? "";
  return resourceClasses(sources)
    .filter(([name]) => !declared.has(`I${name}`) || !new RegExp(`\\bI${name}\\b`).test(index))
    .map(([name, file]) => `${file}: ${name} has no interface I${name} exported from lib/index.ts`);
}

/** from-attributes: each resource has `static fromAttributes(...)` returning its interface. */
export function missingFromAttributes(sources: Sources): string[] {
  return resourceClasses(sources).flatMap(([name, file]) => {
    const cls = classesOf(sources, file).get(name)!;
    const from = cls.members.find(
      (m): m is ts.MethodDeclaration =>
        ts.isMethodDeclaration(m) && isStatic(m) && m.name.getText() === "fromAttributes",
    );
    if (!from) return [`${file}: ${name} has no static fromAttributes`];
    const returns = from.type?.getText();
    return returns === `I${name}`
      ? []
      : [`${file}: ${name}.fromAttributes returns ${returns ?? "an inferred type"}, not I${name}`];
  });
}

/** grants-on-interface and grant-result: each `grant*` method is declared on the interface and returns a result. */
export function grantProblems(sources: Sources): string[] {
  const declared = interfaces(sources);
  return resourceClasses(sources).flatMap(([name, file]) => {
    const cls = classesOf(sources, file).get(name)!;
    const iface = declared.get(`I${name}`);
    const onInterface = new Set(iface?.members.flatMap((m) => (m.name ? [m.name.getText()] : [])) ?? []);
    return methods(sources, file, cls)
      .filter((m) => !isStatic(m) && /^grant[A-Z]/.test(m.name.getText()))
      .flatMap((m) => {
        const method = `${name}.${m.name.getText()}`;
        const problems: string[] = [];
        if (!onInterface.has(m.name.getText())) problems.push(`${file}: ${method} is not declared on I${name}`);
        const returns = m.type?.getText();
        if (!returns || returns === "void") problems.push(`${file}: ${method} returns nothing; return a Grant`);
        return problems;
      });
  });
}

describe("portable resources (awslint-style)", () => {
  const lib = readLib();

  test("finds the resources, so the rules below cannot pass on nothing", () => {
    expect(resourceClasses(lib).map(([name]) => name)).toEqual(
      expect.arrayContaining(["Network", "Cluster", "ClusterServiceAccount", "ComputeInstance", "Database", "Bucket"]),
    );
  });

  test("resource-interface: every resource has an I<Name> interface", () => {
    expect(missingInterfaces(lib)).toEqual([]);
  });

  test("from-attributes: every resource has a static fromAttributes returning its interface", () => {
    expect(missingFromAttributes(lib)).toEqual([]);
  });

  test("grants live on the interface and return a result", () => {
    // The real IBucket without grantRead: the rule sees Bucket's grants.
    const planted = {
      ...lib,
      "lib/contracts/bucket.ts": lib["lib/contracts/bucket.ts"].replace(/grantRead\(/, "readGrant("),
    };
    expect(grantProblems(planted)).toEqual(["lib/bucket.ts: Bucket.grantRead is not declared on IBucket"]);
    expect(grantProblems(lib)).toEqual([]);
  });
});

// Each rule on sources written to break it: a check that cannot fail proves nothing.
describe("the resource rules fire", () => {
  const index = [
    'export { Thing, Widget, WidgetBase } from "./thing";',
    'export type { IWidget } from "./thing";',
    'export { helper } from "./core/helper";',
  ].join("\n");
  const thing = [
    'import { Construct } from "constructs";',
    "export interface IWidget { grantRead(): Grant; }",
    "export abstract class WidgetBase extends Construct implements IWidget {",
    "  grantRead(): Grant { return g; }",
    "  grantWrite(): void {}",
    "}",
    "export class Widget extends WidgetBase {",
    "  static fromAttributes(scope: Construct, id: string): Widget { return x; }",
    "}",
    "export class Thing extends Construct {}",
    "export class NotAConstruct {}",
  ].join("\n");
  const broken = { "lib/index.ts": index, "lib/thing.ts": thing };

  test("resource classes are constructs re-exported from a top-level file", () => {
    expect(resourceClasses(broken)).toEqual([
      ["Thing", "lib/thing.ts"],
      ["Widget", "lib/thing.ts"],
    ]);
  });

  test("resource-interface fires on a resource without one", () => {
    expect(missingInterfaces(broken)).toEqual([
      "lib/thing.ts: Thing has no interface IThing exported from lib/index.ts",
    ]);
  });

  test("from-attributes fires on a missing one and on one returning the class", () => {
    expect(missingFromAttributes(broken)).toEqual([
      "lib/thing.ts: Thing has no static fromAttributes",
      "lib/thing.ts: Widget.fromAttributes returns Widget, not IWidget",
    ]);
  });

  test("grants fire on a grant missing from the interface and on one returning void", () => {
    expect(grantProblems(broken)).toEqual([
      "lib/thing.ts: Widget.grantWrite is not declared on IWidget",
      "lib/thing.ts: Widget.grantWrite returns nothing; return a Grant",
    ]);
  });
});
