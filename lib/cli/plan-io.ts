import * as fs from "fs";
import * as path from "path";
import { CliIo } from "./io";
import { PlanInputError } from "../ops/plan/errors";
import { PlanFiles, readPlanFiles } from "../ops/plan/files";

/** Shared by `landform drift` and `landform plan review`: reading the plans, writing the report. */
export const PLAN_FORMATS = ["text", "json", "markdown", "sarif"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

export function readPlansFor(io: CliIo, targets: readonly string[], maxSize: string | undefined): PlanFiles {
  let maxBytes: number | undefined;
  if (maxSize !== undefined) {
    const mb = Number(maxSize);
    if (!Number.isFinite(mb) || mb <= 0) throw new PlanInputError(`--max-size "${maxSize}" is not a size in MB.`);
    maxBytes = mb * 1024 * 1024;
  }
  const files = readPlanFiles(targets, { cwd: io.cwd, ...(maxBytes ? { maxBytes } : {}) });
  for (const s of files.skipped) io.stderr.write(`landform: skipped ${s.file}: ${s.why}\n`);
  return files;
}

/** Writes the report to --output (saying so, with the summary line) or to stdout. */
export function writeReport(io: CliIo, text: string, output: string | undefined, summary: string): void {
  if (output === undefined) {
    io.stdout.write(text);
    return;
  }
  const file = path.resolve(io.cwd, output);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  } catch (error) {
    throw new PlanInputError(
      `cannot write ${output}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  io.stdout.write(`${summary}\nwrote the report to ${output}\n`);
}

/** Today in UTC as YYYY-MM-DD; LANDFORM_TODAY pins it (tests, reproducible CI runs). */
export function today(io: CliIo): string {
  const pinned = io.env.LANDFORM_TODAY;
  if (pinned !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(pinned)) return pinned;
  return new Date().toISOString().slice(0, 10);
}
