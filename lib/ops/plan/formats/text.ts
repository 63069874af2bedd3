import { DriftReport } from "../drift";
import { PlanEntry } from "../report";
import { ChangeKind, ReviewChange, ReviewReport } from "../review";
import { count, driftStatus, driftTitle, driftWhat, short } from "./values";

/** Attribute lines per entry in text and markdown; the JSON format lists all. */
export const MAX_ATTRIBUTES = 20;

export function formatDriftText(report: DriftReport): string {
  const out: string[] = [];
  let stack: string | undefined;
  for (const d of report.drift) {
    if (d.stack !== stack) {
      stack = d.stack;
      out.push("", `${stack}`);
    }
    const rule = d.noise ? ` (${d.noiseRule})` : "";
    out.push(`  ${driftStatus(d).padEnd(7)} ${driftTitle(d)}: ${driftWhat(d)}${rule}`);
    if (d.constructPath) out.push(`          construct ${d.constructPath}`);
    if (d.ignored) out.push(`          ignored: ${d.reason}`);
    for (const a of d.attributes.slice(0, MAX_ATTRIBUTES)) {
      const tag = a.noiseRule ? `  [noise: ${a.noiseRule}]` : a.ignoredBy ? "  [ignored]" : "";
      out.push(`          ${a.path}: ${short(a.before)} -> ${short(a.after)}${tag}`);
    }
    if (d.attributes.length > MAX_ATTRIBUTES)
      out.push(`          ... and ${d.attributes.length - MAX_ATTRIBUTES} more attributes (see --format json)`);
  }
  out.push(...incompleteLines(report.plans));
  for (const e of report.expiredIgnores)
    out.push(`warning: ${e.source} (${e.pattern}) expired on ${e.until} and no longer applies: ${e.reason}`);
  for (const u of report.unusedIgnores)
    out.push(`note: ${u} matched nothing; remove it if the drift it accepted is gone`);
  const s = report.summary;
  out.push(
    "",
    `${count(report.plans.length, "plan")} (${stacksOf(report.plans)}): ${s.drifted} drifted, ${s.noise} noise, ${s.ignored} ignored` +
      (s.incompletePlans ? `; ${count(s.incompletePlans, "incomplete plan")}: cannot say the rest is clean` : ""),
  );
  return `${out.join("\n").replace(/^\n/, "")}\n`;
}

const SIGN: Record<ChangeKind, string> = {
  create: "+",
  update: "~",
  replace: "-/+",
  delete: "-",
  move: "->",
  import: "<=",
  forget: "x",
  other: "?",
};

export function formatReviewText(report: ReviewReport): string {
  const out: string[] = [];
  let stack: string | undefined;
  for (const c of report.changes) {
    if (c.stack !== stack) {
      stack = c.stack;
      out.push("", `${stack}  (${countsLine(report.summary.stacks[stack])})`);
    }
    out.push(...changeLines(c).map((l, i) => (i === 0 ? `  ${l}` : `          ${l}`)));
  }
  out.push(...incompleteLines(report.plans));
  const s = report.summary;
  out.push(
    "",
    `${count(report.plans.length, "plan")} (${stacksOf(report.plans)}): ${countsLine(s.total)}; ` +
      `${s.destructive} destructive, ${s.stateful} stateful, ${s.blocking} blocking` +
      (s.incompletePlans ? `; ${count(s.incompletePlans, "incomplete plan")}` : ""),
  );
  return `${out.join("\n").replace(/^\n/, "")}\n`;
}

/** The first line says what happens; the next ones why it matters. */
export function changeLines(c: ReviewChange): string[] {
  const label = c.blocking ? "BLOCK" : c.destructive ? "DESTROY" : "";
  const address = c.deposed ? `${c.address} (deposed object ${c.deposed})` : c.address;
  const lines = [`${label.padEnd(7)} ${SIGN[c.kind].padEnd(3)} ${c.kind} ${address}`];
  if (c.previousAddress) lines.push(`moved from ${c.previousAddress}`);
  if (c.importing !== undefined) lines.push(`imports id ${c.importing}`);
  if (c.constructPath) lines.push(`construct ${c.constructPath}`);
  if (c.stateful && c.destructive)
    lines.push(`stateful: ${c.statefulKind}${c.allowedBy ? ` (allowed by --allow-destroy ${c.allowedBy})` : ""}`);
  if (c.reason) lines.push(`reason: ${c.reason}`);
  if (c.replacePaths.length) lines.push(`forces replacement: ${c.replacePaths.join(", ")}`);
  if (c.moveHint && c.address === c.moveHint.from) lines.push(`hint: ${c.moveHint.message}`);
  return lines;
}

export function countsLine(counts: Record<ChangeKind, number>): string {
  const parts = (Object.entries(counts) as [ChangeKind, number][])
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return parts.length ? parts.join(", ") : "no changes";
}

function incompleteLines(plans: readonly PlanEntry[]): string[] {
  return plans
    .filter((p) => !p.complete)
    .map(
      (p) =>
        `error: ${p.file} (${p.stack}) is incomplete${p.errored ? ": Terraform reported errors while planning" : ""}` +
        (p.problems.length ? ` (${p.problems.join("; ")})` : "") +
        "; fix them and plan again: an incomplete plan proves nothing is clean",
    );
}

function stacksOf(plans: readonly PlanEntry[]): string {
  return [...new Set(plans.map((p) => p.stack))].join(", ");
}
