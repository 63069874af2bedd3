import { CliCommand } from "../command";
import { affectedCommand } from "./affected";
import { agentCommand } from "./agent";
import { graphCommand } from "./graph";
import { policyCommand } from "./policy";
import { stacksCommand } from "./stacks";

/** Every command of `landform`, in the order `--help` lists them. Adding a command: one file, one line here. */
export const COMMANDS: readonly CliCommand[] = [
  stacksCommand,
  graphCommand,
  affectedCommand,
  policyCommand,
  agentCommand,
];
