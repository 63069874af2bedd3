import { show } from "../../ops/errors";
import { CliIo, defaultOutputDir, UsageError } from "../io";

/** Collects a repeatable option (`--pack a --pack b`) into a list. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `--fail-on`: the lowest unsuppressed severity that fails the command. */
export function parseFailOn(value: string): "error" | "warning" {
  if (value !== "error" && value !== "warning")
    throw new UsageError(`--fail-on ${show(value)} is not error or warning`);
  return value;
}

/** The cdktf output folder a command reads: the one given, else the one ./cdktf.json names. */
export function outputFolder(io: CliIo, dir: string | undefined): string {
  return dir ?? defaultOutputDir(io);
}
