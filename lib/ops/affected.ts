import { GitRepo, GitTree } from "./git";
import { GraphNode, waves, withDependents } from "./graph";
import { isObject, parseJsonText } from "./json";
import { noTerraform, OutputLayout, readLayout, StackLayout } from "./layout";

export type Change = "added" | "removed" | "modified";

export interface ChangedStack {
  readonly name: string;
  readonly change: Change;
}

export interface AffectedStacks {
  /** The refs as given, and the commits they named. */
  readonly base: string;
  readonly head: string;
  readonly baseCommit: string;
  readonly headCommit: string;
  /** Stacks whose Terraform JSON differs, sorted by name. */
  readonly changed: readonly ChangedStack[];
  /** The stacks to plan at head: changed ones and every stack depending on one, in wave order. */
  readonly affected: readonly string[];
  /** `affected` grouped in the waves of the head commit's graph. */
  readonly waves: readonly string[][];
}

/**
 * The stacks a change touches between two commits: those whose committed Terraform JSON differs
 * (cdktf's `//` metadata aside: Terraform ignores it), plus every stack that depends on one of
 * them. Reads the output folder `dir` in both commits through git; no checkout needed.
 */
export function affectedStacks(options: { dir: string; base: string; head?: string; cwd?: string }): AffectedStacks {
  const { dir, base, head = "HEAD", cwd = process.cwd() } = options;
  const repo = GitRepo.at(dir, cwd);
  const before = repo.tree(base, "base");
  const after = repo.tree(head, "head");
  const [baseLayout, headLayout] = [layoutAt(repo, before), layoutAt(repo, after)];
  if (baseLayout === undefined && headLayout === undefined) throw noTerraform(dir, ` at ${base} or at ${head}`);
  const baseStacks = new Map((baseLayout?.stacks ?? []).map((s) => [s.name, s]));
  const headStacks = new Map((headLayout?.stacks ?? []).map((s) => [s.name, s]));

  const changed: ChangedStack[] = [];
  const suspects: [StackLayout, StackLayout][] = [];
  for (const name of [...new Set([...baseStacks.keys(), ...headStacks.keys()])].sort()) {
    const [was, is] = [baseStacks.get(name), headStacks.get(name)];
    if (was === undefined) changed.push({ name, change: "added" });
    else if (is === undefined) changed.push({ name, change: "removed" });
    else if (blobs(before, was).join() !== blobs(after, is).join()) suspects.push([was, is]);
  }
  // Blobs differ: parse both sides and compare what Terraform reads, cdktf's "//" metadata aside.
  const texts = repo.read(suspects.flatMap(([was, is]) => [...blobs(before, was), ...blobs(after, is)]));
  const json = (tree: GitTree, stack: StackLayout) =>
    blobs(tree, stack).map((id, i) => parseJsonText(texts.get(id)!, `${tree.ref}:${stack.files[i]}`));
  for (const [was, is] of suspects) {
    if (!sameTerraform(json(before, was), json(after, is))) changed.push({ name: is.name, change: "modified" });
  }
  changed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const graph: readonly GraphNode[] = headLayout?.stacks ?? [];
  const order = waves(graph);
  // A removed stack's dependents are found in the base graph: they referenced its outputs.
  const removed = changed.filter((c) => c.change === "removed").map((c) => c.name);
  const seeds = [
    ...changed.filter((c) => c.change !== "removed").map((c) => c.name),
    ...[...withDependents(baseLayout?.stacks ?? [], removed)].filter((n) => headStacks.has(n)),
  ];
  const hit = withDependents(graph, seeds);
  const grouped = order.map((wave) => wave.filter((n) => hit.has(n))).filter((wave) => wave.length > 0);
  return {
    base,
    head,
    baseCommit: before.commit,
    headCommit: after.commit,
    changed,
    affected: grouped.flat(),
    waves: grouped,
  };
}

function layoutAt(repo: GitRepo, tree: GitTree): OutputLayout | undefined {
  return tree.files.size === 0 ? undefined : readLayout(repo.source(tree));
}

function blobs(tree: GitTree, stack: StackLayout): string[] {
  return stack.files.map((f) => tree.files.get(f)!);
}

/** Equal as Terraform reads them: keys in any order, `//` comment keys ignored. */
export function sameTerraform(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => sameTerraform(x, b[i]));
  }
  if (isObject(a) && isObject(b)) {
    const keys = (o: Record<string, unknown>) => Object.keys(o).filter((k) => k !== "//");
    const [ka, kb] = [keys(a), keys(b)];
    return ka.length === kb.length && ka.every((k) => k in b && sameTerraform(a[k], b[k]));
  }
  return a === b;
}
