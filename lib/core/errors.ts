import { IConstruct } from "constructs";

/** What went wrong, as a stable code a program can branch on; the message is for people. */
export type LandformErrorCode =
  | "invalid-prop"
  | "invalid-config"
  | "unsupported-on-cloud"
  | "not-in-stack"
  | "wrong-cloud"
  | "policy-input"
  | "plan-input"
  | "ops-input"
  | "error";

/** The parts of a Landform error; the message is rendered from them. */
export interface LandformErrorDetails {
  readonly code: LandformErrorCode;
  /** The construct's path, e.g. `aws-prod/orders`. */
  readonly constructPath?: string;
  /** The construct's kind, e.g. `Database`. */
  readonly kind?: string;
  /** The prop at fault, e.g. `storageGb` or `nodePools.general.minNodes`. */
  readonly prop?: string;
  /** The value given, when a value is at fault. */
  readonly value?: unknown;
  /** What is wrong. */
  readonly problem: string;
  /** How to fix it. */
  readonly fix?: string;
  /** The whole sentence, when it does not follow the usual shape. */
  readonly message?: string;
}

// A brand, not `instanceof`: two copies of the package (two versions in node_modules) have two
// LandformError classes, and a caller's check must recognise errors from either.
const BRAND = Symbol.for("landform.LandformError");

/**
 * Every error Landform raises for bad input. Its message names the construct, the prop, the value
 * and the fix; the same parts are fields, with a stable `code`.
 */
export class LandformError extends Error {
  /** True for a LandformError from any copy of the package. */
  static isLandformError(value: unknown): value is LandformError {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    // `x instanceof LandformError` works across package copies; subclasses keep the usual check.
    if (this === LandformError) return LandformError.isLandformError(value);
    return Function.prototype[Symbol.hasInstance].call(this, value);
  }

  readonly code: LandformErrorCode;
  readonly constructPath?: string;
  readonly kind?: string;
  readonly prop?: string;
  readonly value?: unknown;
  readonly problem: string;
  readonly fix?: string;

  constructor(details: LandformErrorDetails | string) {
    const d: LandformErrorDetails = typeof details === "string" ? { code: "error", problem: details } : details;
    super(d.message ?? render(d));
    this.name = "LandformError";
    Object.defineProperty(this, BRAND, { value: true });
    this.code = d.code;
    this.constructPath = d.constructPath;
    this.kind = d.kind;
    this.prop = d.prop;
    this.value = d.value;
    this.problem = d.problem;
    this.fix = d.fix;
  }
}

function render(d: LandformErrorDetails): string {
  const who = d.kind !== undefined && d.constructPath !== undefined ? `${d.kind} '${d.constructPath}': ` : "";
  const what = d.prop !== undefined && "value" in d ? `${d.prop} ${show(d.value)} ${d.problem}` : d.problem;
  return `${who}${what}${d.fix ? `; ${d.fix}` : ""}.`;
}

/**
 * The kind of a construct for messages: the Landform class it is or extends (a user's subclass of
 * Database is still a Database), else its class name.
 */
export function kindOf(scope: IConstruct): string {
  const kind = (scope.constructor as { landformKind?: unknown }).landformKind;
  return typeof kind === "string" ? kind : scope.constructor.name;
}

/** `Network 'aws-prod/network'`: the kind of construct and its path. */
export function describe(scope: IConstruct): string {
  return `${kindOf(scope)} '${scope.node.path}'`;
}

const MAX_SHOWN = 80;

/**
 * A value as an error message shows it: JSON-quoted, `NaN` and `Infinity` as themselves (JSON
 * would print null), and anything longer than 80 characters cut in the middle, so a 1 MB value
 * never floods a terminal or a CI log.
 */
export function show(value: unknown): string {
  const text =
    typeof value === "number" || typeof value === "bigint"
      ? String(value)
      : value === undefined
        ? "undefined"
        : typeof value === "function" || typeof value === "symbol"
          ? String(value)
          : (safeStringify(value) ?? Object.prototype.toString.call(value));
  return cut(text, MAX_SHOWN);
}

/** Text longer than `max` characters, cut in the middle with the number of characters left out. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const keep = Math.floor((max - 1) / 2);
  return `${text.slice(0, keep)}…(${text.length - 2 * keep} more characters)…${text.slice(-keep)}`;
}

const MARK = "\u0000";

function safeStringify(value: unknown): string | undefined {
  try {
    const marked = (_key: string, v: unknown) =>
      typeof v === "number" && !Number.isFinite(v) ? `${MARK}${v}${MARK}` : v;
    return JSON.stringify(value, marked)?.replace(/"\\u0000(NaN|-?Infinity)\\u0000"/g, "$1");
  } catch {
    return undefined; // cycles, BigInt inside objects
  }
}

function at(scope: IConstruct): Pick<LandformErrorDetails, "constructPath" | "kind"> {
  return { constructPath: scope.node.path, kind: kindOf(scope) };
}

/**
 * A prop with a bad value:
 * `Network 'aws-prod/network': cidr "10.0.0.0/33" is not a valid IPv4 CIDR; use a block such as "10.0.0.0/16".`
 */
export function invalidProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  problem: string,
  fix: string,
): LandformError {
  return new LandformError({ code: "invalid-prop", ...at(scope), prop, value, problem, fix });
}

/** A prop or feature the stack's cloud cannot honour. Never dropped silently. */
export function unsupportedOnCloud(
  scope: IConstruct,
  prop: string,
  cloud: string,
  why: string,
  fix: string,
): LandformError {
  return new LandformError({
    code: "unsupported-on-cloud",
    ...at(scope),
    prop,
    problem: `${prop} is not supported on ${cloud}: ${why}`,
    fix,
  });
}

/** Any other problem with a construct's configuration. */
export function invalidConfig(scope: IConstruct, problem: string, fix: string, prop?: string): LandformError {
  return new LandformError({ code: "invalid-config", ...at(scope), prop, problem, fix });
}

/** Tags or labels that break the cloud's rules. Landform never rewrites them. */
export function invalidLabels(scope: IConstruct, prop: string, labels: unknown, problem: string): LandformError {
  const fix = "fix the key or value, Landform does not rewrite them";
  const message = `${describe(scope)}: ${prop} ${problem}; ${fix}.`;
  return new LandformError({ code: "invalid-prop", ...at(scope), prop, value: labels, problem, fix, message });
}
