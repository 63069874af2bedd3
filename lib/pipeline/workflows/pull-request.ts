import { PipelineSpec } from "../declaration";
import { DEFAULT_DECLARATIONS } from "../load";
import { Placement, runnerEnv } from "../placement";
import { Job, Step, Workflow } from "./model";
import { removedStacksCommentStep } from "./removed-stacks";
import { jobId, runIfAffected, SAME_REPOSITORY, Steps } from "./steps";
import { affectedJob, planSteps, reviewFile, reviewStep } from "./terraform";
import { planRunnerWaits, runnerWatchdogJob, WATCHDOG_JOB } from "./watchdog";

/** Comments are capped below GitHub's 65,536 characters; the full reviews stay in each job's summary. */
const COMMENT_LIMIT = 60000;

/**
 * Pull requests to the trunk: tests, the synth and workflow freshness checks, policy with SARIF,
 * then one plan per affected stack in wave order, each reviewed into its job summary, and one
 * sticky comment gathering the reviews.
 */
export function pullRequestWorkflow(
  spec: PipelineSpec,
  placement: Placement,
  output: string,
  declaration?: string,
): Workflow {
  const steps = new Steps(spec, placement.terraformVersion);
  const config =
    declaration === undefined || DEFAULT_DECLARATIONS.includes(declaration) ? "" : ` --config ${declaration}`;
  const jobs: Record<string, Job> = {
    test: {
      name: "test",
      "runs-on": spec.runner,
      permissions: { contents: "read" },
      "timeout-minutes": 30,
      steps: [
        steps.checkout(),
        ...steps.node(),
        { name: "Test", run: spec.commands.test },
        { name: "Committed Terraform is fresh", run: spec.commands.synthCheck },
        { name: "Committed workflows are fresh", run: `${spec.commands.landform} pipeline generate --check${config}` },
      ],
    },
    policy: {
      name: "policy",
      "runs-on": spec.runner,
      permissions: { contents: "read", "security-events": "write" },
      "timeout-minutes": 15,
      steps: [
        steps.checkout(),
        ...steps.node(),
        { name: "Workflow policy", run: `${spec.commands.landform} pipeline lint .github/workflows` },
        {
          name: "Terraform policy",
          run: `${spec.commands.landform} policy check ${output} --format sarif --output landform-policy.sarif`,
        },
        {
          name: "Upload policy findings",
          if: "${{ !cancelled() && hashFiles('landform-policy.sarif') != '' }}",
          uses: steps.uses("uploadSarif"),
          with: { sarif_file: "landform-policy.sarif", category: "landform-policy" },
        },
      ],
    },
    affected: affectedJob(spec, steps, placement, output, [
      {
        name: "Summarize",
        env: { STACKS: "${{ steps.affected.outputs.stacks }}" },
        run: [
          'mkdir -p "$RUNNER_TEMP/review"',
          "{",
          '  echo "## Landform plan"',
          "  echo",
          '  echo "Affected stacks: $STACKS"',
          ...placement.skipped.map((s) => `  echo ${JSON.stringify(`- not planned here: ${s.name}, ${s.why}`)}`),
          `} > "${reviewFile("0-summary")}"`,
        ].join("\n"),
      },
      removedStacksCommentStep("0-summary"),
      uploadReview(steps, "0-summary"),
    ]),
  };
  for (const p of placement.placed) {
    const name = p.stack.name;
    jobs[jobId("plan", name)] = {
      name: `plan ${name}`,
      needs: ["affected", ...p.needs.map((n) => jobId("plan", n))],
      if: `${runIfAffected(name)} && ${SAME_REPOSITORY}`,
      // Never the runners that apply an environment needing approval (placement refuses it).
      "runs-on": p.planRunsOn,
      ...runnerEnv(p),
      permissions: { contents: "read", "id-token": "write" },
      "timeout-minutes": 30,
      steps: [
        ...steps.terraformJob(p.plan),
        ...steps.execCheck(name, p.stack.execCommands),
        ...steps.providerCache(p.stack),
        ...planSteps(p.stack, { lock: false }),
        reviewStep(spec, p.stack, output),
        uploadReview(steps, name, "${{ !cancelled() }}"),
      ],
    };
  }
  const watchdog = runnerWatchdogJob(
    spec,
    steps,
    planRunnerWaits(placement, "plan", (p) => [jobs.affected.name, ...p.needs.map((n) => `plan ${n}`)]),
    {
      needs: ["affected"],
      if: `!cancelled() && needs.affected.result == 'success' && ${SAME_REPOSITORY}`,
      affected: "${{ needs.affected.outputs.stacks }}",
    },
  );
  if (watchdog) jobs[WATCHDOG_JOB] = watchdog;
  jobs.comment = {
    name: "comment",
    needs: ["affected", ...placement.placed.map((p) => jobId("plan", p.stack.name))],
    if: `!cancelled() && needs.affected.result == 'success' && ${SAME_REPOSITORY}`,
    "runs-on": spec.runner,
    permissions: { "pull-requests": "write" },
    "timeout-minutes": 10,
    steps: [
      {
        name: "Download reviews",
        uses: steps.uses("downloadArtifact"),
        with: { pattern: "landform-review-*", path: "reviews", "merge-multiple": true },
      },
      {
        name: "Gather reviews",
        env: { RUN_URL: "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}" },
        run: [
          'for f in reviews/*.md; do cat "$f"; echo; done > comment.md',
          `if [ "$(wc -c < comment.md)" -gt ${COMMENT_LIMIT} ]; then`,
          `  head -c ${COMMENT_LIMIT} comment.md > cut.md`,
          '  { cat cut.md; echo; echo "(cut: the full reviews are in the job summaries of $RUN_URL)"; } > comment.md',
          "fi",
        ].join("\n"),
      },
      {
        name: "Comment on the pull request",
        uses: steps.uses("stickyComment"),
        with: { header: "landform-plan", path: "comment.md" },
      },
    ],
  };
  return {
    name: "landform pull request",
    // merge_group: a merge queue runs the checks too (tests, policy, affected); plans and the
    // comment skip there (no pull request head to trust), pipelines-review C12.
    on: { pull_request: { branches: [spec.trunk] }, merge_group: { types: ["checks_requested"] } },
    permissions: {},
    concurrency: {
      group: "landform-pr-${{ github.event.pull_request.number || github.ref }}",
      "cancel-in-progress": true,
    },
    env: TERRAFORM_ENV,
    jobs,
  };
}

/** Terraform in automation: no prompts, no version check calls. */
export const TERRAFORM_ENV = { TF_IN_AUTOMATION: "1", TF_INPUT: "0", CHECKPOINT_DISABLE: "1" };

function uploadReview(steps: Steps, stack: string, condition?: string): Step {
  return {
    name: "Keep the review for the comment",
    if: condition,
    uses: steps.uses("uploadArtifact"),
    with: {
      name: `landform-review-${stack}`,
      path: reviewFile(stack).replace("$RUNNER_TEMP", "${{ runner.temp }}"),
      "retention-days": 5,
      // "Re-run failed jobs" uploads again under the same name: replace, not 409 (pipelines-review B8).
      overwrite: true,
    },
  };
}
