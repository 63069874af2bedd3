import { DriftEntry, DriftReport } from "../drift";
import { PlanEntry } from "../report";
import { ReviewChange, ReviewReport } from "../review";
import { changeLines, countsLine, MAX_ATTRIBUTES } from "./text";
import { count, driftStatus, driftTitle, driftWhat, short } from "./values";

/** GitHub refuses comments over 65,536 characters; stay under it with room for the truncation note. */
export const MARKDOWN_LIMIT = 65_536;
const RESERVE = 600;

const ICON = { DRIFT: "🔴 drift", NOISE: "⚪ noise", IGNORED: "🟡 ignored" } as const;

export function formatDriftMarkdown(report: DriftReport, limit = MARKDOWN_LIMIT): string {
  const s = report.summary;
  const head = [
    `### Landform drift: ${s.drifted} drifted, ${s.noise} noise, ${s.ignored} ignored`,
    "",
    "| stack | drifted | noise | ignored | plan |",
    "|---|---:|---:|---:|---|",
    ...report.plans.map((p) => {
      const mine = report.drift.filter((d) => d.stack === p.stack && d.plan === p.file);
      const n = (f: (d: DriftEntry) => boolean) => mine.filter(f).length;
      return `| ${cell(p.stack)} | ${n((d) => !d.noise && !d.ignored)} | ${n((d) => d.noise)} | ${n((d) => d.ignored)} | ${code(p.file)}${p.complete ? "" : " ⛔ incomplete"} |`;
    }),
    "",
    ...incomplete(report.plans),
    ...report.expiredIgnores.map(
      (e) => `> [!WARNING]\n> ${cell(e.source)} expired on ${e.until} and no longer applies: ${cell(e.reason)}\n`,
    ),
  ];
  const sections = groups(report.drift).map(([stack, entries]) => ({
    open: `<details${entries.some((d) => !d.noise && !d.ignored) ? " open" : ""}><summary><b>${cell(stack)}</b>: ${count(entries.length, "entry").replace("entrys", "entries")}</summary>\n\n| | resource | construct | what | attributes |\n|---|---|---|---|---|`,
    rows: lazy(entries, driftRow),
    close: "\n</details>\n",
  }));
  return assemble(head, sections, report.drift.length, limit);
}

function driftRow(d: DriftEntry): string {
  const status = driftStatus(d);
  const attrs = d.attributes
    .slice(0, MAX_ATTRIBUTES)
    .map(
      (a) =>
        `${code(a.path)}: ${code(short(a.before, 60))} → ${code(short(a.after, 60))}${a.noiseRule ? ` (${a.noiseRule})` : a.ignoredBy ? " (ignored)" : ""}`,
    );
  if (d.attributes.length > MAX_ATTRIBUTES) attrs.push(`… ${d.attributes.length - MAX_ATTRIBUTES} more`);
  const why = d.noise ? `<br>rule ${code(d.noiseRule!)}` : d.ignored ? `<br>ignored: ${cell(d.reason!)}` : "";
  return `| ${ICON[status]} | ${code(driftTitle(d))} | ${d.constructPath ? code(d.constructPath) : ""} | ${driftWhat(d)}${why} | ${attrs.join("<br>")} |`;
}

export function formatReviewMarkdown(report: ReviewReport, limit = MARKDOWN_LIMIT): string {
  const s = report.summary;
  const kinds = ["create", "update", "replace", "delete", "move", "import", "forget"] as const;
  const head = [
    `### Landform plan review: ${countsLine(s.total)}; ${s.destructive} destructive, ${s.blocking} blocking`,
    "",
    `| stack | ${kinds.join(" | ")} | destructive | blocking |`,
    `|---|${kinds.map(() => "---:").join("|")}|---:|---:|`,
    ...Object.entries(s.stacks).map(([stack, counts]) => {
      const mine = report.changes.filter((c) => c.stack === stack);
      return `| ${cell(stack)} | ${kinds.map((k) => counts[k]).join(" | ")} | ${mine.filter((c) => c.destructive).length} | ${mine.filter((c) => c.blocking).length} |`;
    }),
    "",
    ...incomplete(report.plans),
  ];
  const destructive = report.changes.filter((c) => c.destructive);
  const sections = [
    ...(destructive.length
      ? [
          {
            open: "#### Destructive changes\n\n| | change | construct | why |\n|---|---|---|---|",
            rows: lazy(destructive, reviewRow),
            close: "",
          },
        ]
      : []),
    ...groups(report.changes).map(([stack, changes]) => ({
      open: `<details><summary><b>${cell(stack)}</b>: ${countsLine(s.stacks[stack])}</summary>\n\n| | change | construct | why |\n|---|---|---|---|`,
      rows: lazy(changes, reviewRow),
      close: "\n</details>\n",
    })),
  ];
  return assemble(head, sections, destructive.length + report.changes.length, limit);
}

function reviewRow(c: ReviewChange): string {
  const mark = c.blocking ? "⛔ blocking" : c.destructive ? "⚠️ destroys" : "";
  const [first, ...rest] = changeLines(c);
  const what = first.trim().replace(/^(BLOCK|DESTROY)\s+/, "");
  const notes = rest.filter((l) => !l.startsWith("construct "));
  return `| ${mark} | ${code(what)} | ${c.constructPath ? code(c.constructPath) : ""} | ${notes.map(cell).join("<br>")} |`;
}

interface Section {
  readonly open: string;
  /** Rendered one by one as they fit: a 50,000-change plan shows a few hundred rows, and renders no more. */
  readonly rows: Iterable<string>;
  readonly close: string;
}

function* lazy<T>(items: readonly T[], render: (item: T) => string): Iterable<string> {
  for (const item of items) yield render(item);
}

/** Adds sections row by row until the next would pass the limit, then says what was left out. */
function assemble(head: readonly string[], sections: readonly Section[], rows: number, limit: number): string {
  let text = `${head.join("\n")}\n`;
  let shown = 0;
  for (const section of sections) {
    if (text.length + section.open.length + section.close.length + RESERVE > limit) break;
    let body = `${section.open}\n`;
    for (const row of section.rows) {
      if (text.length + body.length + row.length + section.close.length + RESERVE > limit) break;
      body += `${row}\n`;
      shown++;
    }
    text += `${body}${section.close}\n`;
  }
  if (shown < rows)
    text +=
      `\n> [!NOTE]\n> Truncated: ${rows - shown} of ${rows} rows are not shown, to stay under GitHub's ${MARKDOWN_LIMIT.toLocaleString("en-US")}-character comment limit. ` +
      "Run the command with `--format json` (or `--format text`) for the full report.\n";
  return text;
}

function incomplete(plans: readonly PlanEntry[]): string[] {
  return plans
    .filter((p) => !p.complete)
    .map(
      (p) =>
        `> [!CAUTION]\n> ${code(p.file)} (${cell(p.stack)}) is incomplete${p.errored ? ": Terraform reported errors while planning" : ""}` +
        `${p.problems.length ? ` (${p.problems.map(cell).join("; ")})` : ""}. It proves nothing is clean; fix and plan again.\n`,
    );
}

function groups<T extends { stack: string }>(items: readonly T[]): [string, T[]][] {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const list = map.get(item.stack);
    if (list) list.push(item);
    else map.set(item.stack, [item]);
  }
  return [...map];
}

/** Text safe inside a table cell: no pipes, newlines or HTML. */
function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "&#124;")
    .replace(/\r?\n/g, " ");
}

function code(text: string): string {
  return `<code>${cell(text)}</code>`;
}
