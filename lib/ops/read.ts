import * as fs from "fs";
import * as path from "path";
import { fsProblem, InputError } from "./errors";
import { stackFacts, StackFacts } from "./facts";
import { isObject, parseJsonText } from "./json";
import { noTerraform, OutputKind, readLayout, StackLayout } from "./layout";
import { folderSource, Source } from "./source";

/** One Terraform JSON file of a stack. */
export interface StackFile {
  /** Its path as messages show it (relative to the working folder). */
  readonly file: string;
  readonly text: string;
  readonly json: Record<string, unknown>;
}

/** One stack of synthesized output: its Terraform JSON and what it says. */
export interface Stack extends StackFacts {
  readonly name: string;
  readonly constructPath: string;
  /** The stack file as messages show it; for a module, its folder. */
  readonly file: string;
  /** The Terraform JSON, a module's files merged into one. */
  readonly json: Record<string, unknown>;
  /** The files it was read from. */
  readonly files: readonly StackFile[];
  readonly dependsOn: readonly string[];
}

export interface SynthOutput {
  readonly kind: OutputKind;
  readonly stacks: readonly Stack[];
}

/**
 * Reads synthesized output at `target` (relative to `cwd`): a cdktf output folder (through its
 * `manifest.json`), a folder holding `stacks/<name>/cdk.tf.json`, a folder of `*.tf.json` files
 * (one module), or one `*.tf.json` file. Bad input throws {@link InputError} with one line.
 */
export function readOutput(target: string, cwd: string = process.cwd()): SynthOutput {
  const absolute = path.resolve(cwd, target);
  let isFile: boolean;
  try {
    isFile = fs.statSync(absolute).isFile();
  } catch (error) {
    throw fsProblem(error, target);
  }
  if (isFile) {
    const source = folderSource(path.dirname(absolute), cwd);
    const base = path.basename(absolute);
    // stacks/aws-prod/cdk.tf.json -> aws-prod; network.tf.json -> network
    const name = base === "cdk.tf.json" ? path.basename(path.dirname(absolute)) : base.replace(/(\.tf)?\.json$/, "");
    const stack = { name, constructPath: name, files: [base], dependsOn: [] };
    return { kind: "file", stacks: [loadStack(source, stack, "file")] };
  }
  const source = folderSource(absolute, cwd);
  const layout = readLayout(source);
  if (layout === undefined) throw noTerraform(target);
  return { kind: layout.kind, stacks: layout.stacks.map((s) => loadStack(source, s, layout.kind)) };
}

/** Reads and parses the files of one stack of a layout; a module's files are merged into one JSON. */
export function loadStack(source: Source, layout: StackLayout, kind: OutputKind): Stack {
  const files = layout.files.map((rel) => readStackFile(source, rel));
  const module = kind === "module";
  const json = module ? mergeModule(files.map((f) => f.json)) : files[0].json;
  const file = module ? source.show("") : files[0].file;
  const { name, constructPath, dependsOn } = layout;
  return { name, constructPath, file, json, files, dependsOn, ...stackFacts(json) };
}

function readStackFile(source: Source, rel: string): StackFile {
  const file = source.show(rel);
  const text = source.read(rel);
  const json = parseJsonText(text, file);
  if (!isObject(json)) throw new InputError({ source: file, problem: "is not a Terraform JSON object" });
  if (json.resource !== undefined && !isObject(json.resource))
    throw new InputError({ source: file, problem: '"resource" must be an object of resource types' });
  return { file, text, json };
}

/** A folder of `*.tf.json` files is one Terraform module: its files' blocks merged into one JSON. */
function mergeModule(parts: Record<string, unknown>[]): Record<string, unknown> {
  const json: Record<string, unknown> = {};
  for (const part of parts) {
    for (const [section, value] of Object.entries(part)) {
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
  return json;
}
