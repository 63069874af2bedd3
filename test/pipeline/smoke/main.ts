// The smoke test of the committed pull request workflow as CI runs it (.ci/run): every job that
// needs no cloud login, step by step, in a fresh clone of HEAD, with the real Install step
// (npm ci). jest runs the same smoke test (test/pipeline/smoke.test.ts) with node_modules linked
// only for planted repositories, to keep npm test fast. `npm test` is not run again inside the clone: .ci/run has just
// run it on the same commit.
//   node --require ./scripts/register-ts.js test/pipeline/smoke/main.ts [--link-node-modules <dir>]
// --link-node-modules replaces npm ci by a link to an installed node_modules (a local run).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
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

// The same workflow fails the way B1 and B2 failed when each defect is put back in a clone of this
// commit, and a pull request base the trunk no longer holds falls back to the merge's first parent (C11).
// These link this checkout's node_modules (the run above proved the real install).
const installed = link ?? path.join(repo, "node_modules");
const local = {
  replace: { "npm ci": { run: `ln -s ${JSON.stringify(installed)} node_modules`, why: "installed by the run above" } },
};
function changedClone(file: string, from: RegExp, to: string): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "smoke-repo-"));
  const run = (cmd: string, args: string[], cwd?: string) => {
    const r = spawnSync(cmd, args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  fs.rmSync(root, { recursive: true, force: true });
  run("git", ["clone", "-q", repo, root]);
  const text = fs.readFileSync(path.join(root, file), "utf8");
  if (!from.test(text)) throw new Error(`smoke: ${file} no longer contains ${from}; update this check`);
  fs.writeFileSync(path.join(root, file), text.replace(from, to));
  run("git", ["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "put the defect back"], root);
  return root;
}
const expectFailure = (name: string, clone: string, pattern: RegExp) => {
  const r = runWorkflow({ repo: clone, workflow: WORKFLOW, ...local, only: ["policy"] });
  fs.rmSync(clone, { recursive: true, force: true });
  if (r.failure === undefined || !pattern.test(r.failure)) {
    console.error(`smoke: with ${name} put back the policy job should fail (${pattern}); it ${r.failure ?? "passed"}`);
    process.exit(1);
  }
  console.log(`smoke: with ${name} put back, the policy job fails as it did`);
};
expectFailure(
  "B1 (the CLI from an unbuilt dist/)",
  changedClone(WORKFLOW, /npx landform /g, "node dist/bin/landform.js "),
  /job policy, step "Workflow policy" failed:[\s\S]*Cannot find module '.*dist\/bin\/landform.js'/,
);
expectFailure(
  "B2 (release.yml without --provenance)",
  changedClone(".github/workflows/release.yml", / --provenance/g, ""),
  /job policy, step "Workflow policy" failed:[\s\S]*workflow-id-token-scoped/,
);
const gone = "0123456789abcdef0123456789abcdef01234567";
const c11 = runWorkflow({ repo, workflow: WORKFLOW, ...local, only: ["affected"], base: gone });
const listed = c11.steps.find((s) => s.step === "List affected stacks")?.output ?? "";
if (c11.failure !== undefined || !listed.includes(`::warning::base ${gone} is not in the repository any more`)) {
  console.error(`smoke: a vanished pull request base should fall back to HEAD^1 (C11): ${c11.failure ?? listed}`);
  process.exit(1);
}
console.log("smoke: a vanished pull request base falls back to the trunk merged onto (C11)");
