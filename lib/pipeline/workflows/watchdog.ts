import { PipelineSpec } from "../declaration";
import { PlacedStack, Placement } from "../placement";
import { Job } from "./model";
import { Steps } from "./steps";

/** A job that runs on self-hosted runners, and how long it may wait for one. */
export interface RunnerWait {
  /** The job's display name (`plan aws-prod-addons`), as the jobs API lists it. */
  readonly job: string;
  /** The stack, to tell whether the run will start the job at all. */
  readonly stack: string;
  readonly labels: readonly string[];
  readonly minutes: number;
  /** Display names of the jobs it needs: its wait for a runner starts when the last of them ends. */
  readonly after: readonly string[];
}

/**
 * The waits of a workflow's plan-runner jobs: one per placed stack with a `queueMinutes`, named
 * `<verb> <stack>` as the workflow names its job, after the jobs `after` returns.
 */
export function planRunnerWaits(
  placement: Placement,
  verb: string,
  after: (placed: PlacedStack) => readonly string[],
): RunnerWait[] {
  return placement.placed.flatMap((p) =>
    p.queueMinutes === undefined
      ? []
      : [
          {
            job: `${verb} ${p.stack.name}`,
            stack: p.stack.name,
            labels: labelsOf(p.planRunsOn),
            minutes: p.queueMinutes,
            after: after(p),
          },
        ],
  );
}

/** A job's `runs-on` as a list of labels. */
function labelsOf(runsOn: string | readonly string[]): readonly string[] {
  return typeof runsOn === "string" ? [runsOn] : runsOn;
}

export const WATCHDOG_JOB = "runner-watchdog";
const WATCHDOG_NAME = "runner watchdog";

/**
 * GitHub has no queue timeout: a job whose `runs-on` labels no online runner holds stays queued
 * for 24 hours (GitHub Docs, "Usage limits": "each job ... will remain queued until the 24 hour
 * timeout period expires"), and `timeout-minutes` counts only once a runner has picked the job
 * up. This job, on a hosted runner, polls the run's jobs while a self-hosted job can still start;
 * one queued longer than its stack's `queueMinutes` fails the watchdog with the labels nobody
 * serves and cancels the run (no API cancels one job). It needs `actions: write` for the cancel.
 *
 * `affected`: the expression of the JSON list of stacks the run works on; without it, every
 * listed stack (the drift workflow scans all of them).
 */
export function runnerWatchdogJob(
  spec: PipelineSpec,
  steps: Steps,
  waits: readonly RunnerWait[],
  options: { readonly needs?: readonly string[]; readonly if?: string; readonly affected?: string } = {},
): Job | undefined {
  if (waits.length === 0) return undefined;
  return {
    name: WATCHDOG_NAME,
    ...(options.needs ? { needs: options.needs } : {}),
    ...(options.if ? { if: options.if } : {}),
    "runs-on": spec.runner,
    permissions: { actions: "write" },
    // Ends as soon as every self-hosted job has started; this only bounds a run that never ends.
    "timeout-minutes": 360,
    steps: [
      {
        name: "Cancel the run when a job waits too long for a self-hosted runner",
        uses: steps.uses("githubScript"),
        env: {
          WAITS: JSON.stringify(waits),
          AFFECTED: options.affected ?? JSON.stringify(waits.map((w) => w.stack)),
          SELF: WATCHDOG_NAME,
        },
        with: { script: WATCHDOG_SCRIPT },
      },
    ],
  };
}

/** actions/github-script: the polling loop. Pure data in, the jobs API out. */
const WATCHDOG_SCRIPT = `const waits = JSON.parse(process.env.WAITS);
const affected = JSON.parse(process.env.AFFECTED || "[]");
const expected = waits.filter((w) => affected.includes(w.stack));
const { owner, repo } = context.repo;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let idle = 0;
while (expected.length > 0) {
  const jobs = await github.paginate(github.rest.actions.listJobsForWorkflowRun, { owner, repo, run_id: context.runId, filter: "latest", per_page: 100 });
  for (const w of expected) {
    const job = jobs.find((j) => j.name === w.job);
    if (!job || job.status !== "queued") continue;
    // Waiting for a runner starts once every job it needs has ended, not when the run began.
    const before = w.after.map((name) => jobs.find((j) => j.name === name));
    if (before.some((j) => !j || j.status !== "completed")) continue;
    const since = Math.max(Date.parse(job.created_at), ...before.map((j) => Date.parse(j.completed_at)));
    const waited = (Date.now() - since) / 60000;
    if (waited > w.minutes) {
      core.setFailed(\`job "\${w.job}" waited \${Math.floor(waited)} minutes for a self-hosted runner with the labels \${w.labels.join(", ")}, and none picked it up: the run is cancelled. Register a runner with these labels (docs/cli/pipeline.md, Runners) or raise queueMinutes.\`);
      await github.rest.actions.cancelWorkflowRun({ owner, repo, run_id: context.runId });
      return;
    }
  }
  // Done when every expected job has started or finished, or when nothing else is left running
  // twice in a row (a job skipped for a failed dependency may never be listed).
  const started = expected.every((w) => jobs.some((j) => j.name === w.job && j.status !== "queued" && j.status !== "waiting" && j.status !== "pending"));
  idle = jobs.every((j) => j.name === process.env.SELF || j.status === "completed") ? idle + 1 : 0;
  if (started || idle >= 2) return;
  await sleep(30000);
}
`;
