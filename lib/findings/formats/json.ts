import { countFindings, Finding, FindingsReport } from "../finding";

/** One finding in JSON: every field present, absent values as null. */
export function findingJson(f: Finding) {
  return {
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
  };
}

/** The machine-readable report: `{ ...head, findings: [...], summary }`. */
export function formatJson<F extends Finding>(
  report: FindingsReport<F>,
  head: Readonly<Record<string, unknown>> = {},
): string {
  const summary = report.summary ?? countFindings(report.findings);
  return `${JSON.stringify({ ...head, findings: report.findings.map(findingJson), summary }, null, 2)}\n`;
}
