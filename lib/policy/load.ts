import * as fs from "fs";
import * as path from "path";
import { isObject } from "./attributes";
import { PolicyStack } from "./engine";
import { PolicyInputError } from "./errors";
import { Pack, Rule, SEVERITIES, TerraformJson } from "./rule";

/**
 * The stacks at `target`: a cdktf output folder (read through its `manifest.json`), a folder
 * holding `stacks/<name>/cdk.tf.json`, a folder of `*.tf.json` files, or one `*.tf.json` file.
 * File paths in the result are `target`-based, as the user wrote it, with `/` separators.
 */
export function loadStacks(target: string, cwd: string = process.cwd()): PolicyStack[] {
  const absolute = path.resolve(cwd, target);
  if (!fs.existsSync(absolute)) throw new PolicyInputError(`${target}: no such file or folder.`);
  if (fs.statSync(absolute).isFile()) return [readStack(stackNameOf(absolute), absolute, cwd)];

  const manifest = path.join(absolute, "manifest.json");
  if (fs.existsSync(manifest)) return fromManifest(manifest, absolute, cwd);
  const stacksDir = path.join(absolute, "stacks");
  if (fs.existsSync(stacksDir) && fs.statSync(stacksDir).isDirectory()) {
    const found = fs
      .readdirSync(stacksDir)
      .sort()
      .filter((name) => fs.existsSync(path.join(stacksDir, name, "cdk.tf.json")))
      .map((name) => readStack(name, path.join(stacksDir, name, "cdk.tf.json"), cwd));
    if (found.length > 0) return found;
  }
  const files = fs
    .readdirSync(absolute)
    .filter((f) => f.endsWith(".tf.json"))
    .sort();
  if (files.length > 0) return [readModule(absolute, files, cwd)];
  throw new PolicyInputError(
    `${target}: no Terraform JSON found; expected a cdktf output folder with manifest.json, a folder with stacks/*/cdk.tf.json, or a *.tf.json file.`,
  );
}

/** `stacks/aws-prod/cdk.tf.json` -> `aws-prod`; `network.tf.json` -> `network`. */
function stackNameOf(file: string): string {
  const base = path.basename(file);
  return base === "cdk.tf.json" ? path.basename(path.dirname(file)) : base.replace(/(\.tf)?\.json$/, "");
}

function fromManifest(manifest: string, dir: string, cwd: string): PolicyStack[] {
  const parsed = parseJson(fs.readFileSync(manifest, "utf8"), displayPath(manifest, cwd));
  const stacks = isObject(parsed) ? parsed.stacks : undefined;
  if (!isObject(stacks))
    throw new PolicyInputError(`${displayPath(manifest, cwd)}: has no "stacks" object; is it a cdktf manifest?`);
  return Object.entries(stacks).map(([name, entry]) => {
    const file = isObject(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof file !== "string")
      throw new PolicyInputError(`${displayPath(manifest, cwd)}: stack ${name} has no synthesizedStackPath.`);
    const absolute = path.resolve(dir, file);
    if (!fs.existsSync(absolute))
      throw new PolicyInputError(
        `${displayPath(manifest, cwd)}: stack ${name} points at ${displayPath(absolute, cwd)}, which does not exist; run cdktf synth again.`,
      );
    return readStack(name, absolute, cwd);
  });
}

function readStack(name: string, file: string, cwd: string): PolicyStack {
  const shown = displayPath(file, cwd);
  const text = fs.readFileSync(file, "utf8");
  const json = parseJson(text, shown);
  if (!isObject(json)) throw new PolicyInputError(`${shown}: is not a Terraform JSON object.`);
  if (json.resource !== undefined && !isObject(json.resource))
    throw new PolicyInputError(`${shown}: "resource" must be an object of resource types.`);
  return { name, json: json as TerraformJson, file: shown, text };
}

/** A folder of `*.tf.json` files is one Terraform module: one stack, its files' blocks merged. */
function readModule(dir: string, files: string[], cwd: string): PolicyStack {
  const parts = files.map((f) => readStack(f, path.join(dir, f), cwd));
  const json: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [section, value] of Object.entries(part.json)) {
      if (section === "provider" && isObject(value)) {
        const providers = (json.provider ?? {}) as Record<string, unknown[]>;
        for (const [name, blocks] of Object.entries(value))
          providers[name] = [...(providers[name] ?? []), ...(Array.isArray(blocks) ? blocks : [blocks])];
        json.provider = providers;
      } else if ((section === "resource" || section === "data") && isObject(value)) {
        const byType = (json[section] ?? {}) as Record<string, Record<string, unknown>>;
        for (const [type, byName] of Object.entries(value))
          byType[type] = { ...byType[type], ...(isObject(byName) ? byName : {}) };
        json[section] = byType;
      } else {
        json[section] = isObject(value) && isObject(json[section]) ? { ...(json[section] as object), ...value } : value;
      }
    }
  }
  return {
    name: path.basename(dir),
    json: json as TerraformJson,
    file: displayPath(dir, cwd),
    parts: parts.map((p) => ({ file: p.file as string, text: p.text as string, json: p.json })),
  };
}

/** Parses JSON, turning a syntax error into a message with the file and position. */
export function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PolicyInputError(`${file}: is not valid JSON (${(error as Error).message}).`);
  }
}

/** A path relative to cwd with `/` separators (what SARIF and people want); absolute only on another drive. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

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
    throw new PolicyInputError(
      `pack module ${spec} was not found${isPath ? ` at ${path.resolve(cwd, spec)}` : " (not an installed package)"}.`,
    );
  }
  let mod: Record<string, unknown>;
  try {
    mod = require(resolved) as Record<string, unknown>;
  } catch (error) {
    throw new PolicyInputError(`pack module ${spec} failed to load: ${(error as Error).message}`);
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
    throw new PolicyInputError(
      `pack module ${spec} exports no pack; export "packs" (a list of { name, description, rules }), a default pack, or "rules".`,
    );
  }
  return candidates.map((c) => validatePack(c, spec));
}

function isPackLike(v: unknown): boolean {
  return isObject(v) && typeof v.name === "string" && Array.isArray(v.rules);
}

function validatePack(value: unknown, spec: string): Pack {
  if (!isPackLike(value))
    throw new PolicyInputError(
      `pack module ${spec}: ${JSON.stringify(value) ?? String(value)} is not a pack ({ name, description, rules }).`,
    );
  const pack = value as unknown as Pack;
  pack.rules.forEach((rule) => validateRule(rule, `pack module ${spec}, pack ${pack.name}`));
  return { ...pack, description: pack.description ?? "" };
}

function validateRule(rule: Rule, where: string): void {
  const id = isObject(rule) && typeof rule.id === "string" ? rule.id : undefined;
  const problem = !id
    ? "a rule has no id"
    : !SEVERITIES.includes(rule.severity)
      ? `rule ${id} has severity ${JSON.stringify(rule.severity)}; use error, warning or info`
      : typeof rule.check !== "function"
        ? `rule ${id} has no check function`
        : ["title", "rationale", "remediation"].find(
              (k) => typeof (rule as unknown as Record<string, unknown>)[k] !== "string",
            )
          ? `rule ${id} needs a title, rationale and remediation (strings)`
          : undefined;
  if (problem) throw new PolicyInputError(`${where}: ${problem}.`);
}
