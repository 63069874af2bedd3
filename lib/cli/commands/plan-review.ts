import { reviewExitCode, reviewReport } from "../../ops/plan/review";
import { readStacks } from "../../ops/plan/stacks";
import { collect } from "../arguments/common";
import { parseReviewArgs, PlanOptions } from "../arguments/plan";
import { CliCommand } from "../command";
import { exitCodesHelp } from "../io";
import { readPlansFor } from "../plan-io";
import { writeReport } from "../report";
import { PLAN_FORMATS, reviewView } from "../views/plan";

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
        collect,
      )
      .option("--format <format>", `report format: ${PLAN_FORMATS.join(", ")}`, "text")
      .option("--output <file>", "write the report to a file instead of stdout")
      .option("--max-size <MB>", "refuse larger plan files (default 160)")
      .addHelpText(
        "after",
        `\nSee docs/drift.md.${exitCodesHelp({
          ok: "no blocking change",
          findings: "a stateful resource is deleted or replaced without --allow-destroy",
          usage: "bad usage, unreadable input, or an incomplete/errored plan",
        })}`,
      )
      .action((plans: string[], options: PlanOptions & { allowDestroy?: string[] }) =>
        run((io) => {
          const args = parseReviewArgs(plans, options);
          const report = reviewReport(readPlansFor(io, args.plans, args.maxBytes).plans, {
            stacks: args.stacks === undefined ? [] : readStacks(args.stacks, io.cwd),
            allowDestroy: args.allowDestroy,
          });
          writeReport(io, args.output, reviewView(report, args.format));
          return reviewExitCode(report);
        }),
      );
  },
};
