import * as fs from "fs";
import * as path from "path";
import { Files, healthy, RUNNERS, writeFiles, at, copy } from "../ops/doctor/fixture";
import { cli } from "./helpers";

const RUNNER_FLAGS = Object.entries(RUNNERS).flatMap(([k, v]) => ["--runner", `${k}=${v.join(",")}`]);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function folder(files: Files): string {
  const dir = writeFiles({ ...files, "cdktf.json": { app: "node app.js", output: "terraform" } });
  dirs.push(dir);
  return dir;
}

function withoutAccess(): Files {
  const files = copy(healthy());
  delete at(files, "terraform/stacks/aws-dev-addons/cdk.tf.json", "resource").aws_eks_access_entry;
  return files;
}

describe("landform doctor", () => {
  test("every link holds: exit 0, with the defaults (cdktf.json, .github/workflows, gitops)", () => {
    const r = cli(["doctor", ...RUNNER_FLAGS], { cwd: folder(healthy()) });
    expect(r).toEqual({
      code: 0,
      stdout: "every link holds\n7 stacks, 6 appliers, 4 plan jobs: 0 errors, 0 warnings, 0 info, 0 suppressed\n",
      stderr: "",
    });
  });

  test("a broken link: exit 1, one line naming the stack, the link and the fix", () => {
    const r = cli(["doctor", ...RUNNER_FLAGS], { cwd: folder(withoutAccess()) });
    expect(r.code).toBe(1);
    expect(r.stdout.split("\n")).toEqual([
      "error aws-dev-workloads cluster-access: agent aws-dev-cluster flux-system/aws-dev-workloads -> role aws-dev-agent-runner -> cluster aws-dev-cluster: role aws-dev-agent-runner has no access entry or RBAC binding on EKS cluster aws-dev-cluster, which aws-dev-workloads's providers reach; fix: add an aws_eks_access_entry for aws-dev-agent-runner on aws-dev-cluster with an access policy association",
      "7 stacks, 6 appliers, 4 plan jobs: 1 error, 0 warnings, 0 info, 0 suppressed",
      "",
    ]);
  });

  test("--format json: the shared findings format", () => {
    const r = cli(["doctor", ...RUNNER_FLAGS, "--format", "json"], { cwd: folder(withoutAccess()) });
    const json = JSON.parse(r.stdout) as { findings: { ruleId: string; stack: string }[]; summary: { errors: number } };
    expect(r.code).toBe(1);
    expect(json.findings.map((f) => [f.ruleId, f.stack])).toEqual([["cluster-access", "aws-dev-workloads"]]);
    expect(json.summary.errors).toBe(1);
  });

  test("a fact it cannot read fails by default, not with --fail-on error", () => {
    const dir = folder(healthy());
    const strict = cli(["doctor", "--runner", "ghcr.io/acme/tf-runner=tofu,aws"], { cwd: dir });
    expect(strict.code).toBe(1);
    expect(strict.stdout).toContain("warning aws-dev-addons unreadable: deploy.yml job apply-aws-dev-addons");
    const lenient = cli(["doctor", "--runner", "ghcr.io/acme/tf-runner=tofu,aws", "--fail-on", "error"], { cwd: dir });
    expect(lenient.code).toBe(0);
  });

  test("--graph: the loop as Mermaid, the broken stack and applier red", () => {
    const r = cli(["doctor", ...RUNNER_FLAGS, "--graph"], { cwd: folder(withoutAccess()) });
    expect(r.code).toBe(1);
    const lines = r.stdout.split("\n");
    expect(lines[0]).toBe("flowchart LR");
    const id = (label: string) =>
      lines
        .find((l) => l.includes(`"${label}"`))
        ?.trim()
        .split(/[[({]/)[0];
    const stack = id("aws-dev-workloads");
    const agent = id("agent aws-dev-cluster flux-system/aws-dev-workloads");
    const role = id("role aws-dev-agent-runner");
    expect(lines).toContain(`  ${stack} -->|apply| ${agent}`);
    expect(lines).toContain(`  ${agent} -->|as| ${role}`);
    expect(lines).toContain(`  ${agent} -->|on| ${id("runner ghcr.io/acme/tf-runner:v0.16.5-aws")}`);
    expect(lines.find((l) => l.startsWith("  class "))).toBe(`  class ${stack},${agent} broken`);
  });

  test.each([
    [["--format", "xml"], '--format "xml" is not one of text, json'],
    [["--repository", "acme"], '--repository "acme" is not owner/name'],
    [
      ["--repository", "acme@1/platform"],
      '--repository "acme@1/platform" is not owner/name or owner@OWNER_ID/name@REPOSITORY_ID',
    ],
    [["--runner", "aws"], '--runner "aws" is not <label or image>=<command>'],
    [["--fail-on", "info"], '--fail-on "info" is not error or warning'],
  ])("bad usage %j: exit 2, one line", (args, message) => {
    const r = cli(["doctor", ...args], { cwd: folder(healthy()) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toContain(message);
  });
});

test("docs/cli/doctor.md shows the picture --graph draws (one environment, the agent role without its access entry)", () => {
  const files = copy(healthy(["dev"], []));
  delete at(files, "terraform/stacks/aws-dev-addons/cdk.tf.json", "resource").aws_eks_access_entry;
  const r = cli(["doctor", ...RUNNER_FLAGS, "--graph"], { cwd: folder(files) });
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "docs", "cli", "doctor.md"), "utf8");
  const picture = /```mermaid\n([\s\S]*?)```/.exec(doc)?.[1];
  expect(picture).toBe(r.stdout);
});
