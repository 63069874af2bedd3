/** `landform/cli`: the `landform` command line, for tools that embed it or test against it. */
export { runCli } from "./program";
import { CliCommand } from "./command";
import { COMMAND_NAMES, loadCommand } from "./commands";

/** Every command of `landform`, in the order `--help` lists them (loads them all). */
export const COMMANDS: readonly CliCommand[] = COMMAND_NAMES.map(loadCommand);
export type { CliCommand, Run } from "./command";
export { EXIT, UsageError } from "./io";
export type { CliIo } from "./io";
