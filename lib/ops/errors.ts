/** Bad input to the operations layer: unreadable folders, malformed manifests, cycles, unknown git refs. The CLI exits 2 on it. */
export class OpsInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OpsInputError";
  }
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
        : typeof value === "function"
          ? "a function"
          : (safeStringify(value) ?? String(value));
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

/** One line naming what went wrong with a file system call, by its error code. */
export function fsProblem(error: unknown, shown: string): OpsInputError {
  const code = (error as { code?: string }).code;
  const problem =
    code === "ENOENT"
      ? "no such file or folder"
      : code === "ELOOP"
        ? "is a symbolic link loop; fix or remove the link"
        : code === "EACCES" || code === "EPERM"
          ? "permission denied; make it readable by this user"
          : code === "EISDIR"
            ? "is a folder where a file was expected"
            : code === "ENOTDIR"
              ? "a part of the path is not a folder"
              : `cannot be read (${code ?? (error as Error).message})`;
  return new OpsInputError(`${shown}: ${problem}.`);
}
