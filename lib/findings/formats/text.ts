import { countFindings, Finding, FindingsReport } from "../finding";

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only when writing to a TTY. @default false */
  readonly color?: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, green: 32 } as const;
type Paint = (code: keyof typeof CODES, s: string) => string;

/** The group a finding is listed under: its stack, else its file (a workflow, a config file). */
const groupOf = (f: Finding) => f.stack || f.file || "";

/** A report for people: findings grouped by stack (or file), then a summary line. */
export function formatText<F extends Finding>(report: FindingsReport<F>, options: TextOptions = {}): string {
  const paint: Paint = (code, s) => (options.color ? `\u001b[${CODES[code]}m${s}\u001b[0m` : s);
  const label = (f: Finding) =>
    f.suppressed
      ? paint("gray", "suppressed")
      : f.severity === "error"
        ? paint("red", "error")
        : f.severity === "warning"
          ? paint("yellow", "warning")
          : paint("blue", "info");
  const lines: string[] = [];
  const groups = new Map<string, { file?: string; findings: Finding[] }>();
  for (const g of report.groups ?? []) groups.set(g.name, { file: g.file, findings: [] });
  for (const f of report.findings) {
    const key = groupOf(f);
    const group = groups.get(key);
    if (group) group.findings.push(f);
    else groups.set(key, { file: f.file, findings: [f] });
  }
  for (const [name, { file, findings }] of groups) {
    const shown = file && file !== name ? ` (${file})` : "";
    lines.push(paint("bold", `${name || "policy config"}${shown}`));
    if (findings.length === 0) lines.push(`  ${paint("green", "no findings")}`);
    for (const f of findings) {
      const where = [f.address !== name ? f.address : "", f.constructPath ? `at ${f.constructPath}` : ""]
        .filter(Boolean)
        .join(" ");
      lines.push(`  ${label(f)} ${f.ruleId}${where ? `  ${where}` : ""}`);
      lines.push(`    ${f.message}`);
      if (f.suppressed) lines.push(`    ${paint("gray", `reason: ${f.reason}`)}`);
      else lines.push(`    fix: ${f.remediation}`);
    }
    lines.push("");
  }
  lines.push(summaryLine(report, paint));
  return `${lines.join("\n")}\n`;
}

/** `3 stacks, 40 resources, 12 rules: 1 error, 0 warnings, 0 info, 2 suppressed`. */
export function summaryLine(report: Pick<FindingsReport, "checked" | "findings">, paint: Paint = (_, s) => s): string {
  const s = countFindings(report.findings);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = [
    s.errors > 0 ? paint("red", plural(s.errors, "error")) : plural(s.errors, "error"),
    s.warnings > 0 ? paint("yellow", plural(s.warnings, "warning")) : plural(s.warnings, "warning"),
    `${s.infos} info`,
    `${s.suppressed} suppressed`,
  ];
  return `${report.checked.map(([n, word]) => plural(n, word)).join(", ")}: ${counts.join(", ")}`;
}
