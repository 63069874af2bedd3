import { Finding, FindingsReport, formatJson, summaryLine } from "../../findings";
import { paint } from "../io";

/**
 * `landform doctor`'s report: one line per broken link (severity, stack, rule, the link, what is
 * wrong and the fix), then the summary line; or the shared JSON findings format.
 */
export function doctorView(report: FindingsReport<Finding>, format: "text" | "json", color: boolean): string {
  if (format === "json") return formatJson(report);
  const p = paint(color);
  const lines = report.findings.map((f) => {
    const severity = f.severity === "error" ? p.red("error") : p.yellow(f.severity);
    return `${severity} ${p.bold(f.stack || "-")} ${f.ruleId}: ${f.address}: ${f.message}; fix: ${f.remediation}`;
  });
  if (lines.length === 0) lines.push(p.green("every link holds"));
  return `${[...lines, summaryLine(report)].join("\n")}\n`;
}
