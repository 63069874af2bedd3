import { PlanFiles, readPlanFiles } from "../ops/plan/files";
import { CliIo } from "./io";

/** The plans `landform drift` and `landform plan review` were given; JSON files that are not plans are named on stderr. */
export function readPlansFor(io: CliIo, targets: readonly string[], maxBytes: number | undefined): PlanFiles {
  const files = readPlanFiles(targets, { cwd: io.cwd, ...(maxBytes ? { maxBytes } : {}) });
  for (const s of files.skipped) io.stderr.write(`landform: skipped ${s.file}: ${s.why}\n`);
  return files;
}
