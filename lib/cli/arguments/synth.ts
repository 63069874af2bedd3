import * as path from "path";
import { checkRoot } from "../../ops/generated-files";
import { CdktfConfig, readCdktfConfig } from "../../ops/synth";
import { CliIo, UsageError } from "../io";

export interface SynthOptions {
  readonly app?: string;
  readonly output?: string;
  readonly check?: boolean;
  readonly verbose?: boolean;
}

export interface SynthArgs {
  /** The command that runs the app. */
  readonly app: string;
  /** The output folder, as given (for messages) and resolved. */
  readonly output: string;
  readonly outputRoot: string;
  readonly check: boolean;
  readonly verbose: boolean;
  /** ./cdktf.json, when there is one: its context and modules reach the app. */
  readonly config?: CdktfConfig;
}

/** The flags, then CDKTF_APP / CDKTF_OUTPUT, then ./cdktf.json, as `cdktf synth` reads them. */
export function parseSynthArgs(io: CliIo, options: SynthOptions): SynthArgs {
  const config = readCdktfConfig(io.cwd);
  const app = options.app ?? io.env.CDKTF_APP ?? config?.app;
  if (app === undefined) throw new UsageError('no app to run: give --app "<command>", or an "app" in ./cdktf.json');
  const output = options.output ?? io.env.CDKTF_OUTPUT ?? config?.output ?? "cdktf.out";
  const outputRoot = path.resolve(io.cwd, output);
  checkRoot({ root: outputRoot, shown: output }); // before the app runs, not after
  return {
    app,
    output,
    outputRoot,
    check: options.check === true,
    verbose: options.verbose === true,
    config,
  };
}
