import { driftExitCode, driftReport } from "../../ops/plan/drift";
import { readIgnoreFile } from "../../ops/plan/ignore";
import { readStacks } from "../../ops/plan/stacks";
import { parseDriftArgs, PlanOptions } from "../arguments/plan";
import { CliCommand } from "../command";
import { exitCodesHelp } from "../io";
import { readPlansFor } from "../plan-io";
import { writeReport } from "../report";
import { driftView, PLAN_FORMATS } from "../views/plan";

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
        `\nSee docs/drift.md.${exitCodesHelp({
          ok: "no drift (noise and ignored entries allowed)",
          findings: "drift",
          usage: "bad usage, unreadable input, or an incomplete/errored plan",
        })}`,
      )
      .action((plans: string[], options: PlanOptions & { ignore?: string }) =>
        run((io) => {
          const args = parseDriftArgs(io, plans, options);
          const report = driftReport(readPlansFor(io, args.plans, args.maxBytes).plans, {
            stacks: args.stacks === undefined ? [] : readStacks(args.stacks, io.cwd),
            ignores: args.ignore === undefined ? [] : readIgnoreFile(args.ignore, io.cwd, `--ignore ${args.ignore}`),
            today: args.today,
          });
          writeReport(io, args.output, driftView(report, args.format));
          return driftExitCode(report);
        }),
      );
  },
};
