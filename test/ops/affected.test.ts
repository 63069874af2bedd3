import * as fs from "fs";
import * as path from "path";
import { affectedStacks, OpsInputError } from "../../lib/ops";
import { commitAll, FixtureStack, gitInit, PLATFORM, tempDir, writeOutput } from "./fixture";

/** A repository whose `terraform/` holds PLATFORM at the first commit; returns it and the base commit. */
function repoWithPlatform(): { repo: string; out: string; base: string } {
  const repo = gitInit("affected");
  const out = path.join(repo, "terraform");
  fs.mkdirSync(out);
  writeOutput(out, PLATFORM);
  fs.writeFileSync(path.join(repo, "README.md"), "x\n");
  return { repo, out, base: commitAll(repo, "platform") };
}

const edit = (name: string, change: Partial<FixtureStack>) =>
  PLATFORM.map((s) => (s.name === name ? { ...s, ...change } : s));

describe("affectedStacks", () => {
  const { repo, out, base } = repoWithPlatform();

  test("a changed stack affects itself and every stack depending on it, in wave order", () => {
    writeOutput(out, edit("cluster", { revision: 1 }));
    const head = commitAll(repo, "cluster tag");
    const result = affectedStacks({ dir: "terraform", base, head, cwd: repo });
    expect(result).toEqual({
      base,
      head,
      baseCommit: base,
      headCommit: head,
      changed: [{ name: "cluster", change: "modified" }],
      affected: ["cluster", "apps", "jobs"],
      waves: [["cluster"], ["apps", "jobs"]],
    });
  });

  test("the head defaults to HEAD; a change to a leaf affects only it", () => {
    writeOutput(out, edit("dns", { revision: 1 }));
    commitAll(repo, "dns tag");
    const result = affectedStacks({ dir: "terraform", base, cwd: repo });
    expect([result.head, result.affected]).toEqual(["HEAD", ["dns"]]);
  });

  test("a change to cdktf's // metadata only, or to files outside the folder, affects nothing", () => {
    writeOutput(out, edit("network", { metadataRevision: 7 }));
    fs.writeFileSync(path.join(repo, "README.md"), "y\n");
    const head = commitAll(repo, "metadata only");
    expect(affectedStacks({ dir: "terraform", base, head, cwd: repo })).toMatchObject({
      changed: [],
      affected: [],
      waves: [],
    });
  });

  test("a renamed stack is removed plus added; a removed one's dependents are affected", () => {
    const renamed = PLATFORM.filter((s) => s.name !== "dns" && s.name !== "apps").map((s) =>
      s.name === "network"
        ? { ...s, name: "net" }
        : { ...s, dependsOn: s.dependsOn?.map((d) => (d === "network" ? "net" : d)) },
    );
    writeOutput(out, renamed);
    const head = commitAll(repo, "rename network, drop dns and apps");
    const result = affectedStacks({ dir: "terraform", base, head, cwd: repo });
    expect(result.changed).toEqual([
      { name: "apps", change: "removed" },
      { name: "dns", change: "removed" },
      { name: "net", change: "added" },
      { name: "network", change: "removed" },
    ]);
    expect(result.waves).toEqual([["net"], ["cluster"], ["jobs"]]);
  });

  test("a folder that appears at head: every stack is added", () => {
    const fresh = gitInit("fresh");
    fs.writeFileSync(path.join(fresh, "README.md"), "x\n");
    const first = commitAll(fresh, "empty");
    writeOutput(path.join(fresh, "out"), PLATFORM);
    commitAll(fresh, "synth");
    const result = affectedStacks({ dir: "out", base: first, cwd: fresh });
    expect(result.changed.every((c) => c.change === "added")).toBe(true);
    expect(result.waves).toEqual([["dns", "network"], ["cluster"], ["apps", "jobs"]]);
  });

  test("works from a subfolder of the repository, with the output folder given relative to it", () => {
    const sub = path.join(repo, "terraform", "stacks");
    expect(affectedStacks({ dir: "..", base, head: base, cwd: sub }).changed).toEqual([]);
  });

  test.each([
    [
      { base: "no-such-branch" },
      /^base ref "no-such-branch" is not a commit in .+; check the name, and fetch it first in a shallow CI clone\.$/,
    ],
    [{ base: "HEAD", head: "v9" }, /^head ref "v9" is not a commit in /],
    [{ base: "--output=x" }, /^base ref "--output=x" is not a git ref\.$/],
    [{ base: "HEAD", dir: "nowhere" }, /^nowhere: no Terraform JSON found at HEAD or at HEAD; /],
  ])("bad refs and folders are input errors: %j", (given, message) => {
    const run = () => affectedStacks({ dir: "terraform", cwd: repo, ...given });
    expect(run).toThrow(OpsInputError);
    expect(run).toThrow(message);
  });

  test("a folder outside any git repository is an input error", () => {
    const plain = writeOutput(tempDir("nogit"), PLATFORM);
    expect(() => affectedStacks({ dir: ".", base: "HEAD", cwd: plain })).toThrow(
      new OpsInputError(`${plain}: is not inside a git repository; run this in a clone of the repository.`),
    );
  });
});
