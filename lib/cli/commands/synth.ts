import { CHECK_HELP } from "../../ops/generated-files";
import { readManifest, synthesize, synthOutput } from "../../ops/synth";
import { parseSynthArgs, SynthOptions } from "../arguments/synth";
import { CliCommand } from "../command";
import { writeOrCheck } from "../generated";
import { EXIT, exitCodesHelp } from "../io";
import { annotationsPassed, appRunPassed } from "../views/synth";

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
      .option(
        "--verbose",
        "show the app's stack traces in full, and where each token was created (LANDFORM_TOKEN_STACKS=1)",
      )
      .addHelpText(
        "after",
        exitCodesHelp({
          ok: "ok (or up to date with --check)",
          findings: "the app failed (an error, or an error annotation) or a file is stale with --check",
        }),
      )
      .action((options: SynthOptions) =>
        run((io) => {
          const args = parseSynthArgs(io, options);
          const result = synthesize(args.app, io.cwd, io.env, args.config, { tokenStacks: args.verbose });
          if (!appRunPassed(io, args.app, result, args.verbose)) return EXIT.findings;
          if (!annotationsPassed(io, readManifest(result.manifest!), args.verbose)) return EXIT.findings;
          const folder = synthOutput(args.outputRoot, args.output, result.files);
          return writeOrCheck(io, folder, args.check, "landform synth");
        }),
      );
  },
};
