import { PipelineSpec } from "../declaration";
import { Placement } from "../placement";
import { PipelineStack } from "../stacks";
import { Job, Step } from "./model";
import { Steps } from "./steps";

/** Where a job keeps its plan JSON and review: the runner's temporary folder, never the workspace. */
export const planJson = (stack: string) => `$RUNNER_TEMP/${stack}.plan.json`;
export const reviewFile = (stack: string) => `$RUNNER_TEMP/review/${stack}.md`;

/**
 * `terraform init`, a saved plan, and its JSON for Landform's reports. `lock: false` (pull request
 * plans) takes no state lock: a plan that is never applied writes nothing, and the plan identity then
 * needs no lock-write grant, so a pull request cannot hold or break a running apply's lock
 * (pipelines-review S5/C7).
 */
export function planSteps(stack: PipelineStack, options: { readonly lock?: boolean } = {}): Step[] {
  const lock = options.lock === false ? "-lock=false" : "-lock-timeout=5m";
  return [
    initStep(stack),
    {
      name: "Terraform plan",
      "working-directory": stack.dir,
      run: `terraform plan -input=false ${lock} -out=tfplan\nterraform show -json tfplan > "${planJson(stack.name)}"\n`,
    },
  ];
}

/**
 * `terraform init`; with a committed lock file, `-lockfile=readonly`: providers must match its
 * checksums, and a change of providers fails here instead of rewriting the lock on a runner.
 */
export function initStep(stack: PipelineStack): Step {
  return {
    name: "Terraform init",
    "working-directory": stack.dir,
    run: stack.lockFile ? "terraform init -input=false -lockfile=readonly" : "terraform init -input=false",
  };
}

/**
 * `landform plan review` of the plan into the job summary and a file for the pull request comment;
 * the step fails (after both are written) on a destructive change to a stateful resource no
 * `allowDestroy` pattern allows.
 */
export function reviewStep(spec: PipelineSpec, stack: PipelineStack, output: string): Step {
  const allow = spec.allowDestroy.map((p) => ` --allow-destroy ${shellQuote(p)}`).join("");
  return {
    name: "Review the plan",
    run: [
      'mkdir -p "$RUNNER_TEMP/review"',
      "set +e",
      `${spec.commands.landform} plan review "${planJson(stack.name)}" --stacks ${output} --format markdown${allow} > "$RUNNER_TEMP/review.md"`,
      "code=$?",
      "set -e",
      `{ echo "### ${stack.name}"; echo; cat "$RUNNER_TEMP/review.md"; } > "${reviewFile(stack.name)}"`,
      `cat "${reviewFile(stack.name)}" >> "$GITHUB_STEP_SUMMARY"`,
      'exit "$code"',
    ].join("\n"),
  };
}

/**
 * The first job of the pull request workflow: which stacks the change affects, as a JSON list
 * output. Every stack job needs it and skips when its stack is not listed. (The deploy workflow's
 * compares each stack with its last applied commit: deploy.ts.)
 */
export function affectedJob(
  spec: PipelineSpec,
  steps: Steps,
  placement: Placement,
  output: string,
  summary: Step[] = [],
): Job {
  const run = [
    // A base the trunk no longer holds (force-pushed away) is not in the clone: compare with the
    // merge commit's first parent, the trunk it was merged onto (pipelines-review C11).
    'if ! git cat-file -e "$BASE^{commit}" 2>/dev/null; then',
    '  echo "::warning::base $BASE is not in the repository any more; comparing with the trunk the pull request merges onto"',
    '  BASE="$(git rev-parse HEAD^1)"',
    "fi",
    `${spec.commands.landform} affected ${output} --base "$BASE" --format json > "$RUNNER_TEMP/affected.json"`,
    `stacks=$(node -e 'const all = JSON.parse(process.argv[2]); const hit = require(process.argv[1]).affected; process.stdout.write(JSON.stringify(hit.filter((s) => all.includes(s))))' "$RUNNER_TEMP/affected.json" "$ALL")`,
    'echo "stacks=$stacks" >> "$GITHUB_OUTPUT"',
  ];
  return {
    name: "affected stacks",
    "runs-on": spec.runner,
    permissions: { contents: "read" },
    "timeout-minutes": 10,
    outputs: { stacks: "${{ steps.affected.outputs.stacks }}" },
    steps: [
      steps.checkout(true),
      ...steps.node(),
      {
        name: "List affected stacks",
        id: "affected",
        env: {
          BASE: "${{ github.event.pull_request.base.sha || github.event.merge_group.base_sha }}",
          ALL: JSON.stringify(placement.allStacks),
        },
        run: `${run.join("\n")}\n`,
      },
      ...summary,
    ],
  };
}

/** Single-quoted for sh. */
export function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
