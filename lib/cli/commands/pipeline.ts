import { CHECK_FINDING, CHECK_HELP } from "../../ops/generated-files";
import { readOutput } from "../../ops/read";
import { generateWorkflows } from "../../pipeline/generate";
import { lintWorkflows } from "../../pipeline/lint";
import { loadPipeline } from "../../pipeline/load";
import { workflowFolder } from "../../pipeline/write";
import { fails } from "../../policy/engine";
import { DEFAULT_CONFIG } from "../../policy/config";
import { outputFolder } from "../arguments/common";
import { LintOptions, parseLintArgs } from "../arguments/pipeline";
import { CliCommand } from "../command";
import { EXIT, exitCodesHelp } from "../io";
import { writeOrCheck } from "../generated";
import { writeReport } from "../report";
import { FINDING_FORMATS, findingsView } from "../views/findings";
import { generateNotes } from "../views/pipeline";

export const pipelineCommand: CliCommand = {
  register(program, run) {
    const pipeline = program
      .command("pipeline")
      .description("GitHub Actions workflows generated from the stack graph.");
    pipeline
      .command("generate")
      .description(
        "Write .github/workflows/landform-*.yml (pull request, deploy, drift) from the pipeline declaration and the synthesized stacks.",
      )
      .argument("[dir]", "the cdktf output folder (default: the output named in ./cdktf.json)")
      .option("--config <file>", "the module exporting the GitHubPipeline (default: ./landform.pipeline.ts or .js)")
      .option("--check", CHECK_HELP)
      .addHelpText("after", `\nRun it from the repository root.${exitCodesHelp(CHECK_FINDING)}`)
      .action((dir: string | undefined, options: { config?: string; check?: boolean }) =>
        run((io) => {
          const output = outputFolder(io, dir);
          const { pipeline, file } = loadPipeline(options.config, io.cwd);
          const stacks = readOutput(output, io.cwd).stacks;
          const result = generateWorkflows(pipeline, stacks, { output, cwd: io.cwd, source: file });
          const folder = workflowFolder(io.cwd, result.workflows, result.files);
          return writeOrCheck(io, folder, options.check, "landform pipeline generate", generateNotes(result));
        }),
      );
    pipeline
      .command("lint")
      .description(
        "Check GitHub Actions workflows against the workflows policy pack (pinned actions, triggers, permissions, cloud keys).",
      )
      .argument("[paths...]", "workflow files or folders (default: .github/workflows)")
      .option("--format <format>", `output format: ${FINDING_FORMATS.join(", ")}`, "text")
      .option("--fail-on <error|warning>", "lowest unsuppressed severity that fails the lint", "error")
      .option(
        "--config <file>",
        `policy config whose suppressions of workflow rules apply (default: ./${DEFAULT_CONFIG} when it exists)`,
      )
      .addHelpText("after", exitCodesHelp("an unsuppressed finding at or above --fail-on"))
      .action((paths: string[], options: LintOptions) =>
        run((io) => {
          const args = parseLintArgs(paths, options);
          const { report, files } = lintWorkflows(args.paths, { config: args.config, cwd: io.cwd });
          writeReport(io, undefined, findingsView(report, args.format, { files }));
          return fails(report, args.failOn) ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
