import { checkFormat } from "../io";
import { FINDING_FORMATS, FindingFormat } from "../views/findings";
import { parseFailOn } from "./common";

/** `landform pipeline lint`'s options as commander gives them. */
export interface LintOptions {
  readonly format: string;
  readonly failOn: string;
  readonly config?: string;
}

export interface LintArgs {
  /** Workflow files or folders; empty: .github/workflows. */
  readonly paths: readonly string[];
  readonly format: FindingFormat;
  readonly failOn: "error" | "warning";
  readonly config?: string;
}

export function parseLintArgs(paths: readonly string[], options: LintOptions): LintArgs {
  return {
    paths,
    format: checkFormat(options.format, FINDING_FORMATS),
    failOn: parseFailOn(options.failOn),
    config: options.config,
  };
}
