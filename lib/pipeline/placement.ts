import { pipelineTargetFor } from "../core/registry";
import { approvalNeeded, matches, PipelineSpec, PrivateRunner } from "./declaration";
import { PipelineError } from "./errors";
import { CloudLogin, loginFor } from "./identities";
import { PipelineStack } from "./stacks";
import { lowestSatisfying, satisfies } from "./terraform-version";

/** A stack a workflow plans and applies. */
export interface PlacedStack {
  readonly stack: PipelineStack;
  /** Where its applies run. */
  readonly runsOn: string | readonly string[];
  /** Where its pull request plans and drift scans run: never the self-hosted labels that apply an environment needing approval. */
  readonly planRunsOn: string | readonly string[];
  /** Minutes its jobs may wait for a self-hosted runner; undefined on hosted runners. */
  readonly queueMinutes?: number;
  /** The commands its self-hosted runners provide, as declared (`PrivateRunner.selfHosted` `provides`). */
  readonly provides?: readonly string[];
  /** Placed stacks it waits for: its dependencies, or theirs when a dependency is not placed. */
  readonly needs: readonly string[];
  readonly plan: CloudLogin;
  readonly apply: CloudLogin;
}

/** A stack no workflow job touches, and why (told to the user, never silently dropped). */
export interface SkippedStack {
  readonly name: string;
  readonly why: string;
}

/** A stack of the graph no workflow job plans or applies, and the in-cluster agent that applies it, if any. */
export interface UnplacedStack {
  readonly stack: PipelineStack;
  /** `PrivateRunner.pullAgent`'s agent, when the stack is left to it (not manual, not local state). */
  readonly agent?: string;
}

export interface Placement {
  /** In wave order. */
  readonly placed: readonly PlacedStack[];
  readonly skipped: readonly SkippedStack[];
  /** The graph's stacks behind `skipped` (those outside the repository's own stacks). */
  readonly unplaced?: readonly UnplacedStack[];
  readonly terraformVersion: string;
  readonly allStacks: readonly string[];
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/**
 * Decides, for every stack of the graph, whether a workflow job runs it and where: hosted runners
 * for stacks that reach only public cloud APIs, the declared self-hosted runners for stacks whose
 * provider reaches a private Kubernetes API, none for stacks left to the in-cluster agent, applied
 * by a person (`manual`) or keeping local state. Throws a PipelineError when the declaration and
 * the graph disagree.
 */
export function place(spec: PipelineSpec, stacks: readonly PipelineStack[]): Placement {
  const names = stacks.map((s) => s.name);
  for (const name of names)
    if (!SAFE_NAME.test(name))
      throw new PipelineError({
        prop: "stack name",
        value: name,
        problem: "cannot be used in workflow job ids and scripts",
        fix: "use letters, digits, dots, dashes and underscores",
      });
  // A name must be in the graph; a pattern (with *) may match nothing yet.
  for (const pattern of [...spec.privateStacks.map(([p]) => p), ...spec.manual]) {
    if (!pattern.includes("*") && !names.includes(pattern))
      throw new PipelineError({
        problem: `the pipeline names stack ${JSON.stringify(pattern)}, which is not in the stack graph (${names.join(", ")})`,
        fix: "fix the name or remove it",
      });
  }

  const skipped: SkippedStack[] = [];
  const unplaced: UnplacedStack[] = [];
  const placed: PlacedStack[] = [];
  const placedNames = new Set<string>();
  const byName = new Map(stacks.map((s) => [s.name, s]));
  for (const stack of stacks) {
    const why = skipReason(spec, stack);
    if (why !== undefined) {
      // Left to the agent only when neither a person nor local state keeps it from CI first.
      const pulled = spec.privateStacks.find(([p]) => matches(p, stack.name))?.[1];
      const toAgent =
        pulled?.kind === "pull-agent" && !spec.manual.some((p) => matches(p, stack.name)) && !stack.localBackend;
      skipped.push({ name: stack.name, why });
      unplaced.push({ stack, ...(toAgent ? { agent: pulled.agent } : {}) });
      continue;
    }
    const plan = loginFor(spec, stack, "plan");
    const apply = loginFor(spec, stack, "apply");
    if (!plan || !apply) {
      const where = { kind: "GitHubPipeline", path: "pipeline", prop: stack.cloud };
      const fix = pipelineTargetFor(stack.cloud, where).environmentShape;
      throw new PipelineError({
        problem: `stack ${stack.name} deploys to environment ${stack.environment} on ${stack.cloud}, which has no identity in the pipeline`,
        fix: `add ${stack.cloud}: { ${stack.environment}: ${fix} } to the declaration, or list the stack under manual`,
      });
    }
    const needs = nearestPlaced(stack, byName, placedNames);
    const runner = privateRunner(spec, stack);
    const missing =
      runner?.provides?.length !== undefined ? stack.execCommands.filter((c) => !runner.provides!.includes(c)) : [];
    if (runner?.provides !== undefined && missing.length > 0) {
      const pattern = spec.privateStacks.find(([, r]) => r === runner)![0];
      throw new PipelineError({
        prop: `privateStacks.${pattern}.provides`,
        value: runner.provides,
        problem: `the providers of stack ${stack.name} exec ${missing.join(", ")} for cluster credentials, which its runners do not provide`,
        fix: `install ${missing.join(", ")} on the runners and add it to provides, or place ${stack.name} on runners that have it`,
      });
    }
    placed.push({
      stack,
      runsOn: runsOn(spec, stack, runner?.labels),
      planRunsOn: planRunsOn(spec, stack, runner),
      queueMinutes: runner ? (runner.queueMinutes ?? DEFAULT_QUEUE_MINUTES) : undefined,
      ...(runner?.provides === undefined ? {} : { provides: [...runner.provides].sort() }),
      needs,
      plan,
      apply,
    });
    placedNames.add(stack.name);
  }
  return {
    placed,
    skipped,
    unplaced,
    terraformVersion: terraformVersion(spec, placed),
    allStacks: placed.map((p) => p.stack.name),
  };
}

function skipReason(spec: PipelineSpec, stack: PipelineStack): string | undefined {
  const manual = spec.manual.find((p) => matches(p, stack.name));
  if (manual !== undefined) return `applied by a person (manual: ${JSON.stringify(manual)})`;
  if (stack.localBackend)
    return "keeps its state in a local backend, which a CI runner would lose; migrate it to a remote backend";
  const runner = privateRunner(spec, stack);
  if (runner?.kind === "pull-agent")
    return `its provider reaches a private Kubernetes API; planned and applied in the cluster by ${runner.agent}`;
  // A stack left to the agent has one applier, private API or not: the agent's `stacks` are these patterns.
  const pulled = spec.privateStacks.find(([p]) => matches(p, stack.name))?.[1];
  if (pulled?.kind === "pull-agent") return `planned and applied in the cluster by ${pulled.agent}`;
  return undefined;
}

function privateRunner(spec: PipelineSpec, stack: PipelineStack): PrivateRunner | undefined {
  if (!stack.privateEndpoint) return undefined;
  const found = spec.privateStacks.find(([p]) => matches(p, stack.name));
  if (!found)
    throw new PipelineError({
      problem: `stack ${stack.name} configures a kubernetes or helm provider, which must reach a private API a hosted runner cannot`,
      fix: `declare privateStacks: { "${stack.name}": PrivateRunner.selfHosted([...labels]) } or PrivateRunner.pullAgent("<agent>")`,
    });
  return found[1];
}

/** How long a job waits for a self-hosted runner before the watchdog cancels its run. */
export const DEFAULT_QUEUE_MINUTES = 15;

function runsOn(
  spec: PipelineSpec,
  stack: PipelineStack,
  labels: readonly string[] | undefined,
): string | readonly string[] {
  if (!labels) return spec.runner;
  return labels.map((l) => l.replace(/\{cloud\}/g, stack.cloud).replace(/\{environment\}/g, stack.environment));
}

/**
 * The runners of pull request plans and drift scans. A pull request's workflow runs whatever the
 * pull request says (GitHub Docs, "Security hardening for GitHub Actions": self-hosted runners "can
 * be persistently compromised by untrusted code in a workflow"), so for an environment whose
 * applies need approval the plan labels must select other runners than the apply labels: they
 * must hold a label the apply labels lack (pipelines-review S4, terraform-apply-review-2 N7).
 */
function planRunsOn(
  spec: PipelineSpec,
  stack: PipelineStack,
  runner: PrivateRunner | undefined,
): string | readonly string[] {
  if (!runner) return spec.runner;
  const apply = runsOn(spec, stack, runner.labels) as readonly string[];
  const plan = runsOn(spec, stack, runner.planLabels ?? runner.labels) as readonly string[];
  if (approvalNeeded(spec, stack.environment) && plan.every((l) => apply.includes(l))) {
    const pattern = spec.privateStacks.find(([, r]) => r === runner)![0];
    throw new PipelineError({
      prop: `privateStacks.${pattern}`,
      value: runner.planLabels ?? runner.labels,
      problem: `plans stack ${stack.name} (environment ${stack.environment}, which needs approval) on the runners that apply it (${apply.join(", ")}), so any pull request could run code on them`,
      fix: `give PrivateRunner.selfHosted planLabels with a label the apply runners lack, e.g. { planLabels: ["self-hosted", "landform-{cloud}-{environment}-plan"] }, and register those runners in another runner group`,
    });
  }
  return plan;
}

/** The placed stacks `stack` waits for: its direct dependencies, looking through the ones no job runs. */
function nearestPlaced(stack: PipelineStack, byName: Map<string, PipelineStack>, placed: Set<string>): string[] {
  const out = new Set<string>();
  const seen = new Set<string>();
  const todo = [...stack.dependsOn];
  while (todo.length > 0) {
    const name = todo.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    if (placed.has(name)) out.add(name);
    else todo.push(...(byName.get(name)?.dependsOn ?? []));
  }
  return [...out].sort();
}

function terraformVersion(spec: PipelineSpec, placed: readonly PlacedStack[]): string {
  const constraints = [...new Set(placed.flatMap((p) => (p.stack.requiredVersion ? [p.stack.requiredVersion] : [])))];
  const version = spec.terraformVersion ?? lowestSatisfying(constraints);
  if (version === undefined)
    throw new PipelineError({
      problem: `no single Terraform version can be derived from the stacks' required_version (${constraints.join("; ") || "none set"})`,
      fix: 'set terraformVersion to an exact release, e.g. "1.11.4"',
    });
  for (const p of placed) {
    const req = p.stack.requiredVersion;
    if (req !== undefined && satisfies(version, req) !== true)
      throw new PipelineError({
        prop: "terraformVersion",
        value: version,
        problem: `does not satisfy stack ${p.stack.name}'s required_version "${req}"`,
        fix: "pin a release it allows",
      });
  }
  return version;
}

/**
 * The job env that records what a self-hosted runner provides, as declared: `landform doctor`
 * reads it (the exec check step verifies it on the runner). Empty when nothing is declared.
 */
export function runnerEnv(p: PlacedStack): { env?: Record<string, string> } {
  return p.provides === undefined ? {} : { env: { LANDFORM_RUNNER_PROVIDES: p.provides.join(" ") } };
}
