import * as path from "path";
import { Plan, ResourceChange } from "./model";
import { StackInfo } from "./stacks";

/** File names that say nothing of the stack: the folder names it instead (`plans/aws-prod/plan.json`). */
const GENERIC = new Set(["plan", "tfplan", "drift", "review", "show", "output", "refresh", "changes"]);

/**
 * The stack a plan belongs to: with synthesized stacks, the one whose resources the plan's
 * configuration shares most; else (or when none shares any) the file's name, or its folder's
 * name when the file has a generic name such as `plan.json`.
 */
export function stackOf(plan: Plan, stacks: readonly StackInfo[]): { name: string; stack?: StackInfo } {
  const addresses = new Set([...plan.configAddresses, ...[...plan.changes, ...plan.drift].map(rootKey)]);
  let best: StackInfo | undefined;
  let bestScore = 0;
  for (const stack of stacks) {
    let score = 0;
    for (const a of addresses) if (stack.constructPaths.has(a)) score++;
    if (score > bestScore) [best, bestScore] = [stack, score];
  }
  if (best) return { name: best.name, stack: best };
  const name = nameFromFile(plan.file);
  const byName = stacks.find((s) => s.name === name);
  return byName ? { name, stack: byName } : { name };
}

export function nameFromFile(file: string): string {
  const base = path.posix.basename(file).replace(/(\.(plan|tfplan))?\.json$/i, "");
  const folder = path.posix.basename(path.posix.dirname(file));
  return GENERIC.has(base.toLowerCase()) && folder !== "." && folder !== "" ? folder : base;
}

/** The key of a change's block in the root module: `type.name`, `data.type.name`, or `module.<name>`. */
export function rootKey(change: ResourceChange): string {
  if (change.moduleAddress) return change.moduleAddress.split(".").slice(0, 2).join(".").replace(/\[.*$/, "");
  return `${change.mode === "data" ? "data." : ""}${change.type}.${change.name}`;
}

/** The construct that declared the change (for a module's resources, the module's construct), or null. */
export function constructPathOf(change: ResourceChange, stack: StackInfo | undefined): string | null {
  return stack?.constructPaths.get(rootKey(change)) ?? null;
}
