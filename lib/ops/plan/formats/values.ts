import { DriftEntry } from "../drift";
import { displayAddress } from "../report";

/** A value on one line, cut to `max` characters: reports show what changed, the JSON format all of it. */
export function short(value: unknown, max = 80): string {
  const text =
    typeof value === "string" && (value === "(sensitive)" || value === "(known after apply)")
      ? value
      : (JSON.stringify(value) ?? "null");
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}

export function driftStatus(d: DriftEntry): "DRIFT" | "NOISE" | "IGNORED" {
  return d.noise ? "NOISE" : d.ignored ? "IGNORED" : "DRIFT";
}

/** What happened to the resource, in words an on-call engineer reads first. */
export function driftWhat(d: DriftEntry): string {
  const actions = d.actions.join("+");
  if (d.source === "outside") {
    if (actions === "delete") return "deleted outside Terraform";
    return "changed outside Terraform";
  }
  if (actions === "create") return "in the code, not yet created";
  if (actions === "delete") return "no longer in the code, not yet deleted";
  return `code not applied (${actions})`;
}

export function driftTitle(d: DriftEntry): string {
  const moved = d.previousAddress ? ` (moved from ${d.previousAddress})` : "";
  return `${displayAddress(d)}${moved}`;
}

/** Plural-aware count: `1 plan`, `2 plans`. */
export const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;
