import { affectedStacks, AffectedStacks } from "../../ops/affected";
import { CliCommand } from "../command";
import { checkFormat, colorOn, defaultOutputDir, EXIT, exitCodesHelp, paint, Paint } from "../io";

const FORMATS = ["text", "json"] as const;

export const affectedCommand: CliCommand = {
  register(program, run) {
    program
      .command("affected")
      .description(
        "The stacks whose committed Terraform JSON changed between two commits, plus every stack that depends on one, in wave order.",
      )
      .argument("[dir]", "the cdktf output folder in the repository (default: the output named in ./cdktf.json)")
      .requiredOption("--base <ref>", "the commit to compare from, e.g. origin/main or a SHA")
      .option("--head <ref>", "the commit to compare to", "HEAD")
      .option("--format <format>", `output format: ${FORMATS.join(" or ")}`, "text")
      .option("--exit-code", "exit 1 when any stack is affected (as git diff --exit-code)")
      .addHelpText(
        "after",
        `\nReads both commits through git (no checkout); cdktf's "//" metadata is ignored. A renamed stack is removed plus added.${exitCodesHelp("some stack is affected, with --exit-code")}`,
      )
      .action((dir: string | undefined, options: { base: string; head: string; format: string; exitCode?: boolean }) =>
        run((io) => {
          const format = checkFormat(options.format, FORMATS);
          const result = affectedStacks({
            dir: dir ?? defaultOutputDir(io),
            base: options.base,
            head: options.head,
            cwd: io.cwd,
          });
          if (format === "json") {
            const { base, head, baseCommit, headCommit, changed, affected, waves } = result;
            io.stdout.write(
              `${JSON.stringify({ base, head, baseCommit, headCommit, changed, affected, waves }, null, 2)}\n`,
            );
          } else io.stdout.write(text(result, paint(colorOn(io))));
          return options.exitCode && result.changed.length > 0 ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};

function text(r: AffectedStacks, p: Paint): string {
  const range = `${r.base} (${r.baseCommit.slice(0, 7)}) and ${r.head} (${r.headCommit.slice(0, 7)})`;
  if (r.changed.length === 0) return `no stack changed between ${range}\n`;
  const colour = { added: p.green, removed: p.red, modified: p.yellow };
  const width = Math.max(...r.changed.map((c) => c.change.length));
  const lines = [
    `${r.changed.length} stack${r.changed.length === 1 ? "" : "s"} changed between ${range}:`,
    ...r.changed.map((c) => `  ${colour[c.change](c.change.padEnd(width))}  ${c.name}`),
  ];
  if (r.waves.length === 0) lines.push("no stack to plan at head (only removals)");
  else {
    lines.push(`${p.bold("affected, in wave order")} (plan and apply each wave after the one before):`);
    r.waves.forEach((wave, i) => lines.push(`  wave ${i + 1}: ${wave.join(", ")}`));
  }
  return `${lines.join("\n")}\n`;
}
