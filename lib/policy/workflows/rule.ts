import { isObject } from "../attributes";
import { countFindings, Finding, FindingCounts, FindingsReport } from "../../findings/finding";
import { configuredSuppressions, judge, rulesOf, unmatched } from "../engine";
import { Pack, Rule } from "../rule";
import { Suppression, UNMATCHED_SUPPRESSION } from "../suppressions";

/** A GitHub Actions workflow as parsed from YAML; rules read it defensively. */
export type WorkflowDocument = Readonly<Record<string, unknown>>;

/** One workflow file: its path as shown to people, and its parsed content. */
export interface WorkflowFile {
  readonly file: string;
  readonly workflow: WorkflowDocument;
}

/** A workflow rule: a rule of the one policy engine over one workflow. Messages start with where (`jobs.plan.steps[2]`). */
export type WorkflowRule = Rule<WorkflowDocument>;

export type WorkflowPack = Pack<WorkflowDocument>;

/** A workflow rule's finding: the common record, `address` and `file` being the workflow file. */
export type WorkflowFinding = Finding;

export interface WorkflowReport extends FindingsReport {
  readonly summary: FindingCounts & { readonly files: number; readonly rules: number };
}

export interface WorkflowCheckOptions {
  readonly packs: readonly WorkflowPack[];
  /** Suppressions, e.g. from `landform.policy.json`: `{ ruleId, address: "<workflow file>", reason }`. */
  readonly suppressions?: readonly Suppression[];
}

/**
 * Runs workflow packs over workflow files through the policy engine: the same suppressions (by
 * address, the workflow file), unmatched-suppression warnings and formats as Terraform rules.
 */
export function checkWorkflowFiles(files: readonly WorkflowFile[], options: WorkflowCheckOptions): WorkflowReport {
  const rules = rulesOf(options.packs);
  const configured = configuredSuppressions(options.suppressions);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  for (const f of files)
    for (const rule of rules)
      for (const { message, suppression } of judge(rule, f.workflow, { stack: "", address: f.file }, configured, used))
        findings.push({
          ruleId: rule.id,
          severity: rule.severity,
          title: rule.title,
          stack: "",
          address: f.file,
          message,
          remediation: rule.remediation,
          suppressed: suppression !== undefined,
          reason: suppression?.reason,
          file: f.file,
        });
  for (const s of configured.filter((c) => !used.has(c))) findings.push(unmatched(s, rules));
  return {
    tool: "landform-pipeline-lint",
    rules: [...rules, UNMATCHED_SUPPRESSION],
    findings,
    summary: { files: files.length, rules: rules.length, ...countFindings(findings) },
    checked: [
      [files.length, "workflow"],
      [rules.length, "rule"],
    ],
    groups: files.map((f) => ({ name: f.file, file: f.file })),
  };
}

/** Every finding of `pack` over `files`, in file then rule order. */
export function checkWorkflows(files: readonly WorkflowFile[], pack: WorkflowPack): WorkflowFinding[] {
  return [...checkWorkflowFiles(files, { packs: [pack] }).findings];
}

/** A workflow's jobs as `[id, job]`, objects only. */
export function jobsOf(workflow: WorkflowDocument): [string, Record<string, unknown>][] {
  const jobs = workflow.jobs;
  if (!isObject(jobs)) return [];
  return Object.entries(jobs).filter((e): e is [string, Record<string, unknown>] => isObject(e[1]));
}

/** Every step of every job, with where it is. */
export function stepsOf(workflow: WorkflowDocument): { where: string; step: Record<string, unknown> }[] {
  return jobsOf(workflow).flatMap(([id, job]) =>
    (Array.isArray(job.steps) ? job.steps : [])
      .map((step, i) => ({ where: `jobs.${id}.steps[${i}]`, step }))
      .filter((s): s is { where: string; step: Record<string, unknown> } => isObject(s.step)),
  );
}

/** Every `uses:` of the workflow: steps' actions and reusable workflows called by jobs. */
export function usesOf(workflow: WorkflowDocument): { where: string; uses: string }[] {
  const steps = stepsOf(workflow)
    .filter((s) => typeof s.step.uses === "string")
    .map((s) => ({ where: s.where, uses: s.step.uses as string }));
  const jobs = jobsOf(workflow)
    .filter(([, job]) => typeof job.uses === "string")
    .map(([id, job]) => ({ where: `jobs.${id}`, uses: job.uses as string }));
  return [...jobs, ...steps];
}

/** Every string in a value, with its path (for scanning expressions and inputs). */
export function stringsIn(value: unknown, where: string): { where: string; text: string }[] {
  if (typeof value === "string") return [{ where, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringsIn(v, `${where}[${i}]`));
  if (isObject(value))
    return Object.entries(value).flatMap(([k, v]) => stringsIn(v, where === "" ? k : `${where}.${k}`));
  return [];
}
