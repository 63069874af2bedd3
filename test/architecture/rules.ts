import type { CloudComparison, Edge } from "./lib-imports";

// The folder rules of docs/adding-a-cloud.md, as pure functions over parsed imports, so the test
// can prove each one fires on a file written to break it. Each finding names the file and line.

const REGISTRY = "lib/core/registry.ts";
const CLOUD_STACK = "lib/core/cloud-stack.ts";

function cloudOf(file: string, clouds: readonly string[]): string | undefined {
  return clouds.find((c) => file.startsWith(`lib/${c}/`));
}

/** Portable construct code: `lib/*.ts` and `lib/private/**`. */
function isPortableConstruct(file: string): boolean {
  return /^lib\/[^/]+\.ts$/.test(file) || file.startsWith("lib/private/");
}

/** (a) Only the registry, and the cloud's own files, load a cloud folder at runtime. */
export function cloudLoadedOutsideRegistry(edges: readonly Edge[], clouds: readonly string[]): string[] {
  return edges
    .filter((e) => !e.typeOnly)
    .filter((e) => {
      const cloud = cloudOf(e.to, clouds);
      return cloud !== undefined && e.from !== REGISTRY && cloudOf(e.from, clouds) !== cloud;
    })
    .map(
      (e) =>
        `${e.from}:${e.line} loads ${e.to} at runtime; only ${REGISTRY} may load a cloud folder ` +
        "(an escape hatch uses `import type`)",
    );
}

/** (b) Cloud code never depends on portable constructs, the registry, CloudStack or another cloud, not even for types. */
export function cloudImportsPortable(edges: readonly Edge[], clouds: readonly string[]): string[] {
  return edges
    .filter((e) => {
      const cloud = cloudOf(e.from, clouds);
      if (cloud === undefined) return false;
      const other = cloudOf(e.to, clouds);
      return (
        isPortableConstruct(e.to) ||
        e.to === REGISTRY ||
        e.to === CLOUD_STACK ||
        (other !== undefined && other !== cloud)
      );
    })
    .map(
      (e) =>
        `${e.from}:${e.line} imports ${e.to}${e.typeOnly ? " (type only)" : ""}; cloud code uses lib/core ` +
        "(stackOf from core/stack-info) and lib/contracts, never construct files, the registry, CloudStack or another cloud",
    );
}

/** (c) Runtime import cycles: one per strongly connected group of files, with the line of each step. */
export function runtimeCycles(edges: readonly Edge[]): string[] {
  const next = new Map<string, Edge[]>();
  for (const e of edges.filter((x) => !x.typeOnly)) next.set(e.from, [...(next.get(e.from) ?? []), e]);
  const reported = new Set<string>();
  const out: string[] = [];
  for (const start of [...next.keys()].sort()) {
    if (reported.has(start)) continue;
    const path = shortestLoop(start, next);
    if (!path) continue;
    for (const e of path) reported.add(e.from);
    out.push(`import cycle: ${path.map((e) => `${e.from}:${e.line}`).join(" -> ")} -> ${start}`);
  }
  return out;
}

/** The shortest chain of edges from `start` back to itself, by breadth-first search. */
function shortestLoop(start: string, next: ReadonlyMap<string, Edge[]>): Edge[] | undefined {
  const via = new Map<string, Edge>();
  const queue = [start];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const e of next.get(file) ?? []) {
      if (e.to === start) {
        const path = [e];
        for (let f = e.from; f !== start; f = via.get(f)!.from) path.unshift(via.get(f)!);
        return path;
      }
      if (!via.has(e.to) && e.to !== start) {
        via.set(e.to, e);
        queue.push(e.to);
      }
    }
  }
  return undefined;
}

/** The one table that reads a cloud's Terraform provider blocks by provider name (ops and policy share it). */
const PROVIDER_TABLE = "lib/core/providers.ts";

/** Code where a cloud's name must not decide behaviour: all of lib/ but the cloud folders, the registry and the provider table. */
function isCloudNeutral(file: string, clouds: readonly string[]): boolean {
  return file !== REGISTRY && file !== PROVIDER_TABLE && cloudOf(file, clouds) === undefined;
}

/** (d) No `=== "aws"` and the like outside the cloud folders: what differs per cloud lives in its target. */
export function cloudConditions(comparisons: readonly CloudComparison[], clouds: readonly string[]): string[] {
  return comparisons
    .filter((c) => isCloudNeutral(c.file, clouds))
    .map(
      (c) => `${c.file}:${c.line} compares with a cloud name: \`${c.text}\`; move the difference into the CloudTarget`,
    );
}
