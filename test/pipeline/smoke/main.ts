// The smoke test of the committed pull request workflow as CI runs it (.ci/run): every job that
// needs no cloud login, step by step, in a fresh clone of HEAD, with the real Install step
// (npm ci). jest runs the same smoke test (test/pipeline/smoke.test.ts) with node_modules linked
// only for planted repositories, to keep npm test fast. `npm test` is not run again inside the clone: .ci/run has just
// run it on the same commit.
//   node --require ./scripts/register-ts.js test/pipeline/smoke/main.ts [--link-node-modules <dir>]
// --link-node-modules replaces npm ci by a link to an installed node_modules (a local run).
import * as path from "path";
import { readWorkflow, runWorkflow } from "./runner";

const repo = path.join(__dirname, "..", "..", "..");
const at = process.argv.indexOf("--link-node-modules");
const link = at > 0 ? path.resolve(process.argv[at + 1]) : undefined;
const WORKFLOW = ".github/workflows/landform-pull-request.yml";
const result = runWorkflow({
  repo,
  workflow: WORKFLOW,
  replace: link
    ? { "npm ci": { run: `ln -s ${JSON.stringify(link)} node_modules`, why: "--link-node-modules" } }
    : undefined,
  skip: { "npm test": ".ci/run ran it on this commit before the smoke test" },
  log: (line) => console.log(line),
});
for (const s of result.skipped) console.log(`skipped job ${s.job}: ${s.why}`);
for (const s of result.steps.filter((x) => x.status === "skipped"))
  console.log(`skipped step ${s.job}: ${s.step}: ${s.why}`);
if (!result.ok) {
  console.error(result.failure);
  process.exit(1);
}
// Every job that needs no cloud login ran (plans assume a cloud identity; the watchdog calls the
// GitHub API), and every run: step of those jobs ran, in order.
const expected = ["test", "policy", "affected", "comment"];
const declared = result.ran.flatMap((id) =>
  readWorkflow(path.join(repo, WORKFLOW)).jobs[id].steps.map((s) => `${id}: ${s.name}`),
);
const ranSteps = result.steps.filter((s) => s.status !== "not run").map((s) => `${s.job}: ${s.step}`);
if (result.ran.join() !== expected.join() || ranSteps.join("\n") !== declared.join("\n")) {
  console.error(
    `smoke: ran jobs ${result.ran.join(", ")} (expected ${expected.join(", ")}); steps:\n${ranSteps.join("\n")}`,
  );
  process.exit(1);
}
console.log(`smoke: ${result.ran.length} jobs ran (${result.ran.join(", ")}), every step passed`);
