import { Finding, FindingsReport, RuleInfo } from "../../findings/finding";
import { formatSarif } from "../../findings/formats/sarif";
import { DriftReport } from "./drift";
import { PlanEntry } from "./report";
import { ReviewReport } from "./review";
import { driftWhat, short } from "./formats/values";

/** What the plan commands find, as rules of the one finding model. */
export const DRIFT_RULES: readonly RuleInfo[] = [
  {
    id: "drift",
    severity: "error",
    title: "Resource drifted from the code",
    rationale: "Live infrastructure differs from what Git declares.",
    remediation:
      "Apply the code to restore it, or change the code to match, or accept it in the ignore file with a reason and an expiry date.",
  },
  {
    id: "drift-noise",
    severity: "info",
    title: "Provider noise, not drift",
    rationale:
      "The only differences are ones the provider is known to report without a real change (see docs/drift.md, noise rules). Shown, never failing.",
    remediation: "Nothing to do; the noise rule's source explains it.",
  },
  {
    id: "incomplete-plan",
    severity: "error",
    title: "Plan is incomplete",
    rationale:
      "Terraform stopped planning early (errors, or complete: false). Such a plan cannot show that anything is clean.",
    remediation: "Fix the errors and plan again.",
  },
  {
    id: "expired-ignore",
    severity: "warning",
    title: "Ignore past its expiry date",
    rationale: "An ignore's `until` date has passed, so the drift it accepted fails again.",
    remediation: "Renew it with a new date and reason, or fix the drift.",
  },
];

export const REVIEW_RULES: readonly RuleInfo[] = [
  {
    id: "stateful-destroy",
    severity: "error",
    title: "Deletes or replaces a stateful resource",
    rationale:
      "The plan deletes or replaces a resource that holds data (database, bucket, disk, cluster, key, secret).",
    remediation:
      "Confirm it is intended and pass --allow-destroy with its address or construct path, or change the code so it is updated in place.",
  },
  {
    id: "destroy",
    severity: "warning",
    title: "Deletes or replaces a resource",
    rationale: "The plan deletes or replaces this resource.",
    remediation: "Check that it is intended.",
  },
  {
    id: "move-hint",
    severity: "info",
    title: "Looks like a moved construct",
    rationale: "A resource of the same type is deleted and another created in the same stack.",
    remediation:
      "If a construct was renamed or moved, add a moved block (moveFromId / moveTo in cdktf) so Terraform keeps the resource.",
  },
  DRIFT_RULES[2],
];

/** A plan finding: the common record, with the plan-specific details SARIF carries as properties. */
export interface PlanFinding extends Finding {
  readonly details: Readonly<Record<string, unknown>>;
}

const RULES = new Map([...DRIFT_RULES, ...REVIEW_RULES].map((r) => [r.id, r]));

function finding(
  ruleId: string,
  at: { stack: string; address: string; constructPath?: string | null; file: string; line: number },
  message: string,
  details: Readonly<Record<string, unknown>>,
  suppression?: string,
): PlanFinding {
  const rule = RULES.get(ruleId)!;
  return {
    ruleId,
    severity: rule.severity,
    title: rule.title,
    message,
    remediation: rule.remediation,
    stack: at.stack,
    address: at.address,
    ...(at.constructPath ? { constructPath: at.constructPath } : {}),
    file: at.file,
    line: at.line,
    suppressed: suppression !== undefined,
    ...(suppression !== undefined ? { reason: suppression } : {}),
    details,
  };
}

function planReport(tool: string, rules: readonly RuleInfo[], findings: PlanFinding[], plans: number) {
  return {
    tool,
    rules,
    findings,
    checked: [[plans, "plan"]],
    // The values in a message change from run to run; the finding is the rule on the resource.
    keyOf: () => "",
    suppressionKind: "external",
    propertiesOf: (f: PlanFinding) => f.details,
  } satisfies FindingsReport<PlanFinding>;
}

/** The drift report as findings: drift (ignored ones suppressed), noise, incomplete plans, expired ignores. */
export function driftFindings(report: DriftReport): FindingsReport<PlanFinding> {
  const findings: PlanFinding[] = [];
  for (const d of report.drift) {
    const attrs = d.attributes
      .slice(0, 10)
      .map((a) => `${a.path}: ${short(a.before, 40)} -> ${short(a.after, 40)}`)
      .join("; ");
    const message = `${driftWhat(d)}${attrs ? `: ${attrs}` : ""}${d.noise ? ` [noise: ${d.noiseRule}]` : ""}`;
    const details = { actions: d.actions, attributes: d.attributes, plan: d.plan, source: d.source };
    const at = { stack: d.stack, address: d.address, constructPath: d.constructPath, ...d.location };
    findings.push(
      finding(d.noise ? "drift-noise" : "drift", at, message, details, d.ignored ? (d.reason ?? "") : undefined),
    );
  }
  findings.push(...incomplete(report.plans));
  for (const e of report.expiredIgnores) {
    const file = e.source.replace(/ ignores\[\d+\]$/, "");
    const at = { stack: "", address: "", file, line: 1 };
    findings.push(
      finding("expired-ignore", at, `${e.source} (${e.pattern}) expired on ${e.until}: ${e.reason}`, {
        until: e.until,
      }),
    );
  }
  return planReport("landform-drift", DRIFT_RULES, findings, report.plans.length);
}

/** The review as findings: destructive changes (allowed ones suppressed), move hints, incomplete plans. */
export function reviewFindings(report: ReviewReport): FindingsReport<PlanFinding> {
  const findings: PlanFinding[] = [];
  for (const c of report.changes) {
    const details = { actions: c.actions, replacePaths: c.replacePaths, reason: c.reason, plan: c.plan };
    const at = { stack: c.stack, address: c.address, constructPath: c.constructPath, ...c.location };
    if (c.destructive) {
      const what = `${c.kind}${c.stateful ? ` of a stateful ${c.statefulKind}` : ""}${c.reason ? ` (${c.reason})` : ""}`;
      const forced = c.replacePaths.length ? `; forced by ${c.replacePaths.join(", ")}` : "";
      const allowed = c.allowedBy ? `allowed by --allow-destroy ${c.allowedBy}` : undefined;
      findings.push(finding(c.stateful ? "stateful-destroy" : "destroy", at, `${what}${forced}`, details, allowed));
    }
    if (c.moveHint && c.address === c.moveHint.from)
      findings.push(finding("move-hint", at, c.moveHint.message, details));
  }
  findings.push(...incomplete(report.plans));
  return planReport("landform-plan-review", REVIEW_RULES, findings, report.plans.length);
}

function incomplete(plans: readonly PlanEntry[]): PlanFinding[] {
  return plans
    .filter((p) => !p.complete)
    .map((p) => {
      const why = `${p.errored ? ": Terraform reported errors while planning" : ""}${p.problems.length ? ` (${p.problems.join("; ")})` : ""}`;
      return finding(
        "incomplete-plan",
        { stack: p.stack, address: "", file: p.file, line: 1 },
        `${p.file} is incomplete${why}`,
        {},
      );
    });
}

/** SARIF of the drift report, through the one SARIF writer. */
export function formatDriftSarif(report: DriftReport, version = "0.0.0"): string {
  return formatSarif(driftFindings(report), version);
}

/** SARIF of the review, through the one SARIF writer. */
export function formatReviewSarif(report: ReviewReport, version = "0.0.0"): string {
  return formatSarif(reviewFindings(report), version);
}
