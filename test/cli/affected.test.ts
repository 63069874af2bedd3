import * as fs from "fs";
import * as path from "path";
import { affectedStacks } from "../../lib/ops";
import { commitAll, git, gitInit, PLATFORM, tempDir, writeOutput } from "../ops/fixture";
import { cli } from "./helpers";

describe("landform affected", () => {
  const repo = gitInit("cli-affected");
  const out = path.join(repo, "terraform");
  fs.mkdirSync(out);
  writeOutput(out, PLATFORM);
  fs.writeFileSync(path.join(repo, "cdktf.json"), JSON.stringify({ app: "x", output: "terraform" }));
  const base = commitAll(repo, "platform");
  writeOutput(
    out,
    PLATFORM.map((s) => (s.name === "network" ? { ...s, revision: 2 } : s)),
  );
  const head = commitAll(repo, "network tag");
  const run = (...args: string[]) => cli(args, { cwd: repo });

  test("text: what changed and the affected stacks by wave; exit 0", () => {
    expect(run("affected", "--base", base)).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `1 stack changed between ${base} (${base.slice(0, 7)}) and HEAD (${head.slice(0, 7)}):`,
        "  modified  network",
        "affected, in wave order (plan and apply each wave after the one before):",
        "  wave 1: network",
        "  wave 2: cluster",
        "  wave 3: apps, jobs",
        "",
      ].join("\n"),
    });
  });

  test("json: the documented shape, for pipelines", () => {
    const json = JSON.parse(run("affected", "terraform", "--base", base, "--head", head, "--format", "json").stdout);
    expect(json).toEqual(affectedStacks({ dir: "terraform", base, head, cwd: repo }));
    expect(Object.keys(json)).toEqual(["base", "head", "baseCommit", "headCommit", "changed", "affected", "waves"]);
    expect(json.affected).toEqual(["network", "cluster", "apps", "jobs"]);
  });

  test("--stack-base: each stack from its own ref; the JSON says which commit each was compared from", () => {
    git(repo, "tag", "-f", "landform/applied/network", head);
    git(repo, "tag", "-f", "landform/applied/cluster", base);
    const json = JSON.parse(
      run("affected", "--stack-base", "landform/applied/{stack}", "--base", base, "--format", "json").stdout,
    );
    expect(json.bases).toEqual({ apps: base, cluster: base, dns: base, jobs: base, network: head });
    expect(json.changed).toEqual([]);
    const text = run("affected", "--stack-base", "landform/applied/{stack}", "--head", head);
    expect(text.stdout).toContain(
      `3 stacks changed between each stack's own base or landform/applied/{stack} and ${head} (${head.slice(0, 7)}):\n  added  apps\n  added  dns\n  added  jobs\n`,
    );
    git(repo, "tag", "-d", "landform/applied/network", "landform/applied/cluster");
  });

  test("--exit-code: 1 when a stack is affected, 0 when none is", () => {
    expect(run("affected", "--base", base, "--exit-code").code).toBe(1);
    expect(run("affected", "--base", head, "--exit-code")).toEqual({
      code: 0,
      stderr: "",
      stdout: `no stack changed between ${head} (${head.slice(0, 7)}) and HEAD (${head.slice(0, 7)})\n`,
    });
  });

  test.each([
    [
      ["affected"],
      `landform: no base to compare from; pass --base <ref>, --stack-base <template with {stack}>, or both.\n`,
    ],
    [
      ["affected", "--base", "no-such-ref"],
      `landform: base ref "no-such-ref" is not a commit in ${fs.realpathSync(repo)}; check the name, and fetch it first in a shallow CI clone.\n`,
    ],
  ])("%j exits 2 with one line", (args, stderr) => {
    expect(run(...args)).toEqual({ code: 2, stdout: "", stderr });
  });

  test("a folder outside git exits 2 with one line", () => {
    const plain = writeOutput(tempDir("plain"), PLATFORM);
    expect(cli(["affected", ".", "--base", "HEAD"], { cwd: plain })).toEqual({
      code: 2,
      stdout: "",
      stderr: `landform: ${plain}: is not inside a git repository; run this in a clone of the repository.\n`,
    });
  });
});
