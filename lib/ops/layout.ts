import { InputError } from "./errors";
import { isObject, parseJsonText } from "./json";
import { Source } from "./source";

/** How a folder of synthesized output is laid out, before any stack file is read. */
export type OutputKind = "manifest" | "stacks" | "module" | "file";

/** One stack as the layout names it: where its Terraform JSON is, and what it depends on. */
export interface StackLayout {
  readonly name: string;
  /** The construct path of the stack (cdktf's manifest), else its name. */
  readonly constructPath: string;
  /** Its Terraform JSON files, relative to the output folder; a module has several. */
  readonly files: readonly string[];
  /** Names of the stacks it depends on, from the manifest's `dependencies`. */
  readonly dependsOn: readonly string[];
}

export interface OutputLayout {
  readonly kind: OutputKind;
  readonly stacks: readonly StackLayout[];
}

/** `source` (a folder or file; `where`, the commits looked at) holds no Terraform JSON. */
export function noTerraform(source: string, where = ""): InputError {
  return new InputError({
    source,
    problem: `no Terraform JSON found${where}`,
    fix: "expected a cdktf output folder with manifest.json, a folder with stacks/*/cdk.tf.json, or a *.tf.json file",
  });
}

/**
 * The stacks of a cdktf output folder (through its `manifest.json`), of a folder holding
 * `stacks/<name>/cdk.tf.json`, or of a folder of `*.tf.json` files (one module, one stack).
 * Returns undefined when the folder holds none of these.
 */
export function readLayout(source: Source): OutputLayout | undefined {
  if (source.kind("manifest.json") === "file") return { kind: "manifest", stacks: fromManifest(source) };
  if (source.kind("stacks") === "dir") {
    const stacks = source
      .list("stacks")
      .filter((name) => source.kind(`stacks/${name}/cdk.tf.json`) === "file")
      .map((name) => ({ name, constructPath: name, files: [`stacks/${name}/cdk.tf.json`], dependsOn: [] }));
    if (stacks.length > 0) return { kind: "stacks", stacks };
  }
  const files = source.list("").filter((f) => f.endsWith(".tf.json"));
  if (files.length > 0)
    return { kind: "module", stacks: [{ name: source.name, constructPath: source.name, files, dependsOn: [] }] };
  return undefined;
}

function fromManifest(source: Source): StackLayout[] {
  const shown = source.show("manifest.json");
  const parsed = parseJsonText(source.read("manifest.json"), shown);
  const stacks = isObject(parsed) ? parsed.stacks : undefined;
  if (!isObject(stacks))
    throw new InputError({ source: shown, problem: 'has no "stacks" object', fix: "is it a cdktf manifest?" });
  const entries = Object.entries(stacks).map(([name, entry]) => {
    const file = isObject(entry) ? entry.synthesizedStackPath : undefined;
    if (typeof file !== "string")
      throw new InputError({ source: shown, problem: `stack ${name} has no synthesizedStackPath` });
    const rel = file.split("\\").join("/").replace(/^\.\//, "");
    if (source.kind(rel) !== "file")
      throw new InputError({
        source: shown,
        problem: `stack ${name} points at ${source.show(rel)}, which does not exist`,
        fix: "run cdktf synth again",
      });
    const dependencies = isObject(entry) ? (entry.dependencies ?? []) : [];
    if (!Array.isArray(dependencies) || !dependencies.every((d) => typeof d === "string"))
      throw new InputError({
        source: shown,
        problem: `stack ${name} has "dependencies" that are not a list of stack paths`,
      });
    const constructPath = isObject(entry) && typeof entry.constructPath === "string" ? entry.constructPath : name;
    return { name, constructPath, files: [rel], dependencies: dependencies as string[] };
  });
  // cdktf records dependencies by construct path; stacks at the app's root have path = name.
  const byPath = new Map(entries.flatMap((e) => [[e.name, e.name] as const, [e.constructPath, e.name] as const]));
  return entries.map(({ dependencies, ...stack }) => ({
    ...stack,
    dependsOn: [
      ...new Set(
        dependencies.map((d) => {
          const target = byPath.get(d);
          if (target === undefined)
            throw new InputError({
              source: shown,
              problem: `stack ${stack.name} depends on ${d}, which is not a stack in the manifest`,
            });
          return target;
        }),
      ),
    ],
  }));
}
