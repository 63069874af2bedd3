import type { Finding } from "../engine";

/** The blocks a finding can point at: `resource.<type>.<name>`, `provider.<name>`, `//.landform.suppressions`. */
const DEPTH = 3;
const SEP = "\u0000";
const [QUOTE, BACKSLASH, NEWLINE, COLON, COMMA] = ['"', "\\", "\n", ":", ","].map((c) => c.charCodeAt(0));
const [OPEN_OBJECT, OPEN_LIST, CLOSE_OBJECT, CLOSE_LIST] = ["{", "[", "}", "]"].map((c) => c.charCodeAt(0));
const SPACE = new Set([" ", "\t", "\r", "\n"].map((c) => c.charCodeAt(0)));

/**
 * 1-based line of every object key down to depth 3 (through objects only) in one pass over a JSON
 * text: a report of any size locates all its findings in time linear in the file. Walking the
 * structure means an attribute that shares a resource's name is never mistaken for it.
 */
export function keyLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  // One frame per open container: whether it is an object, and the key that opened it.
  const frames: { readonly object: boolean; readonly key?: string }[] = [];
  let pendingKey: string | undefined;
  let line = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === NEWLINE) line++;
    else if (c === OPEN_OBJECT || c === OPEN_LIST) {
      frames.push({ object: c === OPEN_OBJECT, key: pendingKey });
      pendingKey = undefined;
    } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) {
      frames.pop();
    } else if (c === QUOTE) {
      const start = i;
      i = closingQuote(text, i);
      if (i < 0) return lines; // unterminated: not JSON, no more keys to find
      const shallow = frames.length <= DEPTH && frames[frames.length - 1]?.object;
      let j = i + 1;
      let newlines = 0;
      while (SPACE.has(text.charCodeAt(j))) if (text.charCodeAt(j++) === NEWLINE) newlines++;
      if (text.charCodeAt(j) === COLON && frames[frames.length - 1]?.object) {
        // Keys below the depth wanted are skipped, not decoded.
        const key = shallow ? decode(text, start, i) : "";
        if (shallow) {
          const path = [...frames.slice(1).map((f) => f.key), key].join(SEP);
          if (!lines.has(path)) lines.set(path, line);
        }
        pendingKey = key;
        line += newlines;
        i = j;
      } else {
        pendingKey = undefined;
      }
    } else if (c === COMMA) {
      pendingKey = undefined;
    }
  }
  return lines;
}

/** Index of the quote closing the string opened at `open`, or -1. */
function closingQuote(text: string, open: number): number {
  let at = text.indexOf('"', open + 1);
  while (at > 0) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}

function decode(text: string, open: number, close: number): string {
  const raw = text.slice(open + 1, close);
  return raw.includes("\\") ? (JSON.parse(text.slice(open, close + 1)) as string) : raw;
}

/** Where a finding points in its file. */
export function blockPath(f: Pick<Finding, "kind" | "type" | "name">): string {
  const keys =
    f.kind === "resource"
      ? ["resource", f.type, f.name]
      : f.kind === "provider"
        ? ["provider", f.type]
        : ["//", "landform", "suppressions"];
  return keys.join(SEP);
}

/** A locator for one file's findings: builds the file's key index once, then answers each lookup from it. */
export function lineLocator(text: string | undefined): (f: Pick<Finding, "kind" | "type" | "name">) => number {
  let index: Map<string, number> | undefined;
  return (f) => {
    if (!text) return 1;
    try {
      index ??= keyLines(text);
    } catch {
      index = new Map(); // text that is not JSON has no lines to point at
    }
    return index.get(blockPath(f)) ?? 1;
  };
}

/** 1-based line of the finding's block in its file: its key under "resource" (or "provider"), else line 1. */
export function lineOf(text: string | undefined, f: Pick<Finding, "kind" | "type" | "name">): number {
  return lineLocator(text)(f);
}
