import { Finding, FindingsReport } from "../finding";
import { summaryLine } from "./text";

/** A pull-request comment: one table row per finding, suppressed ones with their reason. */
export function formatMarkdown<F extends Finding>(report: FindingsReport<F>): string {
  const rows = report.findings.map((f) => {
    const status = f.suppressed ? "suppressed" : f.severity;
    const where = [f.stack, f.address || f.file, f.constructPath]
      .filter((s): s is string => Boolean(s))
      .map(code)
      .join(" ");
    const text = f.suppressed ? `${f.message}. Reason: ${f.reason ?? ""}` : `${f.message}. Fix: ${f.remediation}`;
    return `| ${status} | ${code(f.ruleId)} | ${where} | ${cell(text)} |`;
  });
  const table = rows.length ? ["| | rule | where | finding |", "|---|---|---|---|", ...rows] : ["No findings."];
  return `### ${report.tool}: ${summaryLine(report)}\n\n${table.join("\n")}\n`;
}

const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
