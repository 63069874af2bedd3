import { CliCommand } from "../command";
import { checkFormat, EXIT, exitCodesHelp } from "../io";
import { readStackGraph } from "../stack-graph";
import { GRAPH_FORMATS, graphView } from "../views/graph";

export const graphCommand: CliCommand = {
  register(program, run) {
    program
      .command("graph")
      .description(
        "Draw the stack graph: stacks grouped by environment, an arrow from each stack to those that depend on it.",
      )
      .argument("[dir]", "the cdktf output folder (default: the output named in ./cdktf.json)")
      .option("--format <format>", `mermaid (GitHub renders it), dot (Graphviz) or json`, "mermaid")
      .addHelpText("after", exitCodesHelp())
      .action((dir: string | undefined, options: { format: string }) =>
        run((io) => {
          const format = checkFormat(options.format, GRAPH_FORMATS);
          io.stdout.write(graphView(readStackGraph(io, dir), format));
          return EXIT.ok;
        }),
      );
  },
};
