import { InputError } from "./errors";
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
  /** The refs as given (`base` is the `--stack-base` template when no single base was given), and the commits they named. */
  readonly base: string;
  readonly head: string;
  /** The commit `--base` named; undefined when every stack was compared from its own ref only. */
  readonly baseCommit?: string;
  readonly headCommit: string;
  /**
   * With a per-stack base (`stackBase`): per stack, the commit it was compared from, or null when it
   * had neither its own ref nor a `base` (so it counts as added). Undefined without `stackBase`.
   */
  readonly bases?: Readonly<Record<string, string | null>>;
  /** Stacks whose Terraform JSON differs, sorted by name. */
  readonly changed: readonly ChangedStack[];
  /** The stacks to plan at head: changed ones and every stack depending on one, in wave order. */
  readonly affected: readonly string[];
  /** `affected` grouped in the waves of the head commit's graph. */
  readonly waves: readonly string[][];
}

export interface AffectedOptions {
  /** The cdktf output folder, relative to `cwd`. */
  readonly dir: string;
  /** The commit every stack is compared from (or, with `stackBase`, each stack that has no ref of its own). */
  readonly base?: string;
  /**
   * A ref per stack, `{stack}` standing for its name, e.g. `landform/applied/{stack}`: each stack is
   * compared from the commit its own ref names (the last commit applied for it), so a stack whose
   * apply failed stays affected until one succeeds. A stack without such a ref is compared from
   * `base`, or counts as added when `base` is not given; a stack with a ref but gone at head is removed.
   */
  readonly stackBase?: string;
  /** @default "HEAD" */
  readonly head?: string;
  readonly cwd?: string;
}

/** Where `{stack}` stands in a per-stack base ref template. */
export const STACK_PLACEHOLDER = "{stack}";

/**
 * The stacks a change touches: those whose committed Terraform JSON differs between their base
 * commit and head (cdktf's `//` metadata aside: Terraform ignores it), plus every stack that
 * depends on one of them. The base is one commit (`base`), or each stack's own ref (`stackBase`).
 * Reads the output folder `dir` in every commit through git; no checkout needed.
 */
export function affectedStacks(options: AffectedOptions): AffectedStacks {
  const { dir, base, stackBase, head = "HEAD", cwd = process.cwd() } = options;
  if (base === undefined && stackBase === undefined)
    throw new InputError({
      problem: "no base to compare from",
      fix: "pass --base <ref>, --stack-base <template with {stack}>, or both",
    });
  if (stackBase !== undefined) checkTemplate(stackBase);
  const repo = GitRepo.at(dir, cwd);
  const after = repo.tree(head, "head");
  const common = base !== undefined ? repo.tree(base, "base") : undefined;
  // One tree and layout per distinct commit: many stacks usually share their last applied commit.
  const trees = new Map<string, { tree: GitTree; layout: OutputLayout | undefined }>();
  const at = (tree: GitTree) => {
    if (!trees.has(tree.commit)) trees.set(tree.commit, { tree, layout: layoutAt(repo, tree) });
    return trees.get(tree.commit)!;
  };
  const headSide = at(after);
  const commonSide = common === undefined ? undefined : at(common);
  const own = new Map<string, ReturnType<typeof at>>();
  if (stackBase !== undefined)
    for (const [name, ref] of repo.refsMatching(stackBase, STACK_PLACEHOLDER))
      own.set(name, at(repo.tree(ref, `${name} base`)));
  const baseOf = (name: string) => own.get(name) ?? commonSide;
  if (![...trees.values()].some((t) => t.layout !== undefined))
    throw noTerraform(dir, ` at ${base ?? stackBase} or at ${head}`);

  const headStacks = new Map((headSide.layout?.stacks ?? []).map((s) => [s.name, s]));
  const names = new Set([...headStacks.keys(), ...own.keys()]);
  for (const s of commonSide?.layout?.stacks ?? []) names.add(s.name);

  const changed: ChangedStack[] = [];
  const removedFrom = new Map<string, readonly GraphNode[]>();
  const suspects: [GitTree, StackLayout, StackLayout][] = [];
  for (const name of [...names].sort()) {
    const side = baseOf(name);
    const was = side?.layout?.stacks.find((s) => s.name === name);
    const is = headStacks.get(name);
    if (was === undefined) {
      if (is !== undefined) changed.push({ name, change: "added" });
    } else if (is === undefined) {
      changed.push({ name, change: "removed" });
      removedFrom.set(name, side!.layout!.stacks);
    } else if (blobs(side!.tree, was).join() !== blobs(after, is).join()) suspects.push([side!.tree, was, is]);
  }
  // Blobs differ: parse both sides and compare what Terraform reads, cdktf's "//" metadata aside.
  const texts = repo.read(suspects.flatMap(([before, was, is]) => [...blobs(before, was), ...blobs(after, is)]));
  const json = (tree: GitTree, stack: StackLayout) =>
    blobs(tree, stack).map((id, i) => parseJsonText(texts.get(id)!, `${tree.ref}:${stack.files[i]}`));
  for (const [before, was, is] of suspects) {
    if (!sameTerraform(json(before, was), json(after, is))) changed.push({ name: is.name, change: "modified" });
  }
  changed.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const graph: readonly GraphNode[] = headSide.layout?.stacks ?? [];
  const order = waves(graph);
  // A removed stack's dependents are found in the graph it was removed from: they referenced its outputs.
  const seeds = [
    ...changed.filter((c) => c.change !== "removed").map((c) => c.name),
    ...[...removedFrom].flatMap(([name, graphOf]) =>
      [...withDependents(graphOf, [name])].filter((n) => headStacks.has(n)),
    ),
  ];
  const hit = withDependents(graph, seeds);
  const grouped = order.map((wave) => wave.filter((n) => hit.has(n))).filter((wave) => wave.length > 0);
  return {
    base: base ?? stackBase!,
    head,
    ...(common !== undefined ? { baseCommit: common.commit } : {}),
    headCommit: after.commit,
    ...(stackBase !== undefined
      ? { bases: Object.fromEntries([...names].sort().map((n) => [n, baseOf(n)?.tree.commit ?? null])) }
      : {}),
    changed,
    affected: grouped.flat(),
    waves: grouped,
  };
}

function checkTemplate(template: string): void {
  if (template.split(STACK_PLACEHOLDER).length !== 2 || template.startsWith("-"))
    throw new InputError({
      prop: "stack base",
      value: template,
      problem: `does not name one ref per stack with ${STACK_PLACEHOLDER} once`,
      fix: `write a ref with ${STACK_PLACEHOLDER} once, e.g. landform/applied/${STACK_PLACEHOLDER}`,
    });
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
