import { CliCommand } from "../command";
import { checkFormat, colorOn, EXIT, exitCodesHelp, paint } from "../io";
import { readStackGraph } from "../stack-graph";
import { table } from "../table";

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
          const rows = graph.stacks.map((s) => ({
            name: s.name,
            cloud: s.cloud ?? null,
            region: s.region ?? null,
            environment: s.environment ?? null,
            resources: s.resources.length,
            dependsOn: [...s.dependsOn].sort(),
            wave: graph.wave.get(s.name)!,
          }));
          if (format === "json") {
            io.stdout.write(`${JSON.stringify({ stacks: rows, waves: graph.waves }, null, 2)}\n`);
            return EXIT.ok;
          }
          const cells = rows.map((r) => [
            r.name,
            r.cloud ?? "-",
            r.region ?? "-",
            r.environment ?? "-",
            String(r.resources),
            String(r.wave),
            r.dependsOn.join(", ") || "-",
          ]);
          const head = ["STACK", "CLOUD", "REGION", "ENVIRONMENT", "RESOURCES", "WAVE", "DEPENDS ON"];
          const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
          io.stdout.write(
            `${table(head, cells, paint(colorOn(io)).bold)}\n${count(rows.length, "stack")} in ${count(graph.waves.length, "wave")}\n`,
          );
          return EXIT.ok;
        }),
      );
  },
};
