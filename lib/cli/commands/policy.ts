import { fails } from "../../policy/engine";
import { DEFAULT_CONFIG } from "../../policy/config";
import { checkPath } from "../../policy/run";
import { collect } from "../arguments/common";
import { parsePolicyCheckArgs, PolicyCheckOptions } from "../arguments/policy";
import { CliCommand } from "../command";
import { EXIT, exitCodesHelp } from "../io";
import { writeReport } from "../report";
import { findingsView } from "../views/findings";

export const policyCommand: CliCommand = {
  register(program, run) {
    const policy = program.command("policy").description("Policy as code over Terraform JSON.");
    policy
      .command("check")
      .description(
        "Check Terraform JSON against policy packs. <path> is a cdktf output folder (with manifest.json),\na folder holding stacks/*/cdk.tf.json, a folder of *.tf.json files, or one *.tf.json file.",
      )
      .argument("[path...]", "what to check")
      .option(
        "--pack <name|module>",
        "pack to run, repeatable: baseline, allowed-regions, allowed-sizes, required-tags, kubernetes, or a module path/package exporting packs (default: the packs named in the config file, else baseline)",
        collect,
      )
      .option("--format <text|json|sarif|markdown>", "report format", "text")
      .option("--output <file>", "write the report to a file instead of stdout")
      .option("--fail-on <error|warning>", "lowest unsuppressed severity that fails the check", "error")
      .option(
        "--config <file>",
        `policy config with pack options and suppressions (default: ./${DEFAULT_CONFIG} when it exists)`,
      )
      .addHelpText(
        "after",
        exitCodesHelp({ ok: "nothing at or above --fail-on is unsuppressed", findings: "something is" }),
      )
      .action((paths: string[], options: PolicyCheckOptions) =>
        run((io) => {
          const args = parsePolicyCheckArgs(paths, options);
          const report = checkPath(args.target, { packs: args.packs, config: args.config, cwd: io.cwd });
          writeReport(io, args.output, findingsView(report, args.format));
          return fails(report, args.failOn) ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
