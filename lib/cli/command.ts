import { Command } from "commander";
import { CliIo } from "./io";

/**
 * One command of the `landform` CLI. A new command is a file in `commands/` exporting one of
 * these, plus its line in `commands/index.ts`.
 */
export interface CliCommand {
  /** Adds the command (and any subcommands) to the program; actions run through `run`. */
  register(program: Command, run: Run): void;
}

/** Runs a command's action with the CLI's IO; the number it returns is the exit code. */
export type Run = (action: (io: CliIo) => number) => void;
