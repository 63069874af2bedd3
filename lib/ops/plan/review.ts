import { pathOf } from "./diff";
import { globToRegExp } from "./glob";
import { constructPathOf, rootKey } from "./match";
import { Plan, ResourceChange } from "./model";
import { byStackAndAddress, isManaged, Location, locationOf, PlanEntry, stacked, StackedPlan } from "./report";
import { StackInfo } from "./stacks";
import { statefulKind } from "./stateful";
import { isObject } from "../json";

/** What a change does, in one word: what reviewers count. */
export type ChangeKind = "create" | "update" | "replace" | "delete" | "move" | "import" | "forget" | "other";

export interface MoveHint {
  /** The address being deleted, and the one created in its place. */
  readonly from: string;
  readonly to: string;
  readonly message: string;
}

export interface ReviewChange {
  readonly stack: string;
  readonly address: string;
  readonly type: string;
  readonly constructPath: string | null;
  readonly actions: readonly string[];
  readonly kind: ChangeKind;
  /** Deletes the object, alone or as part of a replacement. */
  readonly destructive: boolean;
  readonly stateful: boolean;
  /** What the stateful resource holds (database, bucket, key...), from the stateful types table. */
  readonly statefulKind: string | null;
  /** Attribute paths that force the replacement. */
  readonly replacePaths: readonly string[];
  /** Terraform's `action_reason`, e.g. replace_because_cannot_update. */
  readonly reason: string | null;
  /** A destructive change to a stateful resource that no --allow-destroy pattern allows. */
  readonly blocking: boolean;
  readonly allowedBy: string | null;
  readonly previousAddress?: string;
  readonly importing?: string;
  readonly deposed?: string;
  readonly moveHint?: MoveHint;
  readonly plan: string;
  readonly location: Location;
}

export type Counts = Record<ChangeKind, number>;

export interface ReviewReport {
  readonly plans: readonly PlanEntry[];
  readonly changes: readonly ReviewChange[];
  readonly summary: {
    readonly stacks: Readonly<Record<string, Counts>>;
    readonly total: Counts;
    readonly destructive: number;
    readonly stateful: number;
    readonly blocking: number;
    readonly moveHints: number;
    readonly incompletePlans: number;
  };
}

export interface ReviewOptions {
  readonly stacks?: readonly StackInfo[];
  /** Address or construct-path patterns whose destruction is intended. */
  readonly allowDestroy?: readonly string[];
}

const KINDS: readonly ChangeKind[] = ["create", "update", "replace", "delete", "move", "import", "forget", "other"];
const zero = (): Counts => Object.fromEntries(KINDS.map((k) => [k, 0])) as Counts;

/** The pending changes of the plans, destructive ones called out. Data source reads and no-ops are left out. */
export function reviewReport(plans: readonly Plan[], options: ReviewOptions = {}): ReviewReport {
  const allow = (options.allowDestroy ?? []).map((p) => ({ pattern: p, re: globToRegExp(p) }));
  const changes: ReviewChange[] = [];
  const all = stacked(plans, options.stacks ?? []);
  for (const p of all) {
    const listed = p.plan.changes.filter(isManaged).filter((c) => kindOf(c) !== undefined);
    const hints = moveHints(listed, p);
    for (const c of listed) {
      const kind = kindOf(c)!;
      const constructPath = constructPathOf(c, p.stack);
      const destructive = c.change.actions.includes("delete");
      const stateful = statefulKind(c.type) ?? null;
      const allowedBy = destructive
        ? (allow.find((a) => a.re.test(c.address) || (constructPath !== null && a.re.test(constructPath)))?.pattern ??
          null)
        : null;
      const hint = hints.get(c);
      changes.push({
        stack: p.name,
        address: c.address,
        type: c.type,
        constructPath,
        actions: c.change.actions,
        kind,
        destructive,
        stateful: stateful !== null,
        statefulKind: stateful,
        replacePaths: c.change.replacePaths.map(pathOf),
        reason: c.actionReason ?? null,
        blocking: destructive && stateful !== null && allowedBy === null,
        allowedBy,
        ...(c.previousAddress ? { previousAddress: c.previousAddress } : {}),
        ...(c.change.importingId !== undefined ? { importing: c.change.importingId } : {}),
        ...(c.deposed ? { deposed: c.deposed } : {}),
        ...(hint ? { moveHint: hint } : {}),
        plan: p.plan.file,
        location: locationOf(p, rootKey(c)),
      });
    }
  }
  changes.sort(byStackAndAddress);
  const stacks: Record<string, Counts> = {};
  for (const p of all) stacks[p.name] ??= zero();
  const total = zero();
  for (const c of changes) {
    stacks[c.stack][c.kind]++;
    total[c.kind]++;
  }
  return {
    plans: all.map((p) => p.entry),
    changes,
    summary: {
      stacks,
      total,
      destructive: changes.filter((c) => c.destructive).length,
      stateful: changes.filter((c) => c.destructive && c.stateful).length,
      blocking: changes.filter((c) => c.blocking).length,
      moveHints: changes.filter((c) => c.moveHint).length,
      incompletePlans: plans.filter((p) => !p.complete).length,
    },
  };
}

/** 2 when a plan is incomplete, 1 when a change blocks, else 0. */
export function reviewExitCode(report: ReviewReport): 0 | 1 | 2 {
  if (report.summary.incompletePlans > 0) return 2;
  return report.summary.blocking > 0 ? 1 : 0;
}

function kindOf(c: ResourceChange): ChangeKind | undefined {
  const a = c.change.actions.join(",");
  if (a === "delete,create" || a === "create,delete") return "replace";
  if (a === "create" || a === "update" || a === "delete" || a === "forget") return a;
  if (a === "no-op" || a === "read") {
    if (c.change.importingId !== undefined) return "import";
    if (c.previousAddress) return "move";
    return undefined;
  }
  return "other";
}

/**
 * Deletes paired with creates of the same type in the same stack: the sign of a construct that
 * was renamed or moved. Each delete is paired with the create whose known arguments agree with
 * it most; with one of each, they pair regardless, since a rename often renames the name too.
 */
function moveHints(changes: readonly ResourceChange[], p: StackedPlan): Map<ResourceChange, MoveHint> {
  const hints = new Map<ResourceChange, MoveHint>();
  const deletes = changes.filter((c) => c.change.actions.join() === "delete" && !c.deposed);
  const creates = changes.filter((c) => c.change.actions.join() === "create" && c.change.importingId === undefined);
  const taken = new Set<ResourceChange>();
  const createsOf = groupByType(creates);
  const deletesOf = groupByType(deletes);
  for (const d of deletes) {
    // Pairing compares every delete with every create of its type: past a few dozen of each,
    // the plan is a teardown or a rebuild, not a rename, and the comparison would cost minutes.
    if (deletesOf.get(d.type)!.length * (createsOf.get(d.type)?.length ?? 0) > MAX_PAIRINGS) continue;
    const sameType = (createsOf.get(d.type) ?? []).filter((c) => !taken.has(c));
    if (sameType.length === 0) continue;
    const scored = sameType.map((c) => ({
      c,
      score: agreement(d.change.before, c.change.after, c.change.afterUnknown),
    }));
    scored.sort((a, b) => b.score - a.score);
    const only = sameType.length === 1 && deletesOf.get(d.type)!.length === 1;
    if (!only && scored[0].score < 0.5) continue;
    const create = scored[0].c;
    taken.add(create);
    const to = constructPathOf(create, p.stack);
    const message =
      `${d.address} is deleted and ${create.address}${to ? ` (construct ${to})` : ""} created: if this is the same ${d.type} under a new construct path, ` +
      `move it instead of destroying it: call moveFromId("${d.address}") on the new construct's resource (or moveTo on the old one before removing it).`;
    const hint = { from: d.address, to: create.address, message };
    hints.set(d, hint);
    hints.set(create, hint);
  }
  return hints;
}

/** Delete x create comparisons per type and stack beyond which no move hints are looked for. */
export const MAX_PAIRINGS = 2500;

function groupByType(changes: readonly ResourceChange[]): Map<string, ResourceChange[]> {
  const map = new Map<string, ResourceChange[]>();
  for (const c of changes) {
    const list = map.get(c.type);
    if (list) list.push(c);
    else map.set(c.type, [c]);
  }
  return map;
}

/** The share of the create's known, non-null top-level arguments that equal the deleted object's. */
function agreement(before: unknown, after: unknown, afterUnknown: unknown): number {
  if (!isObject(before) || !isObject(after)) return 0;
  const unknown = isObject(afterUnknown) ? afterUnknown : {};
  const keys = Object.keys(after).filter((k) => after[k] !== null && unknown[k] !== true && k !== "id");
  if (keys.length === 0) return 0;
  return keys.filter((k) => JSON.stringify(after[k]) === JSON.stringify(before[k])).length / keys.length;
}
