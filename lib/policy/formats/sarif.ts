import { createHash } from "crypto";
import { Finding, PolicyReport } from "../engine";
import { Rule, Severity } from "../rule";
import { lineLocator } from "./lines";

export { lineOf } from "./lines";

export const SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
export const INFORMATION_URI = "https://www.npmjs.com/package/landform";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };
/** GitHub ranks security alerts by this score: critical >= 9, high >= 7, medium >= 4. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0" };

/** SARIF 2.1.0 for GitHub code scanning: one run, rules with help, results located at the stack file line. */
export function formatSarif(report: PolicyReport, version = "0.0.0"): string {
  const rules = report.rules.map(sarifRule);
  const index = new Map(report.rules.map((r, i) => [r.id, i]));
  const files = report.stacks.flatMap((s) => [
    ...(s.file && s.text ? [{ file: s.file, text: s.text }] : []),
    ...(s.parts ?? []),
  ]);
  // One line index per file, built on its first finding: locating stays linear in the report's size.
  const locators = new Map(files.map((f) => [f.file, lineLocator(f.text)]));
  const results = report.findings.map((f) => ({
    ruleId: f.ruleId,
    ruleIndex: index.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: messageOf(f) },
    locations: f.file
      ? [
          {
            physicalLocation: {
              artifactLocation: { uri: f.file },
              region: { startLine: locators.get(f.file)?.(f) ?? 1 },
            },
            ...(f.address ? { logicalLocations: [{ fullyQualifiedName: f.address, kind: "resource" }] } : {}),
          },
        ]
      : [],
    partialFingerprints: { "landformFinding/v1": fingerprint(f) },
    ...(f.constructPath
      ? { properties: { constructPath: f.constructPath, stack: f.stack } }
      : { properties: { stack: f.stack } }),
    ...(f.suppressed ? { suppressions: [{ kind: "inSource", justification: f.reason ?? "" }] } : {}),
  }));
  const sarif = {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "landform-policy",
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        results,
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

function sarifRule(rule: Rule) {
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
      tags: ["security", "terraform", "landform"],
      precision: "high",
      "security-severity": SECURITY_SEVERITY[rule.severity],
    },
  };
}

function messageOf(f: Finding): string {
  const where = [f.address, f.constructPath ? `(construct ${f.constructPath})` : ""].filter(Boolean).join(" ");
  return `${where ? `${where}: ` : ""}${f.message}. Fix: ${f.remediation}`;
}

function fingerprint(f: Finding): string {
  return createHash("sha256")
    .update([f.ruleId, f.stack, f.address, f.constructPath ?? "", f.message].join("\0"))
    .digest("hex")
    .slice(0, 32);
}
