import * as fs from "fs";
import * as path from "path";

/**
 * The part of GitHub Actions' expression language the generated workflows use
 * (https://docs.github.com/actions/reference/workflows-and-actions/expressions): literals,
 * context paths with `.name`, `[expr]` and the `*` filter, `!`, `==`, `!=`, `&&`, `||`,
 * parentheses, and the functions success, failure, cancelled, always, contains, startsWith,
 * endsWith, fromJSON, toJSON, hashFiles. Anything else throws, so a workflow using more fails the
 * smoke test loudly instead of being read wrongly.
 */
export interface ExpressionScope {
  readonly contexts: Readonly<Record<string, unknown>>;
  /** Whether an earlier step (or a needed job) failed: for success() and failure(). */
  readonly failed: boolean;
  /** Where hashFiles looks. */
  readonly workspace: string;
}

type Token = { kind: "num" | "str" | "id" | "op"; text: string };

function tokens(source: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let text = "";
      i++;
      for (;;) {
        if (i >= source.length) throw new Error(`unterminated string in ${source}`);
        if (source[i] === "'" && source[i + 1] === "'") ((text += "'"), (i += 2));
        else if (source[i] === "'") break;
        else text += source[i++];
      }
      i++;
      out.push({ kind: "str", text });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(source.slice(i))![0];
      out.push({ kind: "num", text: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(source.slice(i))![0];
      out.push({ kind: "id", text: m });
      i += m.length;
    } else {
      const two = source.slice(i, i + 2);
      if (["==", "!=", "&&", "||", "<=", ">="].includes(two)) (out.push({ kind: "op", text: two }), (i += 2));
      else if ("!().[],*<>".includes(c)) (out.push({ kind: "op", text: c }), i++);
      else throw new Error(`unexpected ${JSON.stringify(c)} in expression ${source}`);
    }
  }
  return out;
}

/** Evaluates one expression (no `${{ }}`). */
export function evaluate(source: string, scope: ExpressionScope): unknown {
  const t = tokens(source);
  let pos = 0;
  const peek = (text?: string) => (pos < t.length && (text === undefined || t[pos].text === text) ? t[pos] : undefined);
  const expect = (text: string) => {
    if (!peek(text)) throw new Error(`expected ${text} at token ${pos} of ${source}`);
    pos++;
  };
  const or = (): unknown => {
    let left = and();
    while (peek("||")) {
      pos++;
      const right = and();
      left = truthy(left) ? left : right;
    }
    return left;
  };
  const and = (): unknown => {
    let left = equality();
    while (peek("&&")) {
      pos++;
      const right = equality();
      left = truthy(left) ? right : left;
    }
    return left;
  };
  const equality = (): unknown => {
    const left = unary();
    const op = peek("==") ?? peek("!=");
    if (!op) return left;
    pos++;
    const same = looseEquals(left, unary());
    return op.text === "==" ? same : !same;
  };
  const unary = (): unknown => {
    if (peek("!")) {
      pos++;
      return !truthy(unary());
    }
    return postfix(primary());
  };
  const primary = (): unknown => {
    const tok = t[pos++];
    if (!tok) throw new Error(`unexpected end of ${source}`);
    if (tok.kind === "str") return tok.text;
    if (tok.kind === "num") return Number(tok.text);
    if (tok.text === "(") {
      const value = or();
      expect(")");
      return value;
    }
    if (tok.kind !== "id") throw new Error(`unexpected ${tok.text} in ${source}`);
    if (tok.text === "true" || tok.text === "false") return tok.text === "true";
    if (tok.text === "null") return null;
    if (peek("(")) {
      pos++;
      const args: unknown[] = [];
      while (!peek(")")) {
        args.push(or());
        if (peek(",")) pos++;
      }
      expect(")");
      return call(tok.text, args, scope);
    }
    if (!(tok.text in scope.contexts)) throw new Error(`unknown context ${tok.text} in ${source}`);
    return scope.contexts[tok.text];
  };
  const postfix = (value: unknown): unknown => {
    for (;;) {
      if (peek(".")) {
        pos++;
        const name = t[pos++];
        if (name.text === "*") value = Array.isArray(value) ? value : Object.values(asObject(value));
        else value = Array.isArray(value) ? value.map((v) => asObject(v)[name.text]) : asObject(value)[name.text];
      } else if (peek("[")) {
        pos++;
        const key = or();
        expect("]");
        value = asObject(value)[String(key)];
      } else return value;
    }
  };
  const value = or();
  if (pos !== t.length) throw new Error(`unexpected ${t[pos].text} in ${source}`);
  return value;
}

/** A string with `${{ expr }}` parts replaced by their values, as GitHub formats them. */
export function interpolate(text: string, scope: ExpressionScope): string {
  return text.replace(/\$\{\{([\s\S]*?)\}\}/g, (_, expr: string) => format(evaluate(expr, scope)));
}

/** An `if:`: an expression with or without `${{ }}`; none given is success(). */
export function condition(text: string | undefined, scope: ExpressionScope): boolean {
  if (text === undefined) return !scope.failed;
  const trimmed = text.trim();
  const whole = /^\$\{\{([\s\S]*)\}\}$/.exec(trimmed);
  const expr = whole ? whole[1] : trimmed;
  const usesStatus = /\b(success|failure|cancelled|always)\(/.test(expr);
  // GitHub adds success() && to a condition that calls no status function.
  return truthy(evaluate(expr, scope)) && (usesStatus || !scope.failed);
}

function call(name: string, args: unknown[], scope: ExpressionScope): unknown {
  switch (name.toLowerCase()) {
    case "success":
      return !scope.failed;
    case "failure":
      return scope.failed;
    case "cancelled":
      return false;
    case "always":
      return true;
    case "contains":
      return Array.isArray(args[0])
        ? args[0].some((v) => looseEquals(v, args[1]))
        : format(args[0]).toLowerCase().includes(format(args[1]).toLowerCase());
    case "startswith":
      return format(args[0]).toLowerCase().startsWith(format(args[1]).toLowerCase());
    case "endswith":
      return format(args[0]).toLowerCase().endsWith(format(args[1]).toLowerCase());
    case "fromjson":
      return JSON.parse(format(args[0]));
    case "tojson":
      return JSON.stringify(args[0], null, 2);
    case "hashfiles":
      return hashFiles(args.map(format), scope.workspace);
    default:
      throw new Error(`function ${name} is not supported by the smoke test`);
  }
}

/** '' when no file matches (as GitHub's), else a stand-in hash: the smoke test only compares it with ''. */
function hashFiles(patterns: string[], workspace: string): string {
  const matched = patterns.flatMap((p) => glob(workspace, p));
  return matched.length === 0 ? "" : `files:${matched.join(",")}`;
}

function glob(root: string, pattern: string): string[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (dir.includes("*")) throw new Error(`hashFiles pattern ${pattern}: only the last part may hold *`);
  const folder = path.join(root, dir);
  if (!fs.existsSync(folder)) return [];
  const re = new RegExp(`^${base.split("*").map(escape).join(".*")}$`);
  return fs
    .readdirSync(folder)
    .filter((f) => re.test(f) && fs.statSync(path.join(folder, f)).isFile())
    .map((f) => path.join(dir, f));
}

const escape = (s: string) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");

function asObject(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

function truthy(value: unknown): boolean {
  return !(value === false || value === 0 || value === "" || value === null || value === undefined);
}

function looseEquals(a: unknown, b: unknown): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  return a === b || (typeof a !== "object" && typeof b !== "object" && String(a) === String(b));
}

function format(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "object") return JSON.stringify(value, null, 2);
  return String(value);
}
