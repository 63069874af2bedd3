import { PolicyReport } from "../engine";

/** The machine-readable report: `{ findings: [...], summary: {...} }`, absent values as null. */
export function formatJson(report: PolicyReport): string {
  const findings = report.findings.map((f) => ({
    ruleId: f.ruleId,
    severity: f.severity,
    stack: f.stack,
    address: f.address,
    constructPath: f.constructPath ?? null,
    message: f.message,
    suppressed: f.suppressed,
    reason: f.reason ?? null,
    file: f.file ?? null,
    remediation: f.remediation,
  }));
  return `${JSON.stringify({ findings, summary: report.summary }, null, 2)}\n`;
}
