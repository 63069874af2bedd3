import { SynthManifest, SynthRun, withoutStackTraces } from "../../ops/synth";
import { CliIo } from "../io";

/**
 * Passes on what the app printed and, when it failed, one line saying how; false when it failed.
 * Without `verbose`, an error's stack trace is left out.
 */
export function appRunPassed(io: CliIo, app: string, result: SynthRun, verbose: boolean): boolean {
  const { run } = result;
  io.stdout.write(run.stdout);
  if (run.code !== 0) {
    const shown = verbose ? run.stderr : withoutStackTraces(run.stderr);
    io.stderr.write(shown.endsWith("\n") || shown === "" ? shown : `${shown}\n`);
    const how = run.code === null ? `was ended by ${run.signal}` : `exited with code ${run.code}`;
    const more = !verbose && shown !== run.stderr ? " (--verbose shows the stack trace)" : "";
    io.stderr.write(`landform: synth failed: \`${app}\` ${how}${more}.\n`);
    return false;
  }
  io.stderr.write(run.stderr);
  if (result.manifest === undefined) {
    io.stderr.write(`landform: synth failed: \`${app}\` wrote no manifest.json; the app must end with app.synth().\n`);
    return false;
  }
  return true;
}

/** Prints the stacks' annotations as cdktf does (`WARN [path]: message`); false when one is an error. */
export function annotationsPassed(io: CliIo, manifest: SynthManifest, verbose: boolean): boolean {
  const { annotations } = manifest;
  for (const a of annotations) {
    io.stdout.write(`${a.level} [${a.constructPath}]: ${a.message}\n`);
    if (verbose && a.level === "ERROR" && a.stacktrace) io.stdout.write(`${a.stacktrace.join("\n")}\n`);
  }
  const errors = annotations.filter((a) => a.level === "ERROR").length;
  if (errors > 0) {
    io.stderr.write(
      `landform: synth failed: ${errors} error annotation${errors === 1 ? "" : "s"}, printed above; fix them and synthesize again.\n`,
    );
    return false;
  }
  if (manifest.noStack) io.stderr.write("landform: the app synthesized no stack.\n");
  return true;
}
