import { InputError } from "./errors";

/** What the graph needs of a stack. */
export interface GraphNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

/**
 * The stacks in waves: every stack comes one wave after the last of its dependencies, so the
 * stacks of one wave can be planned and applied in parallel. Names in a wave are sorted.
 * A cycle throws, naming the stacks on it.
 */
export function waves(nodes: readonly GraphNode[]): string[][] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  for (const n of nodes) {
    const missing = n.dependsOn.find((d) => !byName.has(d));
    if (missing !== undefined)
      throw new InputError({ problem: `stack ${n.name} depends on ${missing}, which is not a stack here` });
  }
  const waiting = new Map(nodes.map((n) => [n.name, new Set(n.dependsOn)]));
  const dependents = dependentsMap(nodes);
  const out: string[][] = [];
  let ready = nodes.filter((n) => n.dependsOn.length === 0).map((n) => n.name);
  let placed = 0;
  while (ready.length > 0) {
    ready.sort();
    out.push(ready);
    placed += ready.length;
    const next: string[] = [];
    for (const name of ready) {
      for (const dependent of dependents.get(name) ?? []) {
        const left = waiting.get(dependent)!;
        left.delete(name);
        if (left.size === 0) next.push(dependent);
      }
    }
    ready = next;
  }
  if (placed < nodes.length) {
    const cycle = findCycle(nodes.filter((n) => waiting.get(n.name)!.size > 0));
    throw new InputError({
      problem: `the stacks depend on each other in a cycle: ${cycle.join(" -> ")}`,
      fix: "remove one of these dependencies",
    });
  }
  return out;
}

/** For each stack, the stacks that depend on it directly. */
export function dependentsMap(nodes: readonly GraphNode[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const n of nodes) for (const d of n.dependsOn) out.set(d, [...(out.get(d) ?? []), n.name]);
  return out;
}

/** `names` and every stack that depends on one of them, directly or through others. */
export function withDependents(nodes: readonly GraphNode[], names: Iterable<string>): Set<string> {
  const dependents = dependentsMap(nodes);
  const out = new Set<string>();
  const todo = [...names];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    todo.push(...(dependents.get(name) ?? []));
  }
  return out;
}

/** One cycle among nodes that are all on or behind one: walk dependencies until a name repeats. */
function findCycle(nodes: readonly GraphNode[]): string[] {
  const byName = new Map(nodes.map((n) => [n.name, n]));
  const start = [...byName.keys()].sort()[0];
  const seen: string[] = [];
  let current = start;
  while (!seen.includes(current)) {
    seen.push(current);
    current = [...byName.get(current)!.dependsOn].sort().find((d) => byName.has(d))!;
  }
  return [...seen.slice(seen.indexOf(current)), current];
}
