import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  CHECK_HELP,
  GeneratedFolder,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../../ops/generated-files";
import { isObject, parseJsonText } from "../../ops/json";
import {
  manifestAnnotations,
  readCdktfConfig,
  readFolder,
  runApp,
  synthEnvironment,
  SYNTH_OUTPUT,
  withoutStackTraces,
} from "../../ops/synth";
import { CliCommand } from "../command";
import { CliIo, EXIT, UsageError } from "../io";

interface SynthOptions {
  app?: string;
  output?: string;
  check?: boolean;
  verbose?: boolean;
}

export const synthCommand: CliCommand = {
  register(program, run) {
    program
      .command("synth")
      .description(
        "Synthesize the cdktf app into its output folder, byte for byte what `cdktf synth` writes, without the cdktf CLI.",
      )
      .option("--app <command>", 'the command that runs the app (default: "app" in ./cdktf.json, or CDKTF_APP)')
      .option("--output <folder>", 'where to write (default: "output" in ./cdktf.json, or CDKTF_OUTPUT, or cdktf.out)')
      .option("--check", CHECK_HELP)
      .option("--verbose", "show the app's stack traces in full")
      .addHelpText(
        "after",
        "\nExit codes: 0 ok (or up to date with --check), 1 the app failed (an error, or an error annotation) or a file is stale with --check, 2 bad usage or unreadable input.",
      )
      .action((options: SynthOptions) => run((io) => synth(io, options)));
  },
};

function synth(io: CliIo, options: SynthOptions): number {
  const config = readCdktfConfig(io.cwd);
  const app = options.app ?? io.env.CDKTF_APP ?? config?.app;
  if (app === undefined) throw new UsageError('no app to run: give --app "<command>", or an "app" in ./cdktf.json');
  const output = options.output ?? io.env.CDKTF_OUTPUT ?? config?.output ?? "cdktf.out";
  // The app writes into a scratch folder: a failed run leaves the output as it was, and --check
  // compares without touching it.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "landform-synth-"));
  try {
    const run = runApp(app, io.cwd, synthEnvironment(io.env, config, scratch));
    io.stdout.write(run.stdout);
    if (run.code !== 0) {
      const shown = options.verbose ? run.stderr : withoutStackTraces(run.stderr);
      io.stderr.write(shown.endsWith("\n") || shown === "" ? shown : `${shown}\n`);
      const how = run.code === null ? `was ended by ${run.signal}` : `exited with code ${run.code}`;
      const more = !options.verbose && shown !== run.stderr ? " (--verbose shows the stack trace)" : "";
      io.stderr.write(`landform: synth failed: \`${app}\` ${how}${more}.\n`);
      return EXIT.findings;
    }
    io.stderr.write(run.stderr);
    const manifest = path.join(scratch, "manifest.json");
    if (!fs.existsSync(manifest)) {
      io.stderr.write(
        `landform: synth failed: \`${app}\` wrote no manifest.json; the app must end with app.synth().\n`,
      );
      return EXIT.findings;
    }
    const json = parseJsonText(fs.readFileSync(manifest, "utf8"), "manifest.json");
    if (!annotationsPass(io, json, options.verbose === true)) return EXIT.findings;
    if (isObject(json) && isObject(json.stacks) && Object.keys(json.stacks).length === 0)
      io.stderr.write("landform: the app synthesized no stack.\n");
    const folder: GeneratedFolder = {
      root: path.resolve(io.cwd, output),
      shown: output,
      files: readFolder(scratch),
      owns: SYNTH_OUTPUT,
    };
    if (options.check) {
      const stale = staleFiles(folder);
      if (stale.length === 0) {
        io.stdout.write(upToDateReport(folder));
        return EXIT.ok;
      }
      io.stderr.write(staleReport(folder, stale, "landform synth"));
      return EXIT.findings;
    }
    io.stdout.write(writeReport(folder, writeGenerated(folder)));
    return EXIT.ok;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints the stacks' annotations as cdktf does (`WARN [path]: message`); false when one is an error. */
function annotationsPass(io: CliIo, manifest: unknown, verbose: boolean): boolean {
  const annotations = manifestAnnotations(manifest);
  for (const a of annotations) {
    io.stdout.write(`${a.level} [${a.constructPath}]: ${a.message}\n`);
    if (verbose && a.level === "ERROR" && a.stacktrace) io.stdout.write(`${a.stacktrace.join("\n")}\n`);
  }
  const errors = annotations.filter((a) => a.level === "ERROR").length;
  if (errors > 0)
    io.stderr.write(
      `landform: synth failed: ${errors} error annotation${errors === 1 ? "" : "s"}, printed above; fix them and synthesize again.\n`,
    );
  return errors === 0;
}
