import { GitHubPipeline, PipelineSpec } from "../declaration";
import { approvalPermissions, approvalSteps } from "../governance/approval";
import { agentArtifactJobs } from "./agent-artifacts";
import { Placement, runnerEnv } from "../placement";
import { Job, Step, Workflow } from "./model";
import { promote } from "./promotion";
import { TERRAFORM_ENV } from "./pull-request";
import { AFFECTED_JSON, APPLIED_TAG, appliedTag, removedStacksGuard } from "./removed-stacks";
import { PLAN_RETENTION_DAYS, planArtifact, savedPlanSteps, sealStep, unsealSteps } from "./saved-plan";
import { jobId, runIfAffected, Steps } from "./steps";
import { reviewStep, shellQuote } from "./terraform";

/** Minutes a plan job may take: init, a full refresh and the review. */
const PLAN_TIMEOUT = 30;
/** Terraform gets an interrupt this long before the apply job's timeout: enough to finish in-flight calls, save state, unlock. */
const INTERRUPT_BEFORE = 20;
/** ... and is killed this long after the interrupt, still before GitHub stops the job. */
const KILL_AFTER = 10;

/**
 * Pushes to the trunk, "reviewed is applied":
 *
 * - one run at a time, in push order (a workflow-level queue), each applying only while its commit
 *   is still the trunk head, so an older commit never applies after a newer one;
 * - per affected stack (from the last commit applied for it, so a failed apply is retried), a
 *   `plan-<stack>` job saves and reviews the plan with the plan identity, then seals it;
 * - an `apply-<stack>` job in the stack's GitHub environment, where reviewers approve after the
 *   review exists, applies exactly that plan file; Terraform refuses it if the state moved;
 * - environments in promotion order (dev, then staging, then prod), each after the one before;
 * - a last job moves `landform/applied/<stack>` to the commit for every stack applied (or planned
 *   with no change).
 */
export function deployWorkflow(pipeline: GitHubPipeline, placement: Placement, output: string): Workflow {
  const spec = pipeline.spec;
  const steps = new Steps(spec, placement.terraformVersion);
  const jobs: Record<string, Job> = { affected: affectedJob(spec, steps, placement, output) };
  const recorded: string[] = [];
  for (const { placed: p, after } of promote(spec, placement.placed)) {
    const name = p.stack.name;
    const plan = jobId("plan", name);
    const apply = jobId("apply", name);
    const current = "steps.head.outputs.current == 'true'";
    const changes = `${current} && steps.plan.outputs.changes == 'true'`;
    jobs[plan] = {
      name: `plan ${name}`,
      needs: ["affected", ...p.needs.map((n) => jobId("apply", n))],
      if: runIfAffected(name),
      "runs-on": p.runsOn,
      ...runnerEnv(p),
      permissions: { contents: "read", "id-token": "write" },
      "timeout-minutes": PLAN_TIMEOUT,
      outputs: {
        digest: "${{ steps.seal.outputs.digest }}",
        // Planned with no change: the infrastructure already matches this commit.
        applied: `\${{ steps.plan.outputs.changes == 'false' && '${name}' || '' }}`,
      },
      steps: [
        ...steps.terraformJob(p.plan),
        ...steps.execCheck(name, p.stack.execCommands),
        headCheck(spec),
        ...savedPlanSteps(p.stack, `\${{ ${current} }}`),
        onlyIf(reviewStep(spec, p.stack, output), `\${{ ${changes} }}`),
        sealStep(p.stack, `\${{ ${changes} }}`),
        {
          name: "Keep the sealed plan for the apply",
          if: `\${{ ${changes} }}`,
          uses: steps.uses("uploadArtifact"),
          with: {
            name: planArtifact(name),
            path: "${{ runner.temp }}/sealed/",
            "retention-days": PLAN_RETENTION_DAYS,
            "if-no-files-found": "error",
            overwrite: true,
          },
        },
      ],
    };
    const digest = `\${{ needs.${plan}.outputs.digest }}`;
    const gated = pipeline.needsApproval(p.stack.environment);
    const stop = spec.applyTimeoutMinutes - INTERRUPT_BEFORE;
    jobs[apply] = {
      name: `apply ${name}${gated ? " (approval)" : ""}`,
      needs: [
        "affected",
        plan,
        ...p.needs.map((n) => jobId("apply", n)),
        ...after.map((n) => jobId("apply", n)).filter((n) => !p.needs.some((d) => jobId("apply", d) === n)),
      ],
      if: `${runIfAffected(name)} && needs.${plan}.outputs.digest != ''`,
      "runs-on": p.runsOn,
      ...runnerEnv(p),
      // The environment is the OIDC subject the apply identity trusts, and where reviewers approve:
      // GitHub holds the job before it starts, after the plan job above wrote the review.
      environment: { name: p.stack.environment },
      permissions: { contents: "read", "id-token": "write", ...approvalPermissions(spec, gated) },
      "timeout-minutes": spec.applyTimeoutMinutes,
      outputs: { applied: "${{ steps.apply.outputs.applied }}" },
      steps: [
        // approvalMode "pull-request": the approval is checked before any cloud login.
        ...approvalSteps(spec, p.stack.environment, gated),
        steps.checkout(),
        steps.terraform(),
        steps.login(p.apply),
        ...steps.execCheck(name, p.stack.execCommands),
        headCheck(spec),
        {
          name: "Download the reviewed plan",
          if: `\${{ ${current} }}`,
          uses: steps.uses("downloadArtifact"),
          with: { name: planArtifact(name), path: "${{ runner.temp }}/sealed" },
        },
        ...unsealSteps(p.stack, digest, `\${{ ${current} }}`),
        {
          name: "Terraform apply",
          id: "apply",
          if: `\${{ ${current} }}`,
          "working-directory": p.stack.dir,
          env: { DIGEST: digest },
          run: [
            // An interrupt well before the job's timeout: Terraform finishes what is in flight,
            // writes the state and releases the lock, instead of being killed holding it.
            `timeout --signal=INT --kill-after=${KILL_AFTER}m ${stop}m terraform apply -input=false -lock-timeout=10m tfplan`,
            `echo "applied=${name}" >> "$GITHUB_OUTPUT"`,
            `echo "Applied the reviewed plan (sha256 $DIGEST)." >> "$GITHUB_STEP_SUMMARY"`,
            "",
          ].join("\n"),
        },
      ],
    };
    recorded.push(`\${{ needs.${plan}.outputs.applied }}`, `\${{ needs.${apply}.outputs.applied }}`);
  }
  const stackJobs = Object.keys(jobs).filter((j) => j !== "affected");
  if (stackJobs.length > 0) jobs.record = recordJob(spec, stackJobs, recorded);
  // The stacks left to the in-cluster agent, published as its OCI artifact when they changed.
  Object.assign(jobs, agentArtifactJobs(spec, placement, steps, headCheck(spec)));
  return {
    name: "landform deploy",
    on: { push: { branches: [spec.trunk] }, workflow_dispatch: {} },
    permissions: {},
    // One deploy at a time, in the order they were started; none is cancelled (a pending run is not
    // replaced by the next: `queue: max`, GitHub changelog 2026-05-07). A run whose commit is no longer
    // the head skips its applies; the newer run applies its changes, as they are affected from each
    // stack's last applied commit.
    concurrency: { group: "landform-deploy", "cancel-in-progress": false, queue: "max" },
    env: TERRAFORM_ENV,
    jobs,
  };
}

/** `step` run only when `condition` holds, with `if` in its usual place. */
function onlyIf(step: Step, condition: string): Step {
  const { name, ...rest } = step;
  return { name, if: condition, ...rest };
}

/**
 * Which stacks to plan: each compared from its last applied commit (tag `landform/applied/<stack>`),
 * so a stack whose apply failed, or was skipped, is planned again; a manual run plans every stack.
 * Fails when a stack that was applied is gone from the code.
 */
function affectedJob(spec: PipelineSpec, steps: Steps, placement: Placement, output: string): Job {
  return {
    name: "affected stacks",
    "runs-on": spec.runner,
    permissions: { contents: "read" },
    "timeout-minutes": 10,
    outputs: { stacks: "${{ steps.affected.outputs.stacks }}" },
    steps: [
      // fetch-depth 0 fetches every branch and tag, the landform/applied tags among them.
      steps.checkout(true),
      ...steps.node(),
      {
        name: "List affected stacks",
        id: "affected",
        env: {
          EVENT: "${{ github.event_name }}",
          ALL: JSON.stringify(placement.allStacks),
          TRUNK: spec.trunk,
          GH_TOKEN: "${{ github.token }}",
        },
        run: [
          // A run queued behind newer pushes has nothing to do: the newest run applies its changes.
          TRUNK_HEAD,
          'if [ "$head" != "$GITHUB_SHA" ]; then',
          `  echo "${SUPERSEDED}"`,
          '  echo "stacks=[]" >> "$GITHUB_OUTPUT"',
          "  exit 0",
          "fi",
          `${spec.commands.landform} affected ${output} --stack-base ${shellQuote(APPLIED_TAG)} --format json > "${AFFECTED_JSON}"`,
          ...removedStacksGuard(),
          // A manual run is a reconcile: plan every stack; stacks with no change are not applied.
          'if [ "$EVENT" = workflow_dispatch ]; then',
          '  stacks="$ALL"',
          "else",
          `  stacks=$(node -e 'const all = JSON.parse(process.argv[2]); const hit = require(process.argv[1]).affected; process.stdout.write(JSON.stringify(hit.filter((s) => all.includes(s))))' "${AFFECTED_JSON}" "$ALL")`,
          "fi",
          'echo "stacks=$stacks" >> "$GITHUB_OUTPUT"',
          "",
        ].join("\n"),
      },
    ],
  };
}

const API_HEADERS = '-H "Authorization: Bearer $GH_TOKEN" -H "Accept: application/vnd.github+json"';

/** Sets `head` to the trunk's head commit (needs TRUNK and GH_TOKEN), through the API: the checkout keeps no credentials. */
const TRUNK_HEAD =
  'head=$(curl -fsSL -H "Authorization: Bearer $GH_TOKEN" -H "Accept: application/vnd.github.sha" "$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/commits/$TRUNK")';
const SUPERSEDED =
  "::notice title=Superseded::$GITHUB_SHA is no longer the head of $TRUNK ($head): skipped; the newer run applies it";

/**
 * Before planning, and again after the approval before applying: is this run's commit still the
 * head of the trunk? If not, the job skips with a notice, and the newer run applies. Asks the
 * GitHub API (`GET /repos/{owner}/{repo}/commits/{ref}` with `Accept: application/vnd.github.sha`
 * answers the bare SHA), since the checkout keeps no credentials for `git ls-remote`.
 */
function headCheck(spec: PipelineSpec): Step {
  return {
    name: "Still the trunk head",
    id: "head",
    env: { TRUNK: spec.trunk, GH_TOKEN: "${{ github.token }}" },
    run: [
      TRUNK_HEAD,
      'if [ "$head" = "$GITHUB_SHA" ]; then',
      '  echo "current=true" >> "$GITHUB_OUTPUT"',
      "else",
      `  echo "${SUPERSEDED}"`,
      '  echo "current=false" >> "$GITHUB_OUTPUT"',
      "fi",
      "",
    ].join("\n"),
  };
}

/**
 * Moves `landform/applied/<stack>` to this run's commit for every stack applied or planned with no
 * change, through the Git references API. The only job with a write token; it runs no Terraform,
 * no provider and no project code.
 */
function recordJob(spec: PipelineSpec, needs: readonly string[], recorded: readonly string[]): Job {
  const ref = appliedTag("$stack");
  return {
    name: "record applied commits",
    needs: ["affected", ...needs],
    if: "!cancelled() && needs.affected.result == 'success'",
    "runs-on": spec.runner,
    permissions: { contents: "write" },
    "timeout-minutes": 10,
    steps: [
      {
        name: "Tag each applied stack",
        env: { APPLIED: recorded.join(" "), GH_TOKEN: "${{ github.token }}" },
        run: [
          'api="$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/git/refs"',
          "for stack in $APPLIED; do",
          // Update a reference (force: it moves to a commit that need not descend from the old one), else create it.
          `  if ! curl -fsS -o /dev/null -X PATCH ${API_HEADERS} "$api/tags/${ref}" -d "{\\"sha\\":\\"$GITHUB_SHA\\",\\"force\\":true}"; then`,
          `    curl -fsS -o /dev/null -X POST ${API_HEADERS} "$api" -d "{\\"ref\\":\\"refs/tags/${ref}\\",\\"sha\\":\\"$GITHUB_SHA\\"}"`,
          "  fi",
          `  echo "${ref} -> $GITHUB_SHA" >> "$GITHUB_STEP_SUMMARY"`,
          "done",
          "",
        ].join("\n"),
      },
    ],
  };
}
