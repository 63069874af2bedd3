import { attributeDiffs, deepEqual, RawDiff, sensitiveValues, shownDiff } from "./diff";
import { Ignore, IgnoreSet, isExpired } from "./ignore";
import { constructPathOf, rootKey } from "./match";
import { Plan, ResourceChange } from "./model";
import { noiseRuleFor, SAME_VALUES_RULE } from "./noise";
import { byStackAndAddress, isManaged, Location, locationOf, PlanEntry, stacked, StackedPlan } from "./report";
import { StackInfo } from "./stacks";

export interface DriftAttribute {
  readonly path: string;
  /** Safe to print: sensitive values are "(sensitive)" at any depth. */
  readonly before: unknown;
  readonly after: unknown;
  readonly noiseRule?: string;
  readonly ignoredBy?: string;
}

export interface DriftEntry {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly constructPath: string | null;
  readonly actions: readonly string[];
  readonly attributes: readonly DriftAttribute[];
  readonly noise: boolean;
  readonly noiseRule: string | null;
  readonly ignored: boolean;
  readonly reason: string | null;
  /** "outside": changed outside Terraform (refresh found it); "pending": the code is not applied yet (a normal plan's change). */
  readonly source: "outside" | "pending";
  readonly previousAddress?: string;
  readonly deposed?: string;
  readonly plan: string;
  readonly location: Location;
}

export interface ExpiredIgnore {
  readonly source: string;
  readonly pattern: string;
  readonly reason: string;
  readonly until: string;
}

export interface DriftReport {
  readonly plans: readonly PlanEntry[];
  readonly drift: readonly DriftEntry[];
  /** Ignores past their `until` date: no longer applied, listed so someone renews or removes them. */
  readonly expiredIgnores: readonly ExpiredIgnore[];
  /** Active ignores that matched nothing: the drift they accepted is gone, and so can they be. */
  readonly unusedIgnores: readonly string[];
  readonly summary: {
    /** Entries that fail the run: neither noise nor ignored. */
    readonly drifted: number;
    readonly noise: number;
    readonly ignored: number;
    readonly incompletePlans: number;
  };
}

export interface DriftOptions {
  readonly stacks?: readonly StackInfo[];
  readonly ignores?: readonly Ignore[];
  /** YYYY-MM-DD (UTC): the day ignores are checked against. */
  readonly today: string;
}

/**
 * The drift in the plans: every managed resource that refresh found changed outside Terraform
 * (`resource_drift`), and, for a normal plan, every pending change (`resource_changes`) of a
 * resource that did not drift. Each is classified as noise, ignored, or drift.
 */
export function driftReport(plans: readonly Plan[], options: DriftOptions): DriftReport {
  const active = (options.ignores ?? []).filter((i) => !isExpired(i, options.today));
  const ignores = new IgnoreSet(active);
  const used = new Set<Ignore>();
  const drift: DriftEntry[] = [];
  const all = stacked(plans, options.stacks ?? []);
  for (const p of all) {
    const outside = p.plan.drift.filter(isManaged).filter((c) => !isNoop(c));
    const drifted = new Map(outside.map((c) => [keyOf(c), c]));
    for (const c of outside) drift.push(entryOf(p, c, "outside", ignores, used)!);
    for (const c of p.plan.changes.filter(isManaged).filter((c) => !isNoop(c))) {
      // A normal plan also lists, in resource_changes, the change that puts drift back. What it
      // asks for beyond that is the code's own change: never hidden behind the drift entry.
      const before = drifted.get(keyOf(c));
      const entry = entryOf(p, c, "pending", ignores, used, before);
      if (entry) drift.push(entry);
    }
  }
  drift.sort(byStackAndAddress);
  const expiredIgnores = (options.ignores ?? [])
    .filter((i) => isExpired(i, options.today))
    .map((i) => ({ source: i.source, pattern: patternOf(i), reason: i.reason, until: i.until! }));
  return {
    plans: all.map((p) => p.entry),
    drift,
    expiredIgnores,
    unusedIgnores: active.filter((i) => !used.has(i)).map((i) => `${i.source} (${patternOf(i)})`),
    summary: {
      drifted: drift.filter((d) => !d.noise && !d.ignored).length,
      noise: drift.filter((d) => d.noise).length,
      ignored: drift.filter((d) => d.ignored).length,
      incompletePlans: plans.filter((p) => !p.complete).length,
    },
  };
}

/** 2 when a plan is incomplete (it cannot prove anything clean), 1 on drift, else 0. */
export function driftExitCode(report: DriftReport): 0 | 1 | 2 {
  if (report.summary.incompletePlans > 0) return 2;
  return report.summary.drifted > 0 ? 1 : 0;
}

const keyOf = (c: ResourceChange) => `${c.address}\0${c.deposed ?? ""}`;

const isNoop = (c: ResourceChange) => c.change.actions.every((a) => a === "no-op" || a === "read");

function entryOf(
  p: StackedPlan,
  c: ResourceChange,
  source: "outside" | "pending",
  ignores: IgnoreSet,
  used: Set<Ignore>,
  drifted?: ResourceChange,
): DriftEntry | undefined {
  const constructPath = constructPathOf(c, p.stack);
  const target = { stack: p.name, address: c.address, constructPath };
  const defaultTags = { ...p.plan.defaultTags, ...(p.stack?.defaultTags ?? {}) };
  const secrets = sensitiveValues(c.change);
  const matched: Ignore[] = [];
  const diffs = attributeDiffs(c.change);
  const own = drifted ? beyondDrift(diffs, drifted) : diffs;
  // Nothing beyond undoing the drift: the drift entry already says it all.
  if (drifted && onlyPutsBack(c, drifted, own)) return undefined;
  const attributes: DriftAttribute[] = own.map((d) => {
    const rule = noiseRuleFor(d, { resource: c, defaultTags });
    const ignore = rule ? undefined : ignores.match(target, d.path);
    if (ignore) matched.push(ignore);
    return {
      path: d.path,
      ...shownDiff(d, secrets),
      ...(rule ? { noiseRule: rule.id } : {}),
      ...(ignore ? { ignoredBy: ignore.source } : {}),
    };
  });
  const rules = [...new Set(attributes.map((a) => a.noiseRule))];
  const same = attributes.length === 0 && sameValues(c);
  const noise = same || (attributes.length > 0 && rules.every((r) => r !== undefined));
  const whole = noise ? undefined : ignores.match(target, undefined);
  const perAttribute = !noise && !whole && attributes.length > 0 && attributes.every((a) => a.noiseRule || a.ignoredBy);
  const applied = whole ? [whole] : perAttribute ? matched : [];
  for (const i of [...applied, ...matched]) used.add(i);
  const reasons = [...new Set(applied.map((i) => i.reason))];
  const ignored = whole !== undefined || perAttribute;
  return {
    stack: p.name,
    address: c.address,
    type: c.type,
    constructPath,
    actions: c.change.actions,
    attributes,
    noise,
    noiseRule: same ? SAME_VALUES_RULE.id : noise ? rules.join("+") : null,
    ignored,
    reason: ignored ? reasons.join("; ") : null,
    source,
    ...(c.previousAddress ? { previousAddress: c.previousAddress } : {}),
    ...(c.deposed ? { deposed: c.deposed } : {}),
    plan: p.plan.file,
    location: locationOf(p, rootKey(c)),
  };
}

/** An update whose before and after are equal: only what the JSON does not show changed. */
function sameValues(c: ResourceChange): boolean {
  return c.change.actions.join() === "update" && deepEqual(c.change.before, c.change.after);
}

/**
 * The pending change's differences that do not just put a drifted attribute back: those where
 * the plan's `after` is not the drift's `before`. Recreating what was deleted outside Terraform
 * puts it back too (see onlyPutsBack).
 */
function beyondDrift(diffs: RawDiff[], drifted: ResourceChange): RawDiff[] {
  const reverted = new Map(attributeDiffs(drifted.change).map((d) => [d.path, d.before]));
  return diffs.filter((d) => !(reverted.has(d.path) && deepEqual(reverted.get(d.path), d.after)));
}

/**
 * A pending change that only undoes the drift: recreating what was deleted, or an update with
 * nothing of its own (values known only after apply are the provider's, not asked for by code).
 */
function onlyPutsBack(c: ResourceChange, drifted: ResourceChange, own: readonly RawDiff[]): boolean {
  const [pending, outside] = [c.change.actions.join(), drifted.change.actions.join()];
  return (outside === "delete" && pending === "create") || (pending === "update" && own.every((d) => d.unknown));
}

function patternOf(i: Ignore): string {
  return [
    i.stack ? `stack ${i.stack}` : "",
    i.address ?? "",
    i.constructPath ?? "",
    i.attributes ? `[${i.attributes.join(", ")}]` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
