/** `landform/cli`: the `landform` command line, for tools that embed it or test against it. */
export { runCli } from "./program";
export { COMMANDS } from "./commands";
export type { CliCommand, Run } from "./command";
export { EXIT, UsageError } from "./io";
export type { CliIo } from "./io";
