import { PipelineSpec } from "../declaration";
import { Placement } from "../placement";
import { Job, Workflow } from "./model";
import { TERRAFORM_ENV } from "./pull-request";
import { jobId, Steps } from "./steps";
import { planJson } from "./terraform";

export const DRIFT_LABEL = "landform-drift";

/**
 * On a schedule and on demand: a refresh-only plan per stack with the read-only plan identity,
 * `landform drift` as markdown and SARIF, then one job that uploads the SARIF and keeps one issue
 * per drifted stack (opened or updated while drifted, closed once clean).
 */
export function driftWorkflow(spec: PipelineSpec, placement: Placement, output: string): Workflow {
  const steps = new Steps(spec, placement.terraformVersion);
  const jobs: Record<string, Job> = {};
  for (const p of placement.placed) {
    const name = p.stack.name;
    jobs[jobId("drift", name)] = {
      name: `drift ${name}`,
      "runs-on": p.runsOn,
      permissions: { contents: "read", "id-token": "write" },
      "timeout-minutes": 30,
      steps: [
        ...steps.terraformJob(p.plan),
        { name: "Terraform init", "working-directory": p.stack.dir, run: "terraform init -input=false" },
        {
          name: "Terraform refresh-only plan",
          id: "plan",
          "working-directory": p.stack.dir,
          run: [
            // -detailed-exitcode: 0 no drift, 2 drift. No lock: a refresh-only plan writes nothing.
            "set +e",
            "terraform plan -refresh-only -input=false -lock=false -detailed-exitcode -out=tfplan",
            "code=$?",
            "set -e",
            'if [ "$code" -eq 1 ]; then exit 1; fi',
            'mkdir -p "$RUNNER_TEMP/drift"',
            `echo "$code" > "$RUNNER_TEMP/drift/${name}.exitcode"`,
            `terraform show -json tfplan > "${planJson(name)}"`,
          ].join("\n"),
        },
        {
          name: "Drift report",
          run: [
            // landform drift exits 1 when it finds drift; the report is what matters here.
            `${spec.commands.landform} drift "${planJson(name)}" --stacks ${output} --format markdown > "$RUNNER_TEMP/drift/${name}.md" || [ $? -eq 1 ]`,
            `${spec.commands.landform} drift "${planJson(name)}" --stacks ${output} --format sarif > "$RUNNER_TEMP/drift/${name}.sarif" || [ $? -eq 1 ]`,
          ].join("\n"),
        },
        {
          name: "Keep the report",
          uses: steps.uses("uploadArtifact"),
          with: { name: `landform-drift-${name}`, path: "${{ runner.temp }}/drift", "retention-days": 5 },
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
      {
        name: "Upload drift findings",
        if: "${{ hashFiles('drift/*.sarif') != '' }}",
        uses: steps.uses("uploadSarif"),
        with: { sarif_file: "drift", category: "landform-drift" },
      },
      {
        name: "One issue per drifted stack",
        uses: steps.uses("githubScript"),
        env: { STACKS: JSON.stringify(stackJobs), NEEDS: "${{ toJSON(needs) }}" },
        with: { script: issueScript() },
      },
    ],
  };
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
  const exitcode = \`drift/\${stack}.exitcode\`;
  if (needs[job].result !== "success" || !fs.existsSync(file) || !fs.existsSync(exitcode)) {
    failed.push(stack);
    continue;
  }
  const report = fs.readFileSync(file, "utf8").slice(0, 60000);
  // terraform plan -detailed-exitcode: 2 means the refresh found changes.
  const drifted = fs.readFileSync(exitcode, "utf8").trim() === "2";
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
