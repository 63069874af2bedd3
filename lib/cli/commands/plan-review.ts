import { formatReviewJson } from "../../ops/plan/formats/json";
import { formatReviewMarkdown } from "../../ops/plan/formats/markdown";
import { formatReviewSarif } from "../../ops/plan/findings";
import { formatReviewText } from "../../ops/plan/formats/text";
import { PLAN_FORMATS, PlanFormat, readPlansFor, writeReport } from "../plan-io";
import { reviewExitCode, reviewReport, ReviewReport } from "../../ops/plan/review";
import { readStacks } from "../../ops/plan/stacks";
import { CliCommand } from "../command";
import { checkFormat, CliIo } from "../io";
import { packageVersion } from "../version";

interface ReviewOptions {
  stacks?: string;
  allowDestroy?: string[];
  format: string;
  output?: string;
  maxSize?: string;
}

export const planReviewCommand: CliCommand = {
  register(program, run) {
    const plan = program.command("plan").description("Terraform plans: review before apply.");
    plan
      .command("review")
      .description(
        "Review the pending changes of Terraform plan JSON (terraform plan -out p; terraform show -json p > plan.json):\n" +
          "counts per stack, destructive changes called out; deleting or replacing a stateful resource fails unless allowed.",
      )
      .argument("<plan...>", "plan JSON files, or folders holding them")
      .option("--stacks <dir>", "the cdktf output folder: matches plans to stacks and resources to construct paths")
      .option(
        "--allow-destroy <pattern>",
        "address or construct-path pattern whose deletion is intended, repeatable",
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option("--format <format>", `report format: ${PLAN_FORMATS.join(", ")}`, "text")
      .option("--output <file>", "write the report to a file instead of stdout")
      .option("--max-size <MB>", "refuse larger plan files (default 160)")
      .addHelpText(
        "after",
        "\nExit codes: 0 no blocking change, 1 a stateful resource is deleted or replaced without --allow-destroy, 2 bad usage, unreadable input, or an incomplete/errored plan.\nSee docs/drift.md.",
      )
      .action((plans: string[], options: ReviewOptions) => run((io) => review(io, plans, options)));
  },
};

function review(io: CliIo, targets: string[], options: ReviewOptions): number {
  const format = checkFormat(options.format, PLAN_FORMATS);
  const { plans } = readPlansFor(io, targets, options.maxSize);
  const stacks = options.stacks === undefined ? [] : readStacks(options.stacks, io.cwd);
  const report = reviewReport(plans, { stacks, allowDestroy: options.allowDestroy ?? [] });
  const summary = formatReviewText(report).trimEnd().split("\n").pop()!;
  writeReport(io, render(report, format), options.output, summary);
  return reviewExitCode(report);
}

function render(report: ReviewReport, format: PlanFormat): string {
  if (format === "json") return formatReviewJson(report);
  if (format === "markdown") return formatReviewMarkdown(report);
  if (format === "sarif") return formatReviewSarif(report, packageVersion());
  return formatReviewText(report);
}
