import { affectedStacks } from "../../ops/affected";
import { outputFolder } from "../arguments/common";
import { CliCommand } from "../command";
import { checkFormat, colorOn, EXIT, exitCodesHelp, paint } from "../io";
import { affectedJson, affectedText } from "../views/affected";

const FORMATS = ["text", "json"] as const;

interface AffectedOptions {
  readonly base?: string;
  readonly stackBase?: string;
  readonly head: string;
  readonly format: string;
  readonly exitCode?: boolean;
}

export const affectedCommand: CliCommand = {
  register(program, run) {
    program
      .command("affected")
      .description(
        "The stacks whose committed Terraform JSON changed between two commits, plus every stack that depends on one, in wave order.",
      )
      .argument("[dir]", "the cdktf output folder in the repository (default: the output named in ./cdktf.json)")
      .option("--base <ref>", "the commit to compare from, e.g. origin/main or a SHA")
      .option(
        "--stack-base <template>",
        "compare each stack from its own ref, {stack} standing for its name, e.g. landform/applied/{stack}; a stack without one is compared from --base, or is added",
      )
      .option("--head <ref>", "the commit to compare to", "HEAD")
      .option("--format <format>", `output format: ${FORMATS.join(" or ")}`, "text")
      .option("--exit-code", "exit 1 when any stack is affected (as git diff --exit-code)")
      .addHelpText(
        "after",
        `\nGive --base, --stack-base, or both. Reads every commit through git (no checkout); cdktf's "//" metadata is ignored. A renamed stack is removed plus added; with --stack-base, a stack that has its ref but is gone at head is removed.${exitCodesHelp("some stack is affected, with --exit-code")}`,
      )
      .action((dir: string | undefined, options: AffectedOptions) =>
        run((io) => {
          const format = checkFormat(options.format, FORMATS);
          const { base, stackBase, head } = options;
          const result = affectedStacks({ dir: outputFolder(io, dir), base, stackBase, head, cwd: io.cwd });
          io.stdout.write(format === "json" ? affectedJson(result) : affectedText(result, paint(colorOn(io))));
          return options.exitCode && result.changed.length > 0 ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
