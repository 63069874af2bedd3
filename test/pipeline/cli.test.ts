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
        ".github/workflows/ci.yml",
        "  error workflow-actions-pinned",
        "    jobs.a.steps[0]: actions/checkout@v4 is not pinned to a commit SHA",
        "    fix: Write `uses: owner/repo@<40-character commit SHA> # vX.Y.Z`, the commit the release tag resolves to; let an update bot bump SHA and comment together.",
        "  error workflow-no-pull-request-target",
        "    on: runs on pull_request_target",
        "    fix: Use the pull_request event: forks get a read-only token and no OIDC token, which is what untrusted code should have.",
        "",
        "1 workflow, 5 rules: 2 errors, 0 warnings, 0 info, 0 suppressed",
        "",
      ].join("\n"),
    );
  });

  // Workflow rules run in the policy engine: suppressions, --fail-on and the formats as for Terraform.
  describe("as the policy engine's rules", () => {
    const WORKFLOW =
      "on: pull_request_target\npermissions: {}\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n";
    const FILE = ".github/workflows/ci.yml";
    function lintRepo(config?: object): string {
      const root = repo();
      fs.mkdirSync(path.join(root, ".github/workflows"), { recursive: true });
      fs.writeFileSync(path.join(root, FILE), WORKFLOW);
      if (config) fs.writeFileSync(path.join(root, "landform.policy.json"), JSON.stringify(config));
      return root;
    }
    const accepted = { ruleId: "workflow-no-pull-request-target", address: FILE, reason: "labels gate it" };

    test("a suppression in landform.policy.json accepts a finding, with its reason; the rest still fails", () => {
      const run = cli(["pipeline", "lint", "--format", "json"], { cwd: lintRepo({ suppressions: [accepted] }) });
      expect(run.code).toBe(1);
      const json = JSON.parse(run.stdout);
      expect(json.files).toBe(1);
      expect(
        json.findings.map((f: { ruleId: string; suppressed: boolean; reason: string | null }) => [
          f.ruleId,
          f.suppressed,
          f.reason,
        ]),
      ).toEqual([
        ["workflow-actions-pinned", false, null],
        ["workflow-no-pull-request-target", true, "labels gate it"],
      ]);
      expect(json.findings[0]).toMatchObject({ file: FILE, address: FILE, severity: "error", stack: "" });
      expect(json.summary).toEqual({ files: 1, rules: 5, errors: 1, warnings: 0, infos: 0, suppressed: 1 });
    });

    test("suppressing every error passes; an unmatched suppression is a warning, failing only with --fail-on warning", () => {
      const stale = { ruleId: "workflow-actions-pinned", address: ".github/workflows/gone.yml", reason: "old" };
      const pinned = { ruleId: "workflow-actions-pinned", address: FILE, reason: "vendored" };
      const root = lintRepo({ suppressions: [accepted, pinned, stale] });
      const run = cli(["pipeline", "lint"], { cwd: root });
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("warning unmatched-suppression  .github/workflows/gone.yml");
      expect(cli(["pipeline", "lint", "--fail-on", "warning"], { cwd: root }).code).toBe(1);
    });

    test("policy check ignores the workflow suppressions of the shared config file, and lint the Terraform ones", () => {
      const root = lintRepo({
        suppressions: [accepted, { ruleId: "no-public-ip", address: "aws_instance.x", reason: "bastion" }],
      });
      const lint = JSON.parse(cli(["pipeline", "lint", "--format", "json"], { cwd: root }).stdout);
      expect(lint.findings.map((f: { ruleId: string }) => f.ruleId)).not.toContain("unmatched-suppression");
      fs.writeFileSync(path.join(root, "stack.tf.json"), JSON.stringify({ resource: {} }));
      const policy = JSON.parse(cli(["policy", "check", "stack.tf.json", "--format", "json"], { cwd: root }).stdout);
      expect(policy.findings.map((f: { message: string }) => f.message)).toEqual([
        'suppression of no-public-ip on address aws_instance.x matches no finding; its reason was "bastion"',
      ]);
    });

    test("SARIF from the one writer, suppressed results with their justification", () => {
      const run = cli(["pipeline", "lint", "--format", "sarif"], { cwd: lintRepo({ suppressions: [accepted] }) });
      const sarif = JSON.parse(run.stdout);
      expect(sarif.runs[0].tool.driver.name).toBe("landform-pipeline-lint");
      expect(
        sarif.runs[0].results.map((r: { ruleId: string; suppressions?: unknown }) => [
          r.ruleId,
          r.suppressions ?? null,
        ]),
      ).toEqual([
        ["workflow-actions-pinned", null],
        ["workflow-no-pull-request-target", [{ kind: "inSource", justification: "labels gate it" }]],
      ]);
      expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe(FILE);
    });

    test("--fail-on takes error or warning", () => {
      const run = cli(["pipeline", "lint", "--fail-on", "info"], { cwd: lintRepo() });
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'landform: --fail-on "info" is not error or warning; see "landform pipeline lint --help".\n',
      );
    });
  });
});
