import { PipelineSpec } from "../declaration";
import { PipelineError } from "../errors";
import { PlacedStack } from "../placement";

/** A placed stack and the stage of the promotion its environment belongs to (0 = first). */
export interface PromotedStack {
  readonly placed: PlacedStack;
  readonly stage: number;
  /** Stacks of the nearest earlier stage that has any: their applies must succeed (or skip) first. */
  readonly after: readonly string[];
}

/**
 * The placed stacks in the order one commit reaches them: by promotion stage (`spec.promotion`,
 * e.g. dev, staging, prod), then in wave order within it. Each stack of a stage waits for every
 * apply of the stage before it, so staging is applied only after dev succeeded for the same
 * commit, and prod only after staging: never in parallel. An environment with no placed stack
 * is looked through.
 */
export function promote(spec: PipelineSpec, placed: readonly PlacedStack[]): PromotedStack[] {
  const stageOf = (p: PlacedStack) => spec.promotion.indexOf(p.stack.environment);
  const byName = new Map(placed.map((p) => [p.stack.name, p]));
  for (const p of placed)
    for (const need of p.needs) {
      const dependency = byName.get(need)!;
      if (stageOf(dependency) > stageOf(p))
        throw new PipelineError({
          prop: "promotion",
          value: spec.promotion,
          problem: `applies ${p.stack.environment} before ${dependency.stack.environment}, but stack ${p.stack.name} (${p.stack.environment}) depends on ${need} (${dependency.stack.environment})`,
          fix: `list ${dependency.stack.environment} before ${p.stack.environment}, or remove the dependency`,
        });
    }
  const stages = [...new Set(placed.map(stageOf))].sort((a, b) => a - b);
  const out: PromotedStack[] = [];
  stages.forEach((stage, i) => {
    const previous = i === 0 ? [] : placed.filter((p) => stageOf(p) === stages[i - 1]).map((p) => p.stack.name);
    for (const p of placed.filter((x) => stageOf(x) === stage)) out.push({ placed: p, stage, after: previous });
  });
  return out;
}
