import {
  GeneratedFolder,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../ops/generated-files";
import { CliIo, EXIT } from "./io";

/**
 * The end of every command that generates files: with `--check`, say whether the folder is up to
 * date (exit 0) or what is stale and `rerun` fixes it (exit 1); otherwise write it, say what
 * changed and then the `notes`.
 */
export function writeOrCheck(
  io: CliIo,
  folder: GeneratedFolder,
  check: boolean | undefined,
  rerun: string,
  notes: readonly string[] = [],
): number {
  if (check) {
    const stale = staleFiles(folder);
    if (stale.length === 0) {
      io.stdout.write(upToDateReport(folder));
      return EXIT.ok;
    }
    io.stderr.write(staleReport(folder, stale, rerun));
    return EXIT.findings;
  }
  const written = writeReport(folder, writeGenerated(folder));
  io.stdout.write(notes.length === 0 ? written : `${[written.trimEnd(), ...notes].join("\n")}\n`);
  return EXIT.ok;
}
