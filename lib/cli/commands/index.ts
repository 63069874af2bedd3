import { CliCommand } from "../command";

/**
 * Every command of `landform`, in the order `--help` lists them, each file loaded only when the
 * command runs (or help lists them all): `landform synth` runs on every commit and has no use for
 * the pipeline generator or the YAML parser the other commands load. Adding a command: one file,
 * one line here.
 */
const COMMAND_FILES = {
  synth: () => (require("./synth") as typeof import("./synth")).synthCommand,
  stacks: () => (require("./stacks") as typeof import("./stacks")).stacksCommand,
  graph: () => (require("./graph") as typeof import("./graph")).graphCommand,
  affected: () => (require("./affected") as typeof import("./affected")).affectedCommand,
  policy: () => (require("./policy") as typeof import("./policy")).policyCommand,
  drift: () => (require("./drift") as typeof import("./drift")).driftCommand,
  plan: () => (require("./plan-review") as typeof import("./plan-review")).planReviewCommand,
  pipeline: () => (require("./pipeline") as typeof import("./pipeline")).pipelineCommand,
  agent: () => (require("./agent") as typeof import("./agent")).agentCommand,
  doctor: () => (require("./doctor") as typeof import("./doctor")).doctorCommand,
  module: () => (require("./module") as typeof import("./module")).moduleCommand,
} satisfies Record<string, () => CliCommand>;

export type CommandName = keyof typeof COMMAND_FILES;
export const COMMAND_NAMES = Object.keys(COMMAND_FILES) as CommandName[];

export function loadCommand(name: CommandName): CliCommand {
  return COMMAND_FILES[name]();
}

/** The commands argv can reach: the one its first word names, or all of them (help, a typo, an option). */
export function commandsFor(argv: readonly string[]): CliCommand[] {
  const first = argv[0] as CommandName;
  return COMMAND_NAMES.includes(first) ? [loadCommand(first)] : COMMAND_NAMES.map(loadCommand);
}
