import * as fs from "fs";
import * as path from "path";
import { InputError, show } from "../ops/errors";
import { isObject, parseJsonText } from "../ops/json";

/** Where the CLI writes and what it knows of its environment; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Exit codes, the same for every command. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;

/** What each exit code means for one command, when it says more than the usual words. */
export interface ExitCodes {
  /** @default "ok", or "ok or nothing found" for a command that can find something */
  readonly ok?: string;
  /** What exit 1 means; a command without it never exits 1. */
  readonly findings?: string;
  /** @default "bad usage or unreadable input" */
  readonly usage?: string;
}

/**
 * The exit codes line every help text ends with (`test/architecture/cli-layers.test.ts` checks);
 * a string is what exit 1 means, with the usual words for 0 and 2.
 */
export function exitCodesHelp(codes: ExitCodes | string = {}): string {
  const c: ExitCodes = typeof codes === "string" ? { findings: codes } : codes;
  const ok = c.ok ?? (c.findings === undefined ? "ok" : "ok or nothing found");
  const one = c.findings === undefined ? "" : `, 1 ${c.findings}`;
  return `\nExit codes: 0 ${ok}${one}, 2 ${c.usage ?? "bad usage or unreadable input"}.`;
}

/** Bad usage: a wrong option value, a missing argument. The CLI prints it in one line and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** Colour on a terminal only, never with NO_COLOR (https://no-color.org); FORCE_COLOR forces it. */
export function colorOn(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

export interface Paint {
  bold(text: string): string;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
}

export function paint(on: boolean): Paint {
  const sgr = (code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);
  return { bold: sgr(1), red: sgr(31), green: sgr(32), yellow: sgr(33) };
}

/** Checks a `--format` value against a command's formats. */
export function checkFormat<T extends string>(value: string, formats: readonly T[]): T {
  if (!formats.includes(value as T))
    throw new UsageError(`--format ${show(value)} is not one of ${formats.join(", ")}`);
  return value as T;
}

/**
 * The folder a command reads when none is given: the `output` of `./cdktf.json` (cdktf's own
 * default, `cdktf.out`, when it names none).
 */
export function defaultOutputDir(io: CliIo): string {
  const file = path.join(io.cwd, "cdktf.json");
  if (!fs.existsSync(file))
    throw new InputError({
      problem: "no folder given and no ./cdktf.json to name one",
      fix: "give the synthesized output folder, e.g. terraform or cdktf.out",
    });
  const json = parseJsonText(fs.readFileSync(file, "utf8"), "cdktf.json");
  if (!isObject(json))
    throw new InputError({
      source: "cdktf.json",
      problem: "is not a JSON object",
      fix: "give the synthesized output folder as an argument, or fix cdktf.json",
    });
  const output = json.output ?? "cdktf.out";
  if (typeof output !== "string" || output === "")
    throw new InputError({
      source: "cdktf.json",
      prop: "output",
      value: output,
      problem: "is not a folder name",
      fix: 'set it to the synthesized output folder, e.g. "cdktf.out"',
    });
  return output;
}
