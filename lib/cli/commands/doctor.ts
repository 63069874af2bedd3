import { doctor, doctorFails, doctorMermaid } from "../../ops/doctor";
import { collect } from "../arguments/common";
import { DoctorCliOptions, parseDoctorArgs } from "../arguments/doctor";
import { CliCommand } from "../command";
import { colorOn, EXIT, exitCodesHelp } from "../io";
import { doctorView } from "../views/doctor";

export const doctorCommand: CliCommand = {
  register(program, run) {
    program
      .command("doctor")
      .description(
        "Check the delivery loop in the committed artefacts (stacks, workflows, the agent's objects): every stack has one applier, whose identity trusts it, can write the state and reach the cluster, on a runner with the commands the providers exec, in dependency order, with one approval list.",
      )
      .option("--terraform <dir>", "the synthesized stacks (default: the output named in ./cdktf.json)")
      .option("--workflows <dir>", "the GitHub workflow files (default: .github/workflows, when it exists)")
      .option("--gitops <dir>", "the pull agent's objects (default: gitops, when it exists)")
      .option(
        "--repository <owner/name>",
        "the repository the workflows run in, as owner/name or owner@OWNER_ID/name@REPOSITORY_ID (default: the repository the trusts name, else the agent's GitHub source)",
      )
      .option(
        "--default-branch <name>",
        "the branch of scheduled and dispatched runs (default: the agent's source branch)",
      )
      .option(
        "--runner <label|image=commands>",
        "commands a runner provides, repeatable: landform-aws-dev=aws",
        collect,
      )
      .option("--format <text|json>", "report format", "text")
      .option("--graph", "print the loop as a Mermaid flowchart instead, broken links red")
      .option("--fail-on <error|warning>", "lowest severity that fails (warning: a fact doctor cannot read)", "warning")
      .addHelpText("after", exitCodesHelp({ ok: "every link holds", findings: "a link is broken or cannot be read" }))
      .action((options: DoctorCliOptions) =>
        run((io) => {
          const args = parseDoctorArgs(io, options);
          const result = doctor(args.paths, args.options);
          io.stdout.write(args.graph ? doctorMermaid(result) : doctorView(result.report, args.format, colorOn(io)));
          return doctorFails(result, args.failOn) ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
