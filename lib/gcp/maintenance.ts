import { IConstruct } from "constructs";
import { invalidProp } from "../core/errors";
import type { ClusterMaintenanceWindow, MaintenanceExclusion, MaintenanceExclusionScope } from "../contracts/cluster";
import { hourText, WEEKDAYS } from "../contracts/database";

// The GKE maintenance policy as plain data: no provider classes, so the checks can use it.
// Rules from https://cloud.google.com/kubernetes-engine/docs/maintenance-window: at least 48 hours
// of maintenance in any 32 days, counting only windows of 4 hours or more; "no upgrades"
// exclusions last at most 30 days.

/** terraform-google-kubernetes-engine's default (`maintenance_start_time = "05:00"`): a daily window. */
export const DEFAULT_MAINTENANCE_HOUR = 5;
const SCOPES: Record<MaintenanceExclusionScope, string> = {
  "no-upgrades": "NO_UPGRADES",
  "no-minor-upgrades": "NO_MINOR_UPGRADES",
  "no-minor-or-node-upgrades": "NO_MINOR_OR_NODE_UPGRADES",
};
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EXCLUSION_NAME = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;
const DAY_MS = 24 * 3600 * 1000;
/** A fixed first occurrence for recurring windows, so the output never depends on the clock. */
const EPOCH = Date.UTC(2025, 0, 6); // a Monday

/** The provider's `maintenance_policy` block (snake-cased by the binding). */
export interface GkeMaintenancePolicy {
  dailyMaintenanceWindow?: { startTime: string };
  recurringWindow?: { startTime: string; endTime: string; recurrence: string };
  maintenanceExclusion?: {
    exclusionName: string;
    startTime: string;
    endTime: string;
    exclusionOptions: { scope: string };
  }[];
}

/** Validates the window and exclusions and returns the GKE maintenance policy, defaults applied. */
export function maintenancePolicy(
  scope: IConstruct,
  window: ClusterMaintenanceWindow | undefined,
  exclusions: MaintenanceExclusion[] | undefined,
): GkeMaintenancePolicy {
  return { ...windowPolicy(scope, window), maintenanceExclusion: exclusionPolicy(scope, exclusions) };
}

function windowPolicy(scope: IConstruct, window: ClusterMaintenanceWindow | undefined): GkeMaintenancePolicy {
  if (window === undefined) return { dailyMaintenanceWindow: { startTime: hourText(DEFAULT_MAINTENANCE_HOUR) } };
  const fix = 'use e.g. { hour: 3, days: ["sat", "sun"], hours: 6 }';
  if (typeof window !== "object" || window === null) {
    throw invalidProp(scope, "maintenanceWindow", window, "is not a maintenance window", fix);
  }
  const { hour, days, hours = 4 } = window;
  if (!Number.isInteger(hour) || hour < 0 || hour > 23) {
    throw invalidProp(scope, "maintenanceWindow.hour", hour, "is not an hour from 0 to 23", "set hour in UTC, e.g. 3");
  }
  if (!Number.isInteger(hours) || hours < 4 || hours > 24) {
    throw invalidProp(
      scope,
      "maintenanceWindow.hours",
      hours,
      "is not a whole number from 4 to 24",
      "GKE counts only windows of 4 hours or more; set hours to 4 or more",
    );
  }
  if (
    days !== undefined &&
    (!Array.isArray(days) ||
      days.length === 0 ||
      days.some((d) => !WEEKDAYS.includes(d)) ||
      new Set(days).size < days.length)
  ) {
    throw invalidProp(
      scope,
      "maintenanceWindow.days",
      days,
      "is not a list of distinct weekdays",
      `use some of ${WEEKDAYS.map((d) => JSON.stringify(d)).join(", ")}, or leave days out for every day`,
    );
  }
  const weekly = (days?.length ?? 7) * hours;
  // Any 32 days hold four whole weeks: 12 hours a week always gives GKE its 48 hours.
  if (weekly < 12) {
    throw invalidProp(
      scope,
      "maintenanceWindow",
      window,
      `opens ${weekly} hours a week, and GKE needs at least 48 hours in any 32 days`,
      "open it at least 12 hours a week (more days, or more hours)",
    );
  }
  if (days === undefined && hours === 4) return { dailyMaintenanceWindow: { startTime: hourText(hour) } };
  const start = EPOCH + hour * 3600 * 1000;
  const byDay = [...(days ?? WEEKDAYS)]
    .sort((a, b) => WEEKDAYS.indexOf(a) - WEEKDAYS.indexOf(b))
    .map((d) => d.slice(0, 2).toUpperCase());
  return {
    recurringWindow: {
      startTime: timeText(start),
      endTime: timeText(start + hours * 3600 * 1000),
      recurrence: days === undefined ? "FREQ=DAILY" : `FREQ=WEEKLY;BYDAY=${byDay.join(",")}`,
    },
  };
}

function exclusionPolicy(
  scope: IConstruct,
  exclusions: MaintenanceExclusion[] | undefined,
): GkeMaintenancePolicy["maintenanceExclusion"] {
  if (exclusions === undefined) return undefined;
  const fix = 'use e.g. [{ name: "black-friday", start: "2026-11-20T00:00:00Z", end: "2026-12-01T00:00:00Z" }]';
  if (!Array.isArray(exclusions)) {
    throw invalidProp(scope, "maintenanceExclusions", exclusions, "is not a list of exclusions", fix);
  }
  const names = new Set<string>();
  return exclusions.map((e, i) => {
    const at = `maintenanceExclusions[${i}]`;
    if (typeof e !== "object" || e === null || typeof e.name !== "string" || !EXCLUSION_NAME.test(e.name)) {
      throw invalidProp(
        scope,
        `${at}.name`,
        e?.name,
        "is not an exclusion name",
        "use lowercase letters, digits and dashes",
      );
    }
    if (names.has(e.name)) {
      throw invalidProp(
        scope,
        `${at}.name`,
        e.name,
        "is used by another exclusion",
        "give each exclusion its own name",
      );
    }
    names.add(e.name);
    for (const key of ["start", "end"] as const) {
      if (typeof e[key] !== "string" || !RFC3339.test(e[key]) || Number.isNaN(Date.parse(e[key]))) {
        throw invalidProp(scope, `${at}.${key}`, e[key], "is not an RFC 3339 time", 'use e.g. "2026-11-20T00:00:00Z"');
      }
    }
    const scopeName = e.scope ?? "no-upgrades";
    if (!Object.prototype.hasOwnProperty.call(SCOPES, scopeName)) {
      throw invalidProp(
        scope,
        `${at}.scope`,
        scopeName,
        "is not an exclusion scope",
        `use ${Object.keys(SCOPES)
          .map((s) => JSON.stringify(s))
          .join(", ")}`,
      );
    }
    const length = Date.parse(e.end) - Date.parse(e.start);
    if (length <= 0) {
      throw invalidProp(scope, `${at}.end`, e.end, `is not after start ${e.start}`, "set end after start");
    }
    if (scopeName === "no-upgrades" && length > 30 * DAY_MS) {
      throw invalidProp(
        scope,
        `${at}.end`,
        e.end,
        "ends more than 30 days after start, the longest a no-upgrades exclusion may last",
        'shorten it, or use scope "no-minor-upgrades" for longer freezes',
      );
    }
    return {
      exclusionName: e.name,
      startTime: e.start,
      endTime: e.end,
      exclusionOptions: { scope: SCOPES[scopeName] },
    };
  });
}

function timeText(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
}
