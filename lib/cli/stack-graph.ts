import { waves } from "../ops/graph";
import { readOutput, Stack } from "../ops/read";
import { CliIo, defaultOutputDir } from "./io";

/** The stacks of the output folder a command was given (or cdktf.json names), in wave order, with their waves. */
export interface StackGraph {
  readonly stacks: readonly Stack[];
  readonly waves: readonly string[][];
  /** 1-based wave of each stack. */
  readonly wave: ReadonlyMap<string, number>;
}

export function readStackGraph(io: CliIo, dir: string | undefined): StackGraph {
  const output = readOutput(dir ?? defaultOutputDir(io), io.cwd);
  const order = waves(output.stacks);
  const wave = new Map(order.flatMap((names, i) => names.map((n) => [n, i + 1] as const)));
  const byName = new Map(output.stacks.map((s) => [s.name, s]));
  return { stacks: order.flat().map((n) => byName.get(n)!), waves: order, wave };
}
