import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { OpsInputError } from "../../ops/errors";
import {
  CHECK_FINDING,
  CHECK_HELP,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../../ops/generated-files";
import { readOutput } from "../../ops/read";
import { isObject } from "../../ops/json";
import { generateWorkflows } from "../../pipeline/generate";
import { loadPipeline } from "../../pipeline/load";
import { workflowFolder } from "../../pipeline/write";
import { formatJson, formatMarkdown, formatSarif, formatText } from "../../findings";
import { fails } from "../../policy/engine";
import { DEFAULT_CONFIG, readConfig } from "../../policy/config";
import { workflowsPack } from "../../policy/packs/workflows";
import { checkWorkflowFiles, WorkflowFile } from "../../policy/workflows/rule";
import { CliCommand } from "../command";
import { checkFormat, CliIo, colorOn, defaultOutputDir, EXIT, exitCodesHelp, UsageError } from "../io";
import { packageVersion } from "../version";

const FORMATS = ["text", "json", "sarif", "markdown"] as const;

interface LintOptions {
  format: string;
  failOn: string;
  config?: string;
}

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
        run((io) => generate(io, dir, options)),
      );
    pipeline
      .command("lint")
      .description(
        "Check GitHub Actions workflows against the workflows policy pack (pinned actions, triggers, permissions, cloud keys).",
      )
      .argument("[paths...]", "workflow files or folders (default: .github/workflows)")
      .option("--format <format>", `output format: ${FORMATS.join(", ")}`, "text")
      .option("--fail-on <error|warning>", "lowest unsuppressed severity that fails the lint", "error")
      .option(
        "--config <file>",
        `policy config whose suppressions of workflow rules apply (default: ./${DEFAULT_CONFIG} when it exists)`,
      )
      .addHelpText("after", exitCodesHelp("an unsuppressed finding at or above --fail-on"))
      .action((paths: string[], options: LintOptions) => run((io) => lint(io, paths, options)));
  },
};

function generate(io: CliIo, dir: string | undefined, options: { config?: string; check?: boolean }): number {
  const output = dir ?? defaultOutputDir(io);
  const { pipeline, file } = loadPipeline(options.config, io.cwd);
  const result = generateWorkflows(pipeline, readOutput(output, io.cwd).stacks, { output, cwd: io.cwd, source: file });
  const folder = workflowFolder(io.cwd, result.workflows);
  if (options.check) {
    const stale = staleFiles(folder);
    if (stale.length === 0) {
      io.stdout.write(upToDateReport(folder));
      return EXIT.ok;
    }
    io.stderr.write(staleReport(folder, stale, "landform pipeline generate"));
    return EXIT.findings;
  }
  const lines = [writeReport(folder, writeGenerated(folder)).trimEnd(), `Terraform ${result.terraformVersion}.`];
  for (const s of result.skipped) lines.push(`skipped ${s.name}: ${s.why}`);
  if (result.approvals.length > 0)
    lines.push(
      `Give these GitHub environments required reviewers: ${result.approvals.join(", ")}; limit every environment's deployment branches to the trunk.`,
    );
  io.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}

function lint(io: CliIo, paths: string[], options: LintOptions): number {
  const format = checkFormat(options.format, FORMATS);
  if (options.failOn !== "error" && options.failOn !== "warning")
    throw new UsageError(`--fail-on ${JSON.stringify(options.failOn)} is not error or warning`);
  const config = readConfig(options.config, io.cwd);
  const given = paths.length > 0 ? paths : [".github/workflows"];
  const files = given.flatMap((p) => workflowFiles(io.cwd, p));
  if (files.length === 0) throw new OpsInputError(`no workflow files (*.yml, *.yaml) in ${given.join(", ")}.`);
  const report = checkWorkflowFiles(
    files.map((f) => readWorkflow(io.cwd, f)),
    { packs: [workflowsPack], suppressions: config.workflowSuppressions },
  );
  const text =
    format === "json"
      ? formatJson(report, { files: files.length })
      : format === "sarif"
        ? formatSarif(report, packageVersion())
        : format === "markdown"
          ? formatMarkdown(report)
          : formatText(report, { color: colorOn(io) });
  io.stdout.write(text);
  return fails(report, options.failOn) ? EXIT.findings : EXIT.ok;
}

function workflowFiles(cwd: string, target: string): string[] {
  const absolute = path.resolve(cwd, target);
  if (!fs.existsSync(absolute)) throw new OpsInputError(`${target}: no such file or folder.`);
  if (fs.statSync(absolute).isFile()) return [target];
  return fs
    .readdirSync(absolute)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(target, f).split(path.sep).join("/"));
}

function readWorkflow(cwd: string, file: string): WorkflowFile {
  let workflow: unknown;
  try {
    workflow = parse(fs.readFileSync(path.resolve(cwd, file), "utf8"), { maxAliasCount: 100 });
  } catch (error) {
    throw new OpsInputError(`${file}: is not YAML (${(error as Error).message.split("\n")[0]}).`);
  }
  if (!isObject(workflow)) throw new OpsInputError(`${file}: is not a workflow (a YAML mapping with on and jobs).`);
  return { file, workflow };
}
