import { Command, CommanderError } from "commander";
import { LandformError } from "../core/errors";
import { cut } from "../ops/errors";
import { Run } from "./command";
import { commandsFor } from "./commands";
import { CliIo, EXIT, exitCodesHelp, UsageError } from "./io";
import { packageVersion } from "./version";

/** Runs `landform <argv...>` and returns the exit code. Never throws: bad input prints one line and returns 2. */
export function runCli(argv: readonly string[], io: CliIo): number {
  let code: number = EXIT.ok;
  const run: Run = (action) => {
    code = action(io);
  };
  const program = new Command("landform")
    .description(
      "Landform operations: the stacks of synthesized cdktf output, their graph, what a commit affects, policy.",
    )
    .version(packageVersion(), "-V, --version", "print the version")
    // Root options only before the command: `module package --version 1.0.0` is the module's version.
    .enablePositionalOptions()
    .helpOption("-h, --help", "show help for the tool or a command")
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: () => undefined, // printed once, by fail() below
    })
    .addHelpText(
      "after",
      `${exitCodesHelp("findings (for example policy errors)")}\nRun "landform <command> --help" for a command's options.`,
    );
  program.helpCommand(false);
  for (const command of commandsFor(argv)) command.register(program, run);
  try {
    missingSubcommand(argv, program);
    program.parse([...argv], { from: "user" });
    return code;
  } catch (error) {
    return fail(error, argv, program, io);
  }
}

function fail(error: unknown, argv: readonly string[], program: Command, io: CliIo): number {
  if (error instanceof CommanderError) {
    if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return EXIT.ok;
    // A group without its subcommand (`landform`, `landform policy`): commander printed its help.
    if (error.code === "commander.help") return EXIT.usage;
    const problem = error.message.replace(/^error: /, "").replace(/\s*\n\s*/g, " ");
    return usage(io, problem, argv, program);
  }
  if (error instanceof UsageError) return usage(io, error.message, argv, program);
  // Every input error (InputError and its kinds: policy, plan, pipeline) and a construct's own
  // LandformError (a pipeline declaration builds constructs in this process): one line, exit 2.
  if (error instanceof LandformError) {
    io.stderr.write(`landform: ${oneLine(error.message)}\n`);
    return EXIT.usage;
  }
  const e = error as Error;
  io.stderr.write(`landform: unexpected error: ${oneLine(e?.message ?? String(error))} (please report it)\n`);
  return EXIT.usage;
}

function usage(io: CliIo, problem: string, argv: readonly string[], program: Command): number {
  io.stderr.write(`landform: ${oneLine(problem).replace(/\.$/, "")}; see "${commandPath(argv, program)} --help".\n`);
  return EXIT.usage;
}

/** `landform` or `landform policy` alone: a one-line usage error rather than commander's help on stderr. */
function missingSubcommand(argv: readonly string[], program: Command): void {
  const { command, used } = deepest(argv, program);
  const rest = argv.slice(used);
  if (command.commands.length === 0 || rest.some((a) => !a.startsWith("-") || /^-(h|V|-help|-version)$/.test(a)))
    return;
  const names = command.commands.map((c) => c.name()).join(", ");
  throw new UsageError(used === 0 ? `no command given; the commands are ${names}` : `give a command: ${names}`);
}

/** The deepest command the leading words of argv name, and how many words that took. */
function deepest(argv: readonly string[], program: Command): { command: Command; used: number } {
  let command = program;
  let used = 0;
  for (const word of argv) {
    const next = command.commands.find((c) => c.name() === word || c.aliases().includes(word));
    if (next === undefined) break;
    command = next;
    used++;
  }
  return { command, used };
}

/** `landform policy check` for argv `policy check x --bad`. */
function commandPath(argv: readonly string[], program: Command): string {
  return ["landform", ...argv.slice(0, deepest(argv, program).used)].join(" ");
}

/** Messages stay one line, and a huge value inside one never floods the terminal. */
function oneLine(message: string): string {
  return cut(message.replace(/\s*\n\s*/g, " "), 1000);
}
