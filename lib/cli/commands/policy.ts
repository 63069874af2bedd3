import * as fs from "fs";
import * as path from "path";
import { show } from "../../ops/errors";
import { checkStacks, fails, PolicyReport } from "../../policy/engine";
import { PolicyInputError } from "../../policy/errors";
import { formatJson, formatMarkdown, formatSarif, formatText, summaryLine } from "../../findings";
import { loadPackModule, loadStacks } from "../../policy/load";
import { BUILTIN_PACKS, builtinPack } from "../../policy/packs";
import { Pack, Severity } from "../../policy/rule";
import { DEFAULT_CONFIG, PolicyConfig, readConfig } from "../../policy/config";
import { CliCommand } from "../command";
import { checkFormat, CliIo, colorOn, EXIT, UsageError } from "../io";
import { packageVersion } from "../version";

const FORMATS = ["text", "json", "sarif", "markdown"] as const;
type Format = (typeof FORMATS)[number];

interface CheckOptions {
  pack?: string[];
  format: string;
  output?: string;
  failOn: string;
  config?: string;
}

export const policyCommand: CliCommand = {
  register(program, run) {
    const policy = program.command("policy").description("Policy as code over Terraform JSON.");
    policy
      .command("check")
      .description(
        "Check Terraform JSON against policy packs. <path> is a cdktf output folder (with manifest.json),\na folder holding stacks/*/cdk.tf.json, a folder of *.tf.json files, or one *.tf.json file.",
      )
      .argument("[path...]", "what to check")
      .option(
        "--pack <name|module>",
        "pack to run, repeatable: baseline, allowed-regions, allowed-sizes, required-tags, kubernetes, or a module path/package exporting packs (default: the packs named in the config file, else baseline)",
        (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
      )
      .option("--format <text|json|sarif|markdown>", "report format", "text")
      .option("--output <file>", "write the report to a file instead of stdout")
      .option("--fail-on <error|warning>", "lowest unsuppressed severity that fails the check", "error")
      .option(
        "--config <file>",
        `policy config with pack options and suppressions (default: ./${DEFAULT_CONFIG} when it exists)`,
      )
      .addHelpText(
        "after",
        "\nExit codes: 0 nothing at or above --fail-on is unsuppressed, 1 something is, 2 bad usage or unreadable input.",
      )
      .action((paths: string[], options: CheckOptions) => run((io) => check(io, paths, options)));
  },
};

function check(io: CliIo, paths: string[], options: CheckOptions): number {
  const [target, ...extra] = paths;
  if (target === undefined) throw new UsageError("policy check needs a <path>");
  if (extra.length > 0) throw new UsageError(`unexpected argument ${show(extra[0])}; give one <path>`);
  const format = checkFormat(options.format, FORMATS);
  const failOn = options.failOn as Severity;
  if (failOn !== "error" && failOn !== "warning")
    throw new UsageError(`--fail-on ${show(options.failOn)} is not error or warning`);

  const config = readConfig(options.config, io.cwd);
  const packs = resolvePacks(options.pack, config, io.cwd);
  const stacks = loadStacks(target, io.cwd);
  const report = checkStacks(stacks, { packs, suppressions: config.suppressions });
  const failed = fails(report, failOn);

  if (options.output !== undefined) {
    const file = path.resolve(io.cwd, options.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, render(report, format, false));
    } catch (error) {
      throw new PolicyInputError(`cannot write ${options.output}: ${(error as Error).message}`);
    }
    io.stdout.write(`${summaryLine(report)}\nwrote ${format} report to ${options.output}\n`);
  } else {
    io.stdout.write(render(report, format, colorOn(io)));
  }
  return failed ? EXIT.findings : EXIT.ok;
}

function render(report: PolicyReport, format: Format, colored: boolean): string {
  if (format === "json") return formatJson(report);
  if (format === "sarif") return formatSarif(report, packageVersion());
  if (format === "markdown") return formatMarkdown(report);
  return formatText(report, { color: colored });
}

function resolvePacks(requested: string[] | undefined, config: PolicyConfig, cwd: string): Pack[] {
  const names = requested ?? (config.packs ? Object.keys(config.packs) : ["baseline"]);
  if (names.length === 0)
    throw new PolicyInputError('no packs to run; name one with --pack or under "packs" in the config file.');
  return names.flatMap((name) =>
    name in BUILTIN_PACKS || !isModuleSpec(name, cwd)
      ? [builtinPack(name, config.packs?.[name])]
      : loadPackModule(name, cwd),
  );
}

/** A path, or an installed package (a name that is not a built-in pack). */
function isModuleSpec(name: string, cwd: string): boolean {
  if (name.startsWith(".") || path.isAbsolute(name) || /\.(c?js|ts)$/.test(name)) return true;
  try {
    require.resolve(name, { paths: [cwd] });
    return true;
  } catch {
    return false;
  }
}
