import { isObject } from "../core/is-object";
import { InputError } from "./errors";

/**
 * Deeper than any Terraform JSON cdktf writes (a Kubernetes pod spec nests about 30 levels), and
 * shallow enough that the recursive code reading it (policy rules, renderers) cannot overflow the stack.
 */
export const MAX_JSON_DEPTH = 256;

/**
 * Parses the text of a JSON file, naming what is wrong in one line: a UTF-8 byte order mark
 * (Terraform rejects it: "Invalid start of value"), a syntax error with its position, or nesting
 * deeper than {@link MAX_JSON_DEPTH}.
 */
export function parseJsonText(text: string, shown: string): unknown {
  if (text.charCodeAt(0) === 0xfeff)
    throw new InputError({
      source: shown,
      problem: "starts with a UTF-8 byte order mark, which Terraform rejects",
      fix: "save the file as UTF-8 without a BOM",
    });
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new InputError({ source: shown, problem: `is not valid JSON (${(error as Error).message})` });
  }
  if (depthOver(parsed, MAX_JSON_DEPTH))
    throw new InputError({
      source: shown,
      problem: `nests deeper than ${MAX_JSON_DEPTH} levels`,
      fix: "Terraform JSON is never that deep, so the file is not Terraform JSON",
    });
  return parsed;
}

/** True when objects and arrays nest deeper than `max` (checked without recursion, so any depth is safe). */
function depthOver(root: unknown, max: number): boolean {
  // Two parallel stacks and for..in: no tuple or Object.values array per node, so little garbage.
  const values: object[] = [];
  const depths: number[] = [];
  if (root !== null && typeof root === "object") (values.push(root), depths.push(1));
  while (values.length > 0) {
    const value = values.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > max) return true;
    for (const key in value) {
      const child = value[key];
      if (child !== null && typeof child === "object") (values.push(child), depths.push(depth + 1));
    }
  }
  return false;
}

// One definition for the whole library, in core.
export { isObject };
