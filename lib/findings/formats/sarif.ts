import { createHash } from "crypto";
import { Finding, FindingsReport, RuleInfo, Severity } from "../finding";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://www.npmjs.com/package/landform";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
/** GitHub ranks security alerts by this score: critical >= 9, high >= 7, medium >= 4. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };

/**
 * SARIF 2.1.0 for GitHub code scanning, the one writer for every command: one run, rules with
 * help, results at their file and line, suppressed findings with their justification.
 */
export function formatSarif<F extends Finding>(report: FindingsReport<F>, version = "0.0.0"): string {
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) => {
    const line = f.line ?? report.lineOf?.(f) ?? 1;
    const properties = {
      ...(f.constructPath ? { constructPath: f.constructPath } : {}),
      stack: f.stack,
      ...report.propertiesOf?.(f),
    };
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId),
      level: LEVEL[f.severity],
      message: { text: messageOf(f) },
      locations: f.file
        ? [
            {
              physicalLocation: { artifactLocation: { uri: f.file }, region: { startLine: line } },
              ...(f.address ? { logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }] } : {}),
            },
          ]
        : [],
      partialFingerprints: { "landformFinding/v1": fingerprint(f, report.keyOf?.(f) ?? f.message) },
      properties,
      ...(f.suppressed
        ? { suppressions: [{ kind: report.suppressionKind ?? "inSource", justification: f.reason ?? "" }] }
        : {}),
    };
  });
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: report.tool,
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: report.rules.map((r) => sarifRule(r, report.tool)),
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function sarifRule(rule: RuleInfo, tool: string) {
  return {
    id: rule.id,
    name: rule.id.replace(/(^|[-_/.])([a-z0-9])/g, (_, __, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\nFix: ${rule.remediation}`,
      markdown: `**${rule.title}**\n\n${rule.rationale}\n\n**Fix:** ${rule.remediation}`,
    },
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      tags: ["security", "landform", tool],
      precision: "high",
      "security-severity": SECURITY_SEVERITY[rule.severity],
    },
  };
}

/** `address (construct path): message. Fix: remediation`. */
export function messageOf(f: Finding): string {
  const where = [f.address, f.constructPath ? `(construct ${f.constructPath})` : ""].filter(Boolean).join(" ");
  return `${where ? `${where}: ` : ""}${f.message}. Fix: ${f.remediation}`;
}

/** Stable across runs: what the finding is about, never where in the file it sits. */
function fingerprint(f: Finding, key: string): string {
  return createHash("sha256")
    .update([f.ruleId, f.stack, f.address, f.constructPath ?? "", key].join("\0"))
    .digest("hex")
    .slice(0, 32);
}
