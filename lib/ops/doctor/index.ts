import { failsAt, Finding, FindingsReport } from "../../findings/finding";
import { checkLoop, DOCTOR_RULES } from "./checks";
import { buildLoop, DoctorOptions, Loop } from "./loop";
import { loopMermaid } from "./mermaid";
import { ArtefactPaths, readArtefacts } from "./read";

export { DOCTOR_RULES } from "./checks";
export type { Claims, Declared, IdentityFacts, IdentityRef, Verdict } from "./identity";
export { buildLoop, DEFAULT_RUNNER_IMAGE } from "./loop";
export type { Applier, ClusterRef, DoctorOptions, Loop, Runner, StackNode, StateLocation } from "./loop";
export { loopMermaid } from "./mermaid";
export { readArtefacts } from "./read";
export type { AgentObject, ArtefactPaths, Artefacts, WorkflowFile } from "./read";

/** What `landform doctor` finds: the loop it read, and every broken link as a finding. */
export interface DoctorResult {
  /** The loop read from the artefacts: stacks, appliers and plan jobs, gated environments. */
  readonly loop: Loop;
  /** Every broken link (and every fact that could not be read) as a finding. */
  readonly report: FindingsReport<Finding>;
}

/**
 * Reads the committed artefacts only (synthesized stacks, workflow files, the agent's objects),
 * builds the delivery loop stack -> applier -> identity -> runner, and checks every link.
 * Bad input (a missing folder, a file that does not parse) throws `InputError`.
 */
export function doctor(paths: ArtefactPaths, options: DoctorOptions = {}): DoctorResult {
  const loop = buildLoop(readArtefacts(paths), options);
  const findings = sortFindings(checkLoop(loop));
  return {
    loop,
    report: {
      tool: "landform-doctor",
      rules: DOCTOR_RULES,
      findings,
      checked: [
        [loop.stacks.length, "stack"],
        [loop.appliers.filter((a) => a.role === "apply").length, "applier"],
        [loop.appliers.filter((a) => a.role === "plan").length, "plan job"],
      ],
      keyOf: (f) => `${f.address} ${f.message}`,
    },
  };
}

/** Whether a finding at or above `failOn` is open (`warning`: a fact doctor cannot read fails too). */
export function doctorFails(result: DoctorResult, failOn: "error" | "warning"): boolean {
  return failsAt(result.report.findings, failOn);
}

/** The loop as a Mermaid flowchart, its broken links red. */
export function doctorMermaid(result: DoctorResult): string {
  return loopMermaid(result.loop, result.report.findings);
}

function sortFindings(findings: Finding[]): Finding[] {
  const order = new Map(DOCTOR_RULES.map((r, i) => [r.id, i]));
  const seen = new Set<string>();
  return findings
    .filter((f) => {
      const key = `${f.ruleId}\u0000${f.stack}\u0000${f.address}\u0000${f.message}`;
      return !seen.has(key) && seen.add(key);
    })
    .sort(
      (a, b) =>
        order.get(a.ruleId)! - order.get(b.ruleId)! ||
        compare(a.stack, b.stack) ||
        compare(a.address, b.address) ||
        compare(a.message, b.message),
    );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
