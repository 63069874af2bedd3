import * as path from "path";
import { show } from "../ops/errors";
import { parseJsonText } from "../ops/json";
import { readOutput, SynthOutput } from "../ops/read";
import { displayPath } from "../ops/source";
import { isObject } from "./attributes";
import { PolicyStack } from "./engine";
import { asPolicyInput, PolicyInputError } from "./errors";
import { Pack, Rule, SEVERITIES, TerraformJson } from "./rule";

/**
 * The stacks at `target`: a cdktf output folder (read through its `manifest.json`), a folder
 * holding `stacks/<name>/cdk.tf.json`, a folder of `*.tf.json` files, or one `*.tf.json` file.
 * File paths in the result are `target`-based, as the user wrote it, with `/` separators.
 * Reading is the operations layer's (`landform/ops`); its input errors become PolicyInputErrors.
 */
export function loadStacks(target: string, cwd: string = process.cwd()): PolicyStack[] {
  let output: SynthOutput;
  try {
    output = readOutput(target, cwd);
  } catch (error) {
    throw asPolicyInput(error);
  }
  return output.stacks.map((stack) => {
    const json = stack.json as TerraformJson;
    if (output.kind !== "module") return { name: stack.name, json, file: stack.file, text: stack.files[0].text };
    const parts = stack.files.map((f) => ({ file: f.file, text: f.text, json: f.json as TerraformJson }));
    return { name: stack.name, json, file: stack.file, parts };
  });
}

/** Parses JSON, turning a syntax error into a message with the file and position. */
export function parseJson(text: string, file: string): unknown {
  try {
    return parseJsonText(text, file);
  } catch (error) {
    throw asPolicyInput(error);
  }
}

export { displayPath };

/**
 * Packs from a user's module (a path such as `./policy/packs.js`, or a package name). The module
 * exports `packs` (a list or record of packs), a default pack or list, `pack`, or `rules` (one pack
 * named after the module).
 */
export function loadPackModule(spec: string, cwd: string = process.cwd()): Pack[] {
  const isPath = spec.startsWith(".") || path.isAbsolute(spec) || /\.(c?js|ts)$/.test(spec);
  let resolved: string;
  try {
    resolved = isPath ? require.resolve(path.resolve(cwd, spec)) : require.resolve(spec, { paths: [cwd] });
  } catch {
    throw new PolicyInputError({
      problem: `pack module ${spec} was not found${isPath ? ` at ${path.resolve(cwd, spec)}` : " (not an installed package)"}`,
    });
  }
  let mod: Record<string, unknown>;
  try {
    mod = require(resolved) as Record<string, unknown>;
  } catch (error) {
    throw new PolicyInputError({ problem: `pack module ${spec} failed to load: ${(error as Error).message}` });
  }
  const candidates: unknown[] = [];
  const add = (v: unknown) =>
    candidates.push(...(Array.isArray(v) ? v : isObject(v) && !isPackLike(v) ? Object.values(v) : [v]));
  if (mod.packs !== undefined) add(mod.packs);
  else if (mod.pack !== undefined) add(mod.pack);
  else if (isPackLike(mod.default) || Array.isArray(mod.default)) add(mod.default);
  else if (Array.isArray(mod.rules))
    candidates.push({ name: spec, description: `rules from ${spec}`, rules: mod.rules });
  else add(Object.values(mod).filter(isPackLike));
  if (candidates.length === 0) {
    throw new PolicyInputError({
      problem: `pack module ${spec} exports no pack`,
      fix: 'export "packs" (a list of { name, description, rules }), a default pack, or "rules"',
    });
  }
  return candidates.map((c) => validatePack(c, spec));
}

function isPackLike(v: unknown): boolean {
  return isObject(v) && typeof v.name === "string" && Array.isArray(v.rules);
}

function validatePack(value: unknown, spec: string): Pack {
  if (!isPackLike(value))
    throw new PolicyInputError({
      source: `pack module ${spec}`,
      value,
      problem: "is not a pack ({ name, description, rules })",
    });
  const pack = value as unknown as Pack;
  pack.rules.forEach((rule) => validateRule(rule, `pack module ${spec}, pack ${pack.name}`));
  return { ...pack, description: pack.description ?? "" };
}

function validateRule(rule: Rule, where: string): void {
  const id = isObject(rule) && typeof rule.id === "string" ? rule.id : undefined;
  const problem = !id
    ? "a rule has no id"
    : !SEVERITIES.includes(rule.severity)
      ? `rule ${id} has severity ${show(rule.severity)}; use error, warning or info`
      : typeof rule.check !== "function"
        ? `rule ${id} has no check function`
        : ["title", "rationale", "remediation"].find(
              (k) => typeof (rule as unknown as Record<string, unknown>)[k] !== "string",
            )
          ? `rule ${id} needs a title, rationale and remediation (strings)`
          : undefined;
  if (problem) throw new PolicyInputError({ source: where, problem });
}
