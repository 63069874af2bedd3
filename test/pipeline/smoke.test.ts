import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { tempDir as makeTempDir } from "../ops/fixture";
import { runWorkflow } from "./smoke/runner";

// The issue 19 smoke test runs every run: step of the committed pull request workflow that needs no
// cloud login, in order, in a fresh clone of HEAD, with the variables a runner sets: .ci/run does
// it with the real npm ci (test/pipeline/smoke/main.ts; about 10 s of CPU, so not in npm test).
// Here: the runner itself, and that it fails the way B1 and B2 failed, on planted repositories
// (main.ts also puts each defect back in a clone of this repository, and checks C11).

/** Temporary repositories of this file, removed after it. */
const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = makeTempDir(prefix);
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A repository with one workflow and a git-ignored dist/cli.js built by hand (present here, absent in a clone). */
function plantedRepo(steps: string[], extraJob = ""): string {
  const root = tempDir("smoke");
  const sh = (args: string[]) => {
    const r = spawnSync("git", args, { cwd: root, encoding: "utf8" });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  fs.mkdirSync(path.join(root, ".github", "workflows"), { recursive: true });
  fs.mkdirSync(path.join(root, "dist"));
  fs.writeFileSync(path.join(root, ".gitignore"), "dist/\n");
  fs.writeFileSync(path.join(root, "dist", "cli.js"), 'console.log("built by hand")\n');
  fs.writeFileSync(path.join(root, "README.md"), "base\n");
  const job = (s: string[]) =>
    s.map((run) => `      - name: ${JSON.stringify(run)}\n        run: ${JSON.stringify(run)}\n`).join("");
  fs.writeFileSync(
    path.join(root, ".github", "workflows", "pr.yml"),
    `on: pull_request\npermissions: {}\njobs:\n  check:\n    runs-on: ubuntu-24.04\n    permissions:\n      contents: read\n    outputs:\n      said: \${{ steps.say.outputs.said }}\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n${job(steps)}      - id: say\n        run: echo "said=$GITHUB_BASE_REF" >> "$GITHUB_OUTPUT"\n${extraJob}`,
  );
  sh(["init", "-q", "-b", "main"]);
  sh(["-c", "user.email=t@t", "-c", "user.name=t", "add", "-A"]);
  sh(["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "base"]);
  fs.writeFileSync(path.join(root, "README.md"), "change\n");
  sh(["-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qam", "change"]);
  return root;
}

describe("the smoke test fails the way B1 and B2 failed", () => {
  const run = (steps: string[], extraJob = "") =>
    runWorkflow({ repo: plantedRepo(steps, extraJob), workflow: ".github/workflows/pr.yml" });

  test("B1: a step calls what no earlier step builds (it exists only in the developer's checkout)", () => {
    const result = run(["node dist/cli.js"]);
    expect(result.ok).toBe(false);
    expect(result.failure).toMatch(/job check, step "node dist\/cli.js" failed:[\s\S]*Cannot find module/);
  });

  test("a build step before the call makes it pass", () => {
    const result = run(["mkdir -p dist && echo 'console.log(1)' > dist/cli.js", "node dist/cli.js"]);
    expect(result.failure).toBeUndefined();
  });

  test("B2: a step that exits non-zero (the lint of the repository's own workflows) fails the smoke test", () => {
    expect(run(["echo 'error workflow-id-token-scoped release.yml' >&2; exit 1"]).failure).toMatch(
      /step "echo[^"]*" failed:\nerror workflow-id-token-scoped release.yml/,
    );
  });

  test("outputs flow through GITHUB_OUTPUT and needs; a cloud login job is skipped, not run", () => {
    const result = run(
      ["true"],
      [
        "  use:",
        "    needs: check",
        "    runs-on: ubuntu-24.04",
        "    permissions: {}",
        "    steps:",
        '      - run: test "$SAID" = main',
        "        env:",
        "          SAID: ${{ needs.check.outputs.said }}",
        "  cloud:",
        "    runs-on: ubuntu-24.04",
        "    permissions:",
        "      id-token: write",
        "    steps:",
        "      - uses: aws-actions/configure-aws-credentials@e6de054238d6b7531b4efff3b6587d9aade6a06c",
        "      - run: exit 1",
        "",
      ].join("\n"),
    );
    expect(result.failure).toBeUndefined();
    expect(result.ran).toEqual(["check", "use"]);
    expect(result.skipped).toEqual([
      { job: "cloud", why: "assumes a cloud identity (aws-actions/configure-aws-credentials)" },
    ]);
  });

  test("a second upload under one artifact name without overwrite fails with GitHub's 409 (B8)", () => {
    const upload = (overwrite: boolean) =>
      `      - uses: actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f\n        with:\n          name: same\n          path: README.md\n${overwrite ? "          overwrite: true\n" : ""}`;
    const job = (overwrite: boolean) =>
      `  again:\n    runs-on: ubuntu-24.04\n    permissions: {}\n    steps:\n${upload(overwrite)}${upload(overwrite)}`;
    expect(run(["true"], job(false)).failure).toMatch(/409/);
    expect(run(["true"], job(true)).failure).toBeUndefined();
  });
});
