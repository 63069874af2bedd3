import { dot, mermaid } from "../../ops/diagram";
import { CliCommand } from "../command";
import { checkFormat, EXIT, exitCodesHelp } from "../io";
import { readStackGraph } from "../stack-graph";

const FORMATS = ["mermaid", "dot", "json"] as const;

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
          const format = checkFormat(options.format, FORMATS);
          const graph = readStackGraph(io, dir);
          if (format === "mermaid") io.stdout.write(mermaid(graph.stacks));
          else if (format === "dot") io.stdout.write(dot(graph.stacks));
          else {
            const stacks = graph.stacks.map((s) => ({
              name: s.name,
              cloud: s.cloud ?? null,
              environment: s.environment ?? null,
              resources: s.resources.length,
              wave: graph.wave.get(s.name)!,
            }));
            const edges = graph.stacks.flatMap((s) =>
              [...s.dependsOn].sort().map((d) => ({ stack: s.name, dependsOn: d })),
            );
            io.stdout.write(`${JSON.stringify({ stacks, edges, waves: graph.waves }, null, 2)}\n`);
          }
          return EXIT.ok;
        }),
      );
  },
};
