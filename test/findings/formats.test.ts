import { failsAt, Finding, FindingsReport, formatJson, formatMarkdown, formatText } from "../../lib/findings";

const base = { title: "t", remediation: "Fix it", stack: "aws-prod", suppressed: false } as const;
const findings: Finding[] = [
  { ...base, ruleId: "no-public-ip", severity: "error", address: "aws_instance.web", message: "has a | public IP" },
  {
    ...base,
    ruleId: "workflow-actions-pinned",
    severity: "warning",
    stack: "",
    address: "ci.yml",
    file: "ci.yml",
    message: "not pinned",
    suppressed: true,
    reason: "vendored",
  },
];
const report: FindingsReport = { tool: "landform-test", rules: [], findings, checked: [[2, "thing"]] };

describe("the shared formats", () => {
  test("markdown: one row per finding, pipes escaped, suppressed ones with their reason", () => {
    expect(formatMarkdown(report)).toBe(
      [
        "### landform-test: 2 things: 1 error, 0 warnings, 0 info, 1 suppressed",
        "",
        "| | rule | where | finding |",
        "|---|---|---|---|",
        "| error | `no-public-ip` | `aws-prod` `aws_instance.web` | has a \\| public IP. Fix: Fix it |",
        "| suppressed | `workflow-actions-pinned` | `ci.yml` | not pinned. Reason: vendored |",
        "",
      ].join("\n"),
    );
    expect(formatMarkdown({ ...report, findings: [] })).toContain("No findings.");
  });

  test("text groups by stack, else by file; JSON keeps every field, absent ones null", () => {
    const text = formatText(report);
    expect(text).toContain("aws-prod\n  error no-public-ip  aws_instance.web\n");
    expect(text).toContain("ci.yml\n  suppressed workflow-actions-pinned\n    not pinned\n    reason: vendored\n");
    expect(JSON.parse(formatJson(report, { files: 1 }))).toMatchObject({
      files: 1,
      findings: [
        { constructPath: null, file: null, reason: null },
        { file: "ci.yml", reason: "vendored" },
      ],
      summary: { errors: 1, warnings: 0, infos: 0, suppressed: 1 },
    });
  });

  test("--fail-on: unsuppressed findings at or above the threshold fail", () => {
    expect(failsAt(findings, "error")).toBe(true);
    expect(failsAt(findings.slice(1), "warning")).toBe(false); // suppressed
    expect(failsAt([{ ...findings[0], severity: "info" }], "warning")).toBe(false);
  });
});
