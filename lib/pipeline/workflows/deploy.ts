import { GitHubPipeline } from "../declaration";
import { approvalPermissions, approvalSteps } from "../governance/approval";
import { Placement } from "../placement";
import { Job, Workflow } from "./model";
import { TERRAFORM_ENV } from "./pull-request";
import { jobId, runIfAffected, Steps } from "./steps";
import { affectedJob, planSteps, reviewStep } from "./terraform";

/**
 * Pushes to the trunk: the affected stacks applied wave by wave, one job per stack in the stack's
 * GitHub environment (so protected environments wait for a reviewer), each applying a fresh plan
 * reviewed in the same job: no plan file, which holds secrets, ever leaves the runner.
 */
export function deployWorkflow(pipeline: GitHubPipeline, placement: Placement, output: string): Workflow {
  const spec = pipeline.spec;
  const steps = new Steps(spec, placement.terraformVersion);
  const jobs: Record<string, Job> = { affected: affectedJob(spec, steps, placement, output, "trunk") };
  for (const p of placement.placed) {
    const name = p.stack.name;
    const gated = pipeline.needsApproval(p.stack.environment);
    jobs[jobId("apply", name)] = {
      name: `apply ${name}${gated ? " (approval)" : ""}`,
      needs: ["affected", ...p.needs.map((n) => jobId("apply", n))],
      if: runIfAffected(name),
      "runs-on": p.runsOn,
      // The environment is the OIDC subject the apply identity trusts, and where reviewers approve.
      environment: { name: p.stack.environment },
      // Applies of one stack queue; one in progress is never cancelled (a half-applied stack is worse than a late one).
      concurrency: { group: `landform-apply-${name}`, "cancel-in-progress": false },
      permissions: { contents: "read", "id-token": "write", ...approvalPermissions(spec, gated) },
      "timeout-minutes": 60,
      steps: [
        // approvalMode "pull-request": the approval is checked before any cloud login.
        ...approvalSteps(spec, p.stack.environment, gated),
        ...steps.terraformJob(p.apply),
        ...planSteps(p.stack),
        reviewStep(spec, p.stack, output),
        {
          name: "Terraform apply",
          "working-directory": p.stack.dir,
          run: "terraform apply -input=false -lock-timeout=5m tfplan",
        },
      ],
    };
  }
  return {
    name: "landform deploy",
    on: { push: { branches: [spec.trunk] }, workflow_dispatch: {} },
    permissions: {},
    env: TERRAFORM_ENV,
    jobs,
  };
}
