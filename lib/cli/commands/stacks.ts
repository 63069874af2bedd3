import { CliCommand } from "../command";
import { checkFormat, colorOn, EXIT, exitCodesHelp, paint } from "../io";
import { readStackGraph } from "../stack-graph";
import { stacksJson, stacksText } from "../views/stacks";

const FORMATS = ["text", "json"] as const;

export const stacksCommand: CliCommand = {
  register(program, run) {
    program
      .command("stacks")
      .description("List the stacks of synthesized output: cloud, region, environment, resources, dependencies, wave.")
      .argument("[dir]", "the cdktf output folder (default: the output named in ./cdktf.json)")
      .option("--format <format>", `output format: ${FORMATS.join(" or ")}`, "text")
      .addHelpText(
        "after",
        `\nStacks in one wave can be planned and applied in parallel; each wave waits for the ones before it.${exitCodesHelp()}`,
      )
      .action((dir: string | undefined, options: { format: string }) =>
        run((io) => {
          const format = checkFormat(options.format, FORMATS);
          const graph = readStackGraph(io, dir);
          io.stdout.write(format === "json" ? stacksJson(graph) : stacksText(graph, paint(colorOn(io)).bold));
          return EXIT.ok;
        }),
      );
  },
};
