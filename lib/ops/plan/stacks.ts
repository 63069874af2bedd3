import { readOutput } from "../read";
import { PlanInputError } from "./errors";
import { isObject } from "../json";

/**
 * What the plan reports need to know of one synthesized stack. An adapter, so the reports do not
 * care how the cdktf output was read (this folder's own small reader, or lib/ops's).
 */
export interface StackInfo {
  readonly name: string;
  /** The committed JSON as the user named it (`terraform/stacks/aws-prod/cdk.tf.json`): where SARIF points. */
  readonly file: string;
  /** Construct path of each root-module address (`aws_instance.app_Resource_1A2B3C4D`, `data.x.y`, `module.m`). */
  readonly constructPaths: ReadonlyMap<string, string>;
  /** 1-based line of each address's block in `file`. */
  readonly lines: ReadonlyMap<string, number>;
  /** The AWS provider's `default_tags` and Google's `default_labels`. */
  readonly defaultTags: Readonly<Record<string, string>>;
}

/** A stack from its name, the file it was read from, and the file's text (cdktf's `cdk.tf.json`). */
export function stackInfo(name: string, file: string, text: string, parsed?: unknown): StackInfo {
  let json: unknown = parsed;
  if (json === undefined)
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new PlanInputError({ source: file, problem: `is not JSON (${(error as Error).message.split("\n")[0]})` });
    }
  if (!isObject(json)) throw new PlanInputError({ source: file, problem: "is not a Terraform JSON object" });
  const constructPaths = new Map<string, string>();
  const blocks = (section: unknown, prefix: string) => {
    if (!isObject(section)) return;
    for (const [type, byName] of Object.entries(section)) {
      if (!isObject(byName)) continue;
      for (const [resourceName, body] of Object.entries(byName)) {
        const at = metadataPath(body);
        if (at !== undefined) constructPaths.set(`${prefix}${type}.${resourceName}`, at);
      }
    }
  };
  blocks(json.resource, "");
  blocks(json.data, "data.");
  if (isObject(json.module))
    for (const [moduleName, body] of Object.entries(json.module)) {
      const at = metadataPath(body);
      if (at !== undefined) constructPaths.set(`module.${moduleName}`, at);
    }
  return { name, file, constructPaths, lines: blockLines(text), defaultTags: defaultTagsOf(json.provider) };
}

function metadataPath(body: unknown): string | undefined {
  const meta = isObject(body) && isObject(body["//"]) ? body["//"].metadata : undefined;
  return isObject(meta) && typeof meta.path === "string" ? meta.path : undefined;
}

function defaultTagsOf(provider: unknown): Record<string, string> {
  const tags: Record<string, string> = {};
  if (!isObject(provider)) return tags;
  for (const configs of Object.values(provider)) {
    for (const config of Array.isArray(configs) ? configs : [configs]) {
      if (!isObject(config)) continue;
      const block = Array.isArray(config.default_tags) ? config.default_tags[0] : config.default_tags;
      for (const source of [isObject(block) ? block.tags : undefined, config.default_labels])
        if (isObject(source))
          for (const [k, v] of Object.entries(source)) if (typeof v === "string" && !(k in tags)) tags[k] = v;
    }
  }
  return tags;
}

/**
 * Lines of `resource.<type>.<name>` (and data, module) blocks. cdktf writes its JSON with two-space
 * indents, so a block's key sits at a known depth: no second parse of the file is needed.
 */
function blockLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let section: string | undefined;
  let type: string | undefined;
  const key = /^( *)"((?:[^"\\]|\\.)*)": [{[]/;
  text.split("\n").forEach((line, i) => {
    const m = key.exec(line);
    if (!m) return;
    const depth = m[1].length;
    if (depth === 2) [section, type] = [m[2], undefined];
    else if (depth === 4 && section === "module") lines.set(`module.${m[2]}`, i + 1);
    else if (depth === 4) type = m[2];
    else if (depth === 6 && type !== undefined && (section === "resource" || section === "data"))
      lines.set(`${section === "data" ? "data." : ""}${type}.${m[2]}`, i + 1);
  });
  return lines;
}

/**
 * The stacks of synthesized output, read by lib/ops (a cdktf output folder through its
 * manifest, a stacks folder of cdk.tf.json files, a folder of `*.tf.json`, or one file). File names are shown
 * relative to `cwd`; lines point into each stack's first file.
 */
export function readStacks(dir: string, cwd: string = process.cwd()): StackInfo[] {
  return readOutput(dir, cwd).stacks.map((s) =>
    stackInfo(s.name, s.files[0]?.file ?? s.file, s.files[0]?.text ?? "{}", s.json),
  );
}
