import { CliCommand } from "../command";
import { affectedCommand } from "./affected";
import { agentCommand } from "./agent";
import { doctorCommand } from "./doctor";
import { driftCommand } from "./drift";
import { graphCommand } from "./graph";
import { moduleCommand } from "./module";
import { planReviewCommand } from "./plan-review";
import { pipelineCommand } from "./pipeline";
import { policyCommand } from "./policy";
import { stacksCommand } from "./stacks";
import { synthCommand } from "./synth";

/** Every command of `landform`, in the order `--help` lists them. Adding a command: one file, one line here. */
export const COMMANDS: readonly CliCommand[] = [
  synthCommand,
  stacksCommand,
  graphCommand,
  affectedCommand,
  policyCommand,
  driftCommand,
  planReviewCommand,
  pipelineCommand,
  agentCommand,
  doctorCommand,
  moduleCommand,
];
