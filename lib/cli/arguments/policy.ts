import { show } from "../../ops/errors";
import { checkFormat, UsageError } from "../io";
import { FINDING_FORMATS, FindingFormat } from "../views/findings";
import { parseFailOn } from "./common";

/** `landform policy check`'s options as commander gives them. */
export interface PolicyCheckOptions {
  readonly pack?: string[];
  readonly format: string;
  readonly output?: string;
  readonly failOn: string;
  readonly config?: string;
}

export interface PolicyCheckArgs {
  readonly target: string;
  /** Pack names or module paths; undefined: the config file's packs, else baseline. */
  readonly packs?: readonly string[];
  readonly format: FindingFormat;
  readonly output?: string;
  readonly failOn: "error" | "warning";
  readonly config?: string;
}

export function parsePolicyCheckArgs(paths: readonly string[], options: PolicyCheckOptions): PolicyCheckArgs {
  const [target, ...extra] = paths;
  if (target === undefined) throw new UsageError("policy check needs a <path>");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${show(extra[0])}; give one <path>`);
  return {
    target,
    packs: options.pack,
    format: checkFormat(options.format, FINDING_FORMATS),
    output: options.output,
    failOn: parseFailOn(options.failOn),
    config: options.config,
  };
}
