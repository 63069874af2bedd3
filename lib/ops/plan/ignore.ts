import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { PlanInputError } from "./errors";
import { coversAttribute, globToRegExp } from "./glob";
import { isObject } from "../json";

/** One accepted drift: which resources (and optionally which attributes), why, and until when. */
export interface Ignore {
  readonly address?: string;
  readonly constructPath?: string;
  readonly stack?: string;
  /** Attribute paths or patterns; absent means the whole resource. */
  readonly attributes?: readonly string[];
  readonly reason: string;
  /** Last day (YYYY-MM-DD, UTC) the ignore applies; after it the drift fails again and the ignore is reported. */
  readonly until?: string;
  /** Where it was written, for messages: `ignore.yaml ignores[2]`. */
  readonly source: string;
}

const KEYS = ["address", "constructPath", "stack", "attributes", "reason", "until"];

/**
 * Reads and parses an ignore file; `shown` names it in messages (`--ignore ignore.yaml`). An empty
 * file is an error: it is more likely a mistake than a decision, and accepting no drift is `ignores: []`.
 */
export function readIgnoreFile(file: string, cwd: string, shown = file): Ignore[] {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), "utf8");
  } catch (error) {
    throw new PlanInputError({
      source: shown,
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    });
  }
  if (text.trim() === "")
    throw new PlanInputError({ source: shown, problem: "is empty", fix: 'write "ignores: []" to accept no drift' });
  return parseIgnores(text, file);
}

/**
 * Parses an ignore file. YAML and JSON are both accepted (JSON is YAML): `ignores:` holding a
 * list, or the list itself. Every entry needs a `reason`; an unknown key is an error, so a typo
 * such as `untill` never turns a temporary ignore into a permanent one.
 */
export function parseIgnores(text: string, file: string): Ignore[] {
  let doc: unknown;
  try {
    doc = parse(text, { prettyErrors: false });
  } catch (error) {
    throw new PlanInputError({
      source: file,
      problem: `is not valid YAML or JSON (${(error as Error).message.split("\n")[0]})`,
    });
  }
  if (doc === null || doc === undefined) return [];
  const list = Array.isArray(doc) ? doc : isObject(doc) ? doc.ignores : undefined;
  if (!Array.isArray(list))
    throw new PlanInputError({
      source: file,
      problem: 'expected a list of ignores, or an object with an "ignores" list',
    });
  return list.map((entry, i) => ignoreOf(entry, `${file} ignores[${i}]`));
}

function ignoreOf(entry: unknown, at: string): Ignore {
  if (!isObject(entry))
    throw new PlanInputError({ source: at, problem: "must be an object with a pattern and a reason" });
  const unknown = Object.keys(entry).find((k) => !KEYS.includes(k));
  if (unknown !== undefined)
    throw new PlanInputError({
      source: at,
      problem: `unknown key ${JSON.stringify(unknown)}`,
      fix: `the keys are ${KEYS.join(", ")}`,
    });
  const text = (key: string): string | undefined => {
    const v = entry[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== "string" || v.trim() === "")
      throw new PlanInputError({ source: at, prop: key, problem: "must be a non-empty string" });
    return v;
  };
  const [address, constructPath, stack, reason, until] = ["address", "constructPath", "stack", "reason", "until"].map(
    text,
  );
  if (address === undefined && constructPath === undefined)
    throw new PlanInputError({ source: at, problem: "needs an address or a constructPath pattern" });
  if (reason === undefined)
    throw new PlanInputError({
      source: at,
      prop: "reason",
      problem: "is required",
      fix: "say why this drift is accepted",
    });
  if (until !== undefined && !isDate(until))
    throw new PlanInputError({
      source: at,
      prop: "until",
      value: until,
      problem: "is not a date",
      fix: "write it as YYYY-MM-DD",
    });
  const attributes = entry.attributes;
  if (
    attributes !== undefined &&
    (!Array.isArray(attributes) || !attributes.every((a) => typeof a === "string" && a !== ""))
  )
    throw new PlanInputError({
      source: at,
      prop: "attributes",
      problem: 'must be a list of attribute paths such as "tags.owner"',
    });
  return {
    ...(address !== undefined ? { address } : {}),
    ...(constructPath !== undefined ? { constructPath } : {}),
    ...(stack !== undefined ? { stack } : {}),
    ...(attributes !== undefined ? { attributes: attributes as string[] } : {}),
    reason,
    ...(until !== undefined ? { until } : {}),
    source: at,
  };
}

export function isExpired(ignore: Ignore, today: string): boolean {
  return ignore.until !== undefined && ignore.until < today;
}

/** What an ignore is matched against. */
export interface IgnoreTarget {
  readonly stack: string;
  readonly address: string;
  readonly constructPath: string | null;
}

/** Compiled ignores: `match` tells whether (and with which reason) a resource, or one attribute of it, is ignored. */
export class IgnoreSet {
  private readonly compiled: {
    ignore: Ignore;
    address?: RegExp;
    constructPath?: RegExp;
    attributes?: RegExp[];
  }[];

  constructor(ignores: readonly Ignore[]) {
    this.compiled = ignores.map((ignore) => ({
      ignore,
      ...(ignore.address ? { address: globToRegExp(ignore.address) } : {}),
      ...(ignore.constructPath ? { constructPath: globToRegExp(ignore.constructPath) } : {}),
      ...(ignore.attributes ? { attributes: ignore.attributes.map(globToRegExp) } : {}),
    }));
  }

  /** The ignore that covers this attribute of this resource (or the whole resource when `attribute` is undefined). */
  match(target: IgnoreTarget, attribute: string | undefined): Ignore | undefined {
    return this.compiled.find(
      (c) =>
        (c.ignore.stack === undefined || c.ignore.stack === target.stack) &&
        (c.address === undefined || c.address.test(target.address)) &&
        (c.constructPath === undefined ||
          (target.constructPath !== null && c.constructPath.test(target.constructPath))) &&
        (c.attributes === undefined ||
          (attribute !== undefined && c.attributes.some((a) => coversAttribute(a, attribute)))),
    )?.ignore;
  }
}

function isDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(text);
}
