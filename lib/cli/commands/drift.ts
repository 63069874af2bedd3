import * as fs from "fs";
import * as path from "path";
import { driftExitCode, driftReport, DriftReport } from "../../ops/plan/drift";
import { PlanInputError } from "../../ops/plan/errors";
import { formatDriftJson } from "../../ops/plan/formats/json";
import { formatDriftMarkdown } from "../../ops/plan/formats/markdown";
import { formatDriftSarif } from "../../ops/plan/findings";
import { formatDriftText } from "../../ops/plan/formats/text";
import { parseIgnores } from "../../ops/plan/ignore";
import { PLAN_FORMATS, PlanFormat, readPlansFor, today, writeReport } from "../plan-io";
import { readStacks } from "../../ops/plan/stacks";
import { CliCommand } from "../command";
import { checkFormat, CliIo } from "../io";
import { packageVersion } from "../version";

interface DriftOptions {
  stacks?: string;
  ignore?: string;
  format: string;
  output?: string;
  maxSize?: string;
}

export const driftCommand: CliCommand = {
  register(program, run) {
    program
      .command("drift")
      .description(
        "Report drift from Terraform plan JSON (terraform plan -refresh-only -out p; terraform show -json p > plan.json):\n" +
          "each drifted resource with its construct path and the attributes that differ; provider noise classified.",
      )
      .argument("<plan...>", "plan JSON files, or folders holding them")
      .option("--stacks <dir>", "the cdktf output folder: matches plans to stacks and resources to construct paths")
      .option("--ignore <file>", "accepted drift (YAML or JSON), each with a reason and an optional until date")
      .option("--format <format>", `report format: ${PLAN_FORMATS.join(", ")}`, "text")
      .option("--output <file>", "write the report to a file instead of stdout")
      .option("--max-size <MB>", "refuse larger plan files (default 160)")
      .addHelpText(
        "after",
        "\nExit codes: 0 no drift (noise and ignored entries allowed), 1 drift, 2 bad usage, unreadable input, or an incomplete/errored plan.\nSee docs/drift.md.",
      )
      .action((plans: string[], options: DriftOptions) => run((io) => drift(io, plans, options)));
  },
};

function drift(io: CliIo, targets: string[], options: DriftOptions): number {
  const format = checkFormat(options.format, PLAN_FORMATS);
  const { plans } = readPlansFor(io, targets, options.maxSize);
  const stacks = options.stacks === undefined ? [] : readStacks(options.stacks, io.cwd);
  const ignores = options.ignore === undefined ? [] : readIgnores(io, options.ignore);
  const report = driftReport(plans, { stacks, ignores, today: today(io) });
  const summary = formatDriftText(report).trimEnd().split("\n").pop()!;
  writeReport(io, render(report, format), options.output, summary);
  return driftExitCode(report);
}

function render(report: DriftReport, format: PlanFormat): string {
  if (format === "json") return formatDriftJson(report);
  if (format === "markdown") return formatDriftMarkdown(report);
  if (format === "sarif") return formatDriftSarif(report, packageVersion());
  return formatDriftText(report);
}

function readIgnores(io: CliIo, file: string) {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new PlanInputError(`--ignore ${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"}).`);
  }
  // An emptied file is more likely a mistake than a decision: accepting no drift is `ignores: []`.
  if (text.trim() === "")
    throw new PlanInputError(`--ignore ${file}: is empty; write "ignores: []" to accept no drift.`);
  return parseIgnores(text, file);
}
