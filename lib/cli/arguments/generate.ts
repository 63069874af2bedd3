import * as path from "path";
import { CliIo } from "../io";
import { outputFolder } from "./common";

/** `agent manifests` and `module package`: the stacks they read and the folder they write. */
export interface GenerateOptions {
  readonly out: string;
  readonly check?: boolean;
}

export interface GenerateArgs {
  /** The cdktf output folder read. */
  readonly dir: string;
  /** `--out`, as given (for messages) and resolved. */
  readonly out: string;
  readonly outRoot: string;
  readonly check: boolean;
}

export function parseGenerateArgs(io: CliIo, dir: string | undefined, options: GenerateOptions): GenerateArgs {
  return {
    dir: outputFolder(io, dir),
    out: options.out,
    outRoot: path.resolve(io.cwd, options.out),
    check: options.check === true,
  };
}
