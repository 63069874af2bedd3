import { Change } from "./model";
import { isObject } from "../json";

export const SENSITIVE = "(sensitive)";
export const UNKNOWN = "(known after apply)";

/** One attribute that differs, with the raw values: never shown as they are (see `shownValue`). */
export interface RawDiff {
  /** `ingress[0].cidr_blocks`, `tags["kubernetes.io/role"]`. */
  readonly path: string;
  readonly segments: readonly (string | number)[];
  readonly before: unknown;
  readonly after: unknown;
  /** Marked sensitive on either side: both sides are shown as (sensitive). */
  readonly sensitive: boolean;
  /** Known only after apply (review plans). */
  readonly unknown: boolean;
}

type Mark = unknown;
const child = (mark: Mark, key: string | number): Mark =>
  Array.isArray(mark) ? mark[key as number] : isObject(mark) ? mark[key as string] : false;

/**
 * Every leaf-most attribute whose value differs between `before` and `after`, walking objects
 * and lists to the deepest level where both sides still have the same shape. A resource that is
 * created or deleted has no attribute differences: the actions say it all.
 */
export function attributeDiffs(change: Change): RawDiff[] {
  const out: RawDiff[] = [];
  if (!isObject(change.before) || !isObject(change.after)) return out;
  walk(change.before, change.after, change.beforeSensitive, change.afterSensitive, change.afterUnknown, [], out);
  return out;
}

function walk(
  before: unknown,
  after: unknown,
  beforeSensitive: Mark,
  afterSensitive: Mark,
  afterUnknown: Mark,
  segments: (string | number)[],
  out: RawDiff[],
): void {
  const push = (sensitive: boolean, unknown: boolean): void => {
    out.push({ path: pathOf(segments), segments: [...segments], before, after, sensitive, unknown });
  };
  const sensitive = beforeSensitive === true || afterSensitive === true;
  if (afterUnknown === true) return push(sensitive, true);
  if (sensitive) {
    if (!deepEqual(before, after)) push(true, false);
    return;
  }
  const recurse = (key: string | number, b: unknown, a: unknown) =>
    walk(
      b,
      a,
      child(beforeSensitive, key),
      child(afterSensitive, key),
      child(afterUnknown, key),
      [...segments, key],
      out,
    );
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    for (const k of keys) recurse(k, before[k] ?? null, after[k] ?? null);
  } else if (Array.isArray(before) && Array.isArray(after)) {
    for (let i = 0; i < Math.max(before.length, after.length); i++) recurse(i, before[i] ?? null, after[i] ?? null);
  } else if (!deepEqual(before, after) || hasUnknown(afterUnknown)) {
    push(hasSensitive(beforeSensitive) || hasSensitive(afterSensitive), hasUnknown(afterUnknown));
  }
}

/** `a.b[0]["x.y"]`: Terraform's own way of writing attribute paths. */
export function pathOf(segments: readonly (string | number)[]): string {
  return segments
    .map((s, i) =>
      typeof s === "number"
        ? `[${s}]`
        : /^[A-Za-z_][A-Za-z0-9_-]*$/.test(s)
          ? `${i === 0 ? "" : "."}${s}`
          : `[${JSON.stringify(s)}]`,
    )
    .join("");
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function hasSensitive(mark: Mark): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(hasSensitive);
  return isObject(mark) && Object.values(mark).some(hasSensitive);
}
const hasUnknown = hasSensitive;

/**
 * The scalar values Terraform marks sensitive anywhere in a change. Providers sometimes copy a
 * sensitive argument into an unmarked computed attribute (`terraform_data.output` echoes a
 * sensitive `input`); a value equal to one of these is masked wherever it appears.
 */
export function sensitiveValues(change: Change): Set<unknown> {
  const found = new Set<unknown>();
  const collect = (value: unknown, mark: Mark, inside: boolean): void => {
    const marked = inside || mark === true;
    if (Array.isArray(value)) value.forEach((v, i) => collect(v, child(mark, i), marked));
    else if (isObject(value)) for (const [k, v] of Object.entries(value)) collect(v, child(mark, k), marked);
    else if (marked && value !== null && value !== "" && typeof value !== "boolean") found.add(value);
  };
  collect(change.before, change.beforeSensitive, false);
  collect(change.after, change.afterSensitive, false);
  return found;
}

/** A value as reports may show it: sensitive parts masked at any depth, unknowns named. */
export function shownValue(value: unknown, secrets: ReadonlySet<unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => shownValue(v, secrets));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shownValue(v, secrets)]));
  return secrets.has(value) ? SENSITIVE : value;
}

/** The before and after of a difference, safe to print. */
export function shownDiff(diff: RawDiff, secrets: ReadonlySet<unknown>): { before: unknown; after: unknown } {
  if (diff.sensitive) return { before: SENSITIVE, after: diff.unknown ? UNKNOWN : SENSITIVE };
  return {
    before: shownValue(diff.before, secrets),
    after: diff.unknown ? UNKNOWN : shownValue(diff.after, secrets),
  };
}
