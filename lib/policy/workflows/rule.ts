import { isObject } from "../attributes";
import { Severity } from "../rule";

/** A GitHub Actions workflow as parsed from YAML; rules read it defensively. */
export type WorkflowDocument = Readonly<Record<string, unknown>>;

/** One workflow file: its path as shown to people, and its parsed content. */
export interface WorkflowFile {
  readonly file: string;
  readonly workflow: WorkflowDocument;
}

/** A workflow rule: a pure function over one workflow, with what a person needs to act on a finding. */
export interface WorkflowRule {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly rationale: string;
  readonly remediation: string;
  /** One message per problem, each starting with where it is (`jobs.plan.steps[2]`). */
  check(workflow: WorkflowDocument): readonly string[];
}

export interface WorkflowPack {
  readonly name: string;
  readonly description: string;
  readonly rules: readonly WorkflowRule[];
}

export interface WorkflowFinding {
  readonly ruleId: string;
  readonly severity: Severity;
  readonly file: string;
  readonly message: string;
  readonly remediation: string;
}

/** Every finding of `pack` over `files`, in file then rule order. */
export function checkWorkflows(files: readonly WorkflowFile[], pack: WorkflowPack): WorkflowFinding[] {
  return files.flatMap((f) =>
    pack.rules.flatMap((rule) =>
      rule.check(f.workflow).map((message) => ({
        ruleId: rule.id,
        severity: rule.severity,
        file: f.file,
        message,
        remediation: rule.remediation,
      })),
    ),
  );
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
