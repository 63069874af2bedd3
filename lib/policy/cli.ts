import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { isObject } from "./attributes";
import { checkStacks, fails, PolicyReport } from "./engine";
import { PolicyInputError } from "./errors";
import { formatJson } from "./formats/json";
import { formatSarif } from "./formats/sarif";
import { formatText } from "./formats/text";
import { displayPath, loadPackModule, loadStacks, parseJson } from "./load";
import { BUILTIN_PACKS, builtinPack } from "./packs";
import { Pack, Severity } from "./rule";
import { configSuppressions, Suppression } from "./suppressions";

/** Where the CLI writes and what it knows of its environment; tests pass their own. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; isTTY?: boolean };
  readonly stderr: { write(text: string): unknown; isTTY?: boolean };
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export const DEFAULT_CONFIG = "landform.policy.json";

export const USAGE = `Usage: landform policy check <path> [options]

Checks Terraform JSON against policy packs. <path> is a cdktf output folder (with manifest.json),
a folder holding stacks/*/cdk.tf.json, a folder of *.tf.json files, or one *.tf.json file.

Options:
  --pack <name|module>      pack to run, repeatable: baseline, allowed-regions, allowed-sizes,
                            required-tags, or a module path/package exporting packs
                            (default: the packs named in the config file, else baseline)
  --format <text|json|sarif> report format (default: text)
  --output <file>           write the report to a file instead of stdout
  --fail-on <error|warning> lowest unsuppressed severity that fails the check (default: error)
  --config <file>           policy config with pack options and suppressions
                            (default: ./${DEFAULT_CONFIG} when it exists)
  -h, --help                show this help

Exit codes: 0 nothing at or above --fail-on is unsuppressed, 1 something is, 2 bad usage or unreadable input.
`;

const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

/** Runs `landform <argv...>` and returns the exit code. Never throws for bad input: it prints what is wrong and returns 2. */
export function runCli(argv: readonly string[], io: CliIo): number {
  try {
    return run(argv, io);
  } catch (error) {
    if (error instanceof PolicyInputError) {
      io.stderr.write(`landform: ${error.message}\n`);
      return 2;
    }
    const e = error as Error & { code?: string };
    if (typeof e.code === "string" && e.code.startsWith("ERR_PARSE_ARGS")) {
      io.stderr.write(`landform: ${e.message}\nRun "landform policy check --help" for usage.\n`);
      return 2;
    }
    io.stderr.write(`landform: unexpected error: ${e.message ?? String(error)}\n`);
    return 2;
  }
}

function run(argv: readonly string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      pack: { type: "string", multiple: true },
      format: { type: "string", default: "text" },
      output: { type: "string" },
      "fail-on": { type: "string", default: "error" },
      config: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    io.stdout.write(USAGE);
    return 0;
  }
  const [group, command, target, ...extra] = positionals;
  if (group !== "policy" || command !== "check") {
    return usageError(
      io,
      group === undefined ? "no command given" : `unknown command "${[group, command].filter(Boolean).join(" ")}"`,
    );
  }
  if (target === undefined) return usageError(io, "policy check needs a <path>");
  if (extra.length > 0) return usageError(io, `unexpected argument "${extra[0]}"; give one <path>`);
  const format = values.format as Format;
  if (!FORMATS.includes(format))
    return usageError(io, `--format "${values.format}" is not one of ${FORMATS.join(", ")}`);
  const failOn = values["fail-on"] as Severity;
  if (failOn !== "error" && failOn !== "warning")
    return usageError(io, `--fail-on "${values["fail-on"]}" is not error or warning`);

  const config = readConfig(values.config, io.cwd);
  const packs = resolvePacks(values.pack, config, io.cwd);
  const stacks = loadStacks(target, io.cwd);
  const report = checkStacks(stacks, { packs, suppressions: config.suppressions });
  const failed = fails(report, failOn);

  if (values.output !== undefined) {
    const file = path.resolve(io.cwd, values.output);
    try {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, render(report, format, false));
    } catch (error) {
      throw new PolicyInputError(`cannot write ${values.output}: ${(error as Error).message}`);
    }
    const summary = formatText(report, { color: color(io) })
      .trimEnd()
      .split("\n")
      .pop();
    io.stdout.write(`${summary}\nwrote ${format} report to ${values.output}\n`);
  } else {
    io.stdout.write(render(report, format, color(io)));
  }
  return failed ? 1 : 0;
}

function render(report: PolicyReport, format: Format, colored: boolean): string {
  if (format === "json") return formatJson(report);
  if (format === "sarif") return formatSarif(report, packageVersion());
  return formatText(report, { color: colored });
}

function color(io: CliIo): boolean {
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== "0") return true;
  return io.stdout.isTTY === true;
}

function usageError(io: CliIo, problem: string): number {
  io.stderr.write(`landform: ${problem}.\n\n${USAGE}`);
  return 2;
}

interface PolicyConfig {
  readonly packs?: Record<string, unknown>;
  readonly suppressions: Suppression[];
}

/** `landform.policy.json`: `{ "packs": { "<name>": { options } }, "suppressions": [ ... ] }`. */
function readConfig(given: string | undefined, cwd: string): PolicyConfig {
  const file = path.resolve(cwd, given ?? DEFAULT_CONFIG);
  if (!fs.existsSync(file)) {
    if (given !== undefined) throw new PolicyInputError(`--config ${given}: no such file.`);
    return { suppressions: [] };
  }
  const shown = displayPath(file, cwd);
  const parsed = parseJson(fs.readFileSync(file, "utf8"), shown);
  if (!isObject(parsed)) throw new PolicyInputError(`${shown}: must be an object with "packs" and/or "suppressions".`);
  const unknown = Object.keys(parsed).filter((k) => !["packs", "suppressions", "$schema"].includes(k));
  if (unknown.length > 0)
    throw new PolicyInputError(`${shown}: unknown key "${unknown[0]}"; use "packs" and "suppressions".`);
  if (parsed.packs !== undefined && !isObject(parsed.packs))
    throw new PolicyInputError(`${shown}: "packs" must be an object of pack name to options.`);
  return {
    packs: parsed.packs as Record<string, unknown> | undefined,
    suppressions: configSuppressions(parsed.suppressions, shown),
  };
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

function packageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "landform") return pkg.version ?? "0.0.0";
    }
  }
  return "0.0.0";
}
