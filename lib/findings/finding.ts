/**
 * One record for everything Landform finds: Terraform policy rules, workflow rules, drift and
 * plan review. Suppressions, `--fail-on` and every format (text, JSON, SARIF, markdown) read this
 * record only, so they behave the same whichever command found it.
 */

/** How bad a finding is. `error` fails synthesis and, by default, every checking command. */
export type Severity = "error" | "warning" | "info";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];

/** Rank for thresholds: a higher number is more severe. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.length - 1 - SEVERITIES.indexOf(severity);
}

/** What a person needs to know about a rule to act on its findings. */
export interface RuleInfo {
  /** Stable id used in reports and suppressions, e.g. `no-public-database`. */
  readonly id: string;
  readonly severity: Severity;
  /** One line: what must hold. */
  readonly title: string;
  /** Why it matters. */
  readonly rationale: string;
  /** How to fix a finding. */
  readonly remediation: string;
}

/** A rule's verdict on one thing. Suppressed findings stay in reports with their reason. */
export interface Finding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly title: string;
  readonly message: string;
  readonly remediation: string;
  /** The stack it is in; empty when the thing judged is not in a stack (a workflow file). */
  readonly stack: string;
  /** What was judged: a Terraform address, a workflow file; empty for a suppression that matched nothing. */
  readonly address: string;
  /** The cdktf construct path, when known. */
  readonly constructPath?: string;
  /** The file to point at (stack JSON, plan, workflow) and, when known, the 1-based line. */
  readonly file?: string;
  readonly line?: number;
  readonly suppressed: boolean;
  /** The suppression's reason, when suppressed. */
  readonly reason?: string;
}

/** A check's result as every format reads it. */
export interface FindingsReport<F extends Finding = Finding> {
  /** The tool name in SARIF, e.g. `landform-policy`. */
  readonly tool: string;
  /** Every rule checked, in the order reports list them. */
  readonly rules: readonly RuleInfo[];
  readonly findings: readonly F[];
  /** Counts for the JSON format. @default the counts of the findings */
  readonly summary?: object;
  /** What was checked, for summary lines: `[[3, "stack"], [40, "resource"]]`. */
  readonly checked: readonly (readonly [number, string])[];
  /** Groups the text format lists even when they have no findings (the stacks or files checked). */
  readonly groups?: readonly { readonly name: string; readonly file?: string }[];
  /** The line of a finding without one, looked up only by the formats that show lines (SARIF). */
  readonly lineOf?: (finding: F) => number | undefined;
  /** What identifies a finding across runs besides rule, stack, address and construct path. @default its message */
  readonly keyOf?: (finding: F) => string;
  /** SARIF's kind of suppression: in the checked source (`Policy.suppress`), or outside it (an ignore file, a flag). @default "inSource" */
  readonly suppressionKind?: "inSource" | "external";
  /** Extra per-finding data for SARIF's `properties`. */
  readonly propertiesOf?: (finding: F) => Readonly<Record<string, unknown>>;
}

/** Unsuppressed findings by severity, and the suppressed ones. */
export interface FindingCounts {
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
}

export function countFindings(findings: readonly Finding[]): FindingCounts {
  const open = findings.filter((f) => !f.suppressed);
  return {
    errors: open.filter((f) => f.severity === "error").length,
    warnings: open.filter((f) => f.severity === "warning").length,
    infos: open.filter((f) => f.severity === "info").length,
    suppressed: findings.length - open.length,
  };
}

/** Whether any unsuppressed finding is at or above `failOn`: the one `--fail-on` rule of every command. */
export function failsAt(findings: readonly Finding[], failOn: Severity): boolean {
  return findings.some((f) => !f.suppressed && severityRank(f.severity) >= severityRank(failOn));
}
