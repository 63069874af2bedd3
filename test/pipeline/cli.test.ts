import * as fs from "fs";
import * as path from "path";
import { cli } from "../cli/helpers";
import { GRAPH, writeRepo } from "./fixture";

const DECLARATION = `const { GitHubPipeline, PrivateRunner } = require(${JSON.stringify(path.join(__dirname, "../../lib/pipeline"))});
exports.pipeline = new GitHubPipeline({
  repository: "acme/platform",
  aws: { dev: { account: "111111111111" } },
  gcp: { prod: { project: "acme-prod", projectNumber: "123456789" } },
  privateStacks: { apps: PrivateRunner.pullAgent("tofu-controller") },
});
`;

function repo(declaration = DECLARATION): string {
  const root = writeRepo(GRAPH);
  fs.writeFileSync(path.join(root, "landform.pipeline.ts"), declaration);
  fs.writeFileSync(path.join(root, "cdktf.json"), JSON.stringify({ output: "terraform" }));
  return root;
}

describe("landform pipeline generate", () => {
  test("writes the workflows, says what it skipped, and --check then passes", () => {
    const root = repo();
    const run = cli(["pipeline", "generate"], { cwd: root });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("wrote   .github/workflows/landform-pull-request.yml");
    expect(run.stdout).toContain(
      "skipped apps: its provider reaches a private Kubernetes API; planned and applied in the cluster by tofu-controller",
    );
    expect(run.stdout).toContain("Give these GitHub environments required reviewers: prod;");
    expect(cli(["pipeline", "generate", "--check"], { cwd: root })).toMatchObject({ code: 0 });
  });

  test("--check names each stale file and exits 1", () => {
    const root = repo();
    cli(["pipeline", "generate"], { cwd: root });
    fs.appendFileSync(path.join(root, ".github/workflows/landform-drift.yml"), "# edited\n");
    fs.writeFileSync(path.join(root, ".github/workflows/landform-old.yml"), "name: old\n");
    fs.rmSync(path.join(root, ".github/workflows/landform-deploy.yml"));
    const run = cli(["pipeline", "generate", "--check"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n").filter(Boolean)).toEqual([
      'landform: .github/workflows/landform-deploy.yml missing; run "landform pipeline generate" and commit it.',
      'landform: .github/workflows/landform-drift.yml differs; run "landform pipeline generate" and commit it.',
      'landform: .github/workflows/landform-old.yml no longer generated; run "landform pipeline generate" and commit it.',
    ]);
  });

  test("a bad declaration is one line and exit 2", () => {
    const root = repo(DECLARATION.replace('"acme/platform"', '"acme"'));
    const run = cli(["pipeline", "generate"], { cwd: root });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `landform: landform.pipeline.ts: GitHubPipeline 'pipeline': repository "acme" is not owner/name; write it as GitHub shows it, e.g. "acme/platform".\n`,
    );
  });

  test("no declaration", () => {
    const root = repo();
    fs.rmSync(path.join(root, "landform.pipeline.ts"));
    expect(cli(["pipeline", "generate"], { cwd: root }).stderr).toContain(
      "no pipeline declaration: ./landform.pipeline.ts does not exist",
    );
  });
});

describe("landform pipeline lint", () => {
  test("reports findings and exits 1", () => {
    const root = repo();
    fs.mkdirSync(path.join(root, ".github/workflows"), { recursive: true });
    fs.writeFileSync(
      path.join(root, ".github/workflows/ci.yml"),
      "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n",
    );
    const run = cli(["pipeline", "lint"], { cwd: root });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(
      [
        "error workflow-actions-pinned .github/workflows/ci.yml: jobs.a.steps[0]: actions/checkout@v4 is not pinned to a commit SHA",
        "error workflow-no-pull-request-target .github/workflows/ci.yml: on: runs on pull_request_target",
        "1 workflow, 2 findings",
        "",
      ].join("\n"),
    );
  });
});
