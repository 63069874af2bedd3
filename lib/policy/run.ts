import * as path from "path";
import { checkStacks, PolicyReport } from "./engine";
import { PolicyInputError } from "./errors";
import { PolicyConfig, readConfig } from "./config";
import { loadPackModule, loadStacks } from "./load";
import { BUILTIN_PACKS, builtinPack } from "./packs";
import { Pack } from "./rule";

/** What `landform policy check` checks, without the CLI. */
export interface CheckPathOptions {
  /** Built-in pack names or module paths/packages; default: the config file's packs, else baseline. */
  readonly packs?: readonly string[];
  /** The policy config file; default: ./landform.policy.json when it exists. */
  readonly config?: string;
  readonly cwd: string;
}

/** Reads the config, resolves the packs, loads the stacks at `target` and checks them. */
export function checkPath(target: string, options: CheckPathOptions): PolicyReport {
  const config = readConfig(options.config, options.cwd);
  const packs = resolvePacks(options.packs, config, options.cwd);
  const stacks = loadStacks(target, options.cwd);
  return checkStacks(stacks, { packs, suppressions: config.suppressions });
}

/** The packs named (else the config file's, else baseline): built-in ones with the config's options, or loaded from modules. */
export function resolvePacks(requested: readonly string[] | undefined, config: PolicyConfig, cwd: string): Pack[] {
  const names = requested ?? (config.packs ? Object.keys(config.packs) : ["baseline"]);
  if (names.length === 0)
    throw new PolicyInputError({
      problem: "no packs to run",
      fix: 'name one with --pack or under "packs" in the config file',
    });
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
