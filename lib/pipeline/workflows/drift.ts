import { PipelineSpec } from "../declaration";
import { Placement, runnerEnv } from "../placement";
import { Job, Step, Workflow } from "./model";
import { TERRAFORM_ENV } from "./pull-request";
import { jobId, Steps } from "./steps";
import { initStep, planJson } from "./terraform";
import { planRunnerWaits, runnerWatchdogJob, WATCHDOG_JOB } from "./watchdog";

export const DRIFT_LABEL = "landform-drift";

/**
 * On a schedule and on demand: a plan per stack with the read-only plan identity,
 * `landform drift` (with the declaration's ignore file) as JSON, markdown and SARIF, then one job
 * that uploads each stack's SARIF under its own category and keeps one issue per stack that
 * `landform drift` finds drifted (opened or updated while drifted, closed once clean).
 */
export function driftWorkflow(spec: PipelineSpec, placement: Placement, output: string): Workflow {
  const steps = new Steps(spec, placement.terraformVersion);
  const ignore = spec.driftIgnore === undefined ? "" : ` --ignore ${spec.driftIgnore}`;
  const jobs: Record<string, Job> = {};
  for (const p of placement.placed) {
    const name = p.stack.name;
    const drift = (format: string, extension: string) =>
      `${spec.commands.landform} drift "${planJson(name)}" --stacks ${output}${ignore} --format ${format} > "$RUNNER_TEMP/drift/${name}.${extension}"`;
    jobs[jobId("drift", name)] = {
      name: `drift ${name}`,
      // The plan identity's runners: a scan never needs the runners that apply.
      "runs-on": p.planRunsOn,
      ...runnerEnv(p),
      permissions: { contents: "read", "id-token": "write" },
      "timeout-minutes": 30,
      steps: [
        ...steps.terraformJob(p.plan),
        ...steps.execCheck(name, p.stack.execCommands),
        ...steps.providerCache(p.stack),
        initStep(p.stack),
        {
          name: "Terraform plan",
          "working-directory": p.stack.dir,
          run: [
            // A normal plan, not -refresh-only: landform drift reports changes made outside
            // Terraform and code the trunk holds but no apply deployed (a failed or skipped apply),
            // which a refresh-only plan cannot see (pipelines-review C5). No lock: it is never
            // applied. Whether the stack drifted is landform drift's call, not -detailed-exitcode
            // (2 on output-only changes and provider noise).
            "terraform plan -input=false -lock=false -out=tfplan",
            'mkdir -p "$RUNNER_TEMP/drift"',
            `terraform show -json tfplan > "${planJson(name)}"`,
          ].join("\n"),
        },
        {
          name: "Drift report",
          run: [
            // landform drift: 0 no drift (noise and ignored entries allowed), 1 drift, 2 a bad or
            // incomplete plan. The JSON decides the issue; markdown is its body, SARIF the alerts.
            "set +e",
            drift("json", "json"),
            "code=$?",
            "set -e",
            'if [ "$code" -gt 1 ]; then exit "$code"; fi',
            `${drift("markdown", "md")} || [ $? -eq 1 ]`,
            `${drift("sarif", "sarif")} || [ $? -eq 1 ]`,
          ].join("\n"),
        },
        {
          name: "Keep the report",
          uses: steps.uses("uploadArtifact"),
          with: {
            name: `landform-drift-${name}`,
            path: "${{ runner.temp }}/drift",
            "retention-days": 5,
            // "Re-run failed jobs" uploads again under the same name (pipelines-review B8).
            overwrite: true,
          },
        },
      ],
    };
  }
  const stackJobs = placement.placed.map((p) => ({ stack: p.stack.name, job: jobId("drift", p.stack.name) }));
  jobs.report = {
    name: "report drift",
    needs: stackJobs.map((s) => s.job),
    if: "${{ !cancelled() }}",
    "runs-on": spec.runner,
    permissions: { contents: "read", issues: "write", "security-events": "write" },
    "timeout-minutes": 15,
    steps: [
      steps.checkout(),
      {
        name: "Download reports",
        uses: steps.uses("downloadArtifact"),
        with: { pattern: "landform-drift-*", path: "drift", "merge-multiple": true },
      },
      // One upload and category per stack: code scanning refuses one upload holding several runs
      // of one tool and category (codeql-action v4 src/upload-lib.ts; pipelines-review B4).
      ...placement.placed.map((p): Step => ({
        name: `Upload drift findings of ${p.stack.name}`,
        if: `\${{ !cancelled() && hashFiles('drift/${p.stack.name}.sarif') != '' }}`,
        uses: steps.uses("uploadSarif"),
        with: { sarif_file: `drift/${p.stack.name}.sarif`, category: `landform-drift/${p.stack.name}` },
      })),
      {
        name: "One issue per drifted stack",
        // Runs when an upload failed too: the issues do not depend on code scanning.
        if: "${{ !cancelled() }}",
        uses: steps.uses("githubScript"),
        env: { STACKS: JSON.stringify(stackJobs), NEEDS: "${{ toJSON(needs) }}" },
        with: { script: issueScript() },
      },
    ],
  };
  const watchdog = runnerWatchdogJob(
    spec,
    steps,
    planRunnerWaits(placement, "drift", () => []),
  );
  if (watchdog) jobs[WATCHDOG_JOB] = watchdog;
  return {
    name: "landform drift",
    on: { schedule: [{ cron: spec.driftSchedule }], workflow_dispatch: {} },
    permissions: {},
    concurrency: { group: "landform-drift", "cancel-in-progress": false },
    env: TERRAFORM_ENV,
    jobs,
  };
}

/** actions/github-script: open or update an issue per drifted stack, close it when the stack is clean. */
function issueScript(): string {
  return `const fs = require("fs");
const label = "${DRIFT_LABEL}";
const stacks = JSON.parse(process.env.STACKS);
const needs = JSON.parse(process.env.NEEDS);
const { owner, repo } = context.repo;
const open = await github.paginate(github.rest.issues.listForRepo, { owner, repo, labels: label, state: "open" });
const failed = [];
for (const { stack, job } of stacks) {
  const title = \`Drift in stack \${stack}\`;
  const issue = open.find((i) => i.title === title);
  const file = \`drift/\${stack}.md\`;
  const json = \`drift/\${stack}.json\`;
  if (needs[job].result !== "success" || !fs.existsSync(file) || !fs.existsSync(json)) {
    failed.push(stack);
    continue;
  }
  const report = fs.readFileSync(file, "utf8").slice(0, 60000);
  // landform drift's own count: drift that is neither provider noise nor in the ignore file.
  const drifted = JSON.parse(fs.readFileSync(json, "utf8")).summary.drifted > 0;
  if (drifted && issue) await github.rest.issues.update({ owner, repo, issue_number: issue.number, body: report });
  else if (drifted) await github.rest.issues.create({ owner, repo, title, body: report, labels: [label] });
  else if (issue) {
    await github.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: "No drift any more; closing." });
    await github.rest.issues.update({ owner, repo, issue_number: issue.number, state: "closed" });
  }
}
if (failed.length > 0) core.setFailed(\`no drift report for \${failed.join(", ")}; see their jobs\`);
`;
}
