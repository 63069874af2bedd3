import { Finding, PolicyReport } from "../engine";

export interface TextOptions {
  /** ANSI colours; the CLI turns them on only when writing to a TTY. @default false */
  readonly color?: boolean;
}

const CODES = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, green: 32 } as const;

/** A report for people: findings grouped by stack, then a summary line. */
export function formatText(report: PolicyReport, options: TextOptions = {}): string {
  const paint = (code: keyof typeof CODES, s: string) => (options.color ? `\u001b[${CODES[code]}m${s}\u001b[0m` : s);
  const label = (f: Finding) =>
    f.suppressed
      ? paint("gray", "suppressed")
      : f.severity === "error"
        ? paint("red", "error")
        : f.severity === "warning"
          ? paint("yellow", "warning")
          : paint("blue", "info");
  const lines: string[] = [];
  const groups = new Map<string, Finding[]>();
  for (const s of report.stacks) groups.set(s.name, []);
  for (const f of report.findings) {
    const group = groups.get(f.stack);
    if (group) group.push(f);
    else groups.set(f.stack, [f]);
  }
  const files = new Map(report.stacks.map((s) => [s.name, s.file]));

  for (const [stack, findings] of groups) {
    const file = files.get(stack) ?? findings[0]?.file;
    lines.push(paint("bold", `${stack || "policy config"}${file ? ` (${file})` : ""}`));
    if (findings.length === 0) lines.push(`  ${paint("green", "no findings")}`);
    for (const f of findings) {
      const where = [f.address, f.constructPath ? `at ${f.constructPath}` : ""].filter(Boolean).join(" ");
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

function summaryLine(report: PolicyReport, paint: (code: keyof typeof CODES, s: string) => string): string {
  const s = report.summary;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  const counts = [
    s.errors > 0 ? paint("red", plural(s.errors, "error")) : plural(s.errors, "error"),
    s.warnings > 0 ? paint("yellow", plural(s.warnings, "warning")) : plural(s.warnings, "warning"),
    `${s.infos} info`,
    `${s.suppressed} suppressed`,
  ];
  return `${plural(s.stacks, "stack")}, ${plural(s.resources, "resource")}, ${plural(s.rules, "rule")}: ${counts.join(", ")}`;
}
