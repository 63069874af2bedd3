import * as fs from "fs";
import * as path from "path";
import { affectedStacks } from "../../lib/ops";
import { commitAll, FixtureStack, git, gitInit, PLATFORM, writeOutput } from "./fixture";

/**
 * The deploy workflow's question, with real git: which stacks differ from the commit last applied
 * for each of them (a tag `landform/applied/<stack>` moved after each successful apply)?
 */
describe("affectedStacks with a per-stack base (last successful apply)", () => {
  const edit = (stacks: readonly FixtureStack[], name: string, change: Partial<FixtureStack>) =>
    stacks.map((s) => (s.name === name ? { ...s, ...change } : s));
  const setup = () => {
    const repo = gitInit("affected-stack-base");
    const out = path.join(repo, "terraform");
    fs.mkdirSync(out);
    writeOutput(out, PLATFORM);
    const first = commitAll(repo, "platform");
    const applied = (stack: string, commit: string) => git(repo, "tag", "-f", `landform/applied/${stack}`, commit);
    return { repo, out, first, applied };
  };
  const TEMPLATE = "landform/applied/{stack}";

  test("a stack whose apply failed stays affected on the next push that does not touch it", () => {
    const { repo, out, first, applied } = setup();
    for (const s of PLATFORM) applied(s.name, first);
    // Push 1 changes network; its apply fails, so only the stacks that were applied move their tag.
    const v1 = edit(PLATFORM, "network", { revision: 1 });
    writeOutput(out, v1);
    const push1 = commitAll(repo, "network change");
    // Push 2 changes only dns: a diff against the previous push alone would forget network.
    writeOutput(out, edit(v1, "dns", { revision: 1 }));
    const push2 = commitAll(repo, "dns change");
    expect(affectedStacks({ dir: "terraform", base: push1, head: push2, cwd: repo }).affected).toEqual(["dns"]);
    const result = affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head: push2, cwd: repo });
    expect(result.changed).toEqual([
      { name: "dns", change: "modified" },
      { name: "network", change: "modified" },
    ]);
    expect(result.affected).toEqual(["dns", "network", "cluster", "apps", "jobs"]);
    expect(result.bases).toEqual({ apps: first, cluster: first, dns: first, jobs: first, network: first });
    expect(result.baseCommit).toBeUndefined();
    expect(result.base).toBe(TEMPLATE);

    // Network is applied at push 2 with its dependents; dns failed this time: only dns is left.
    for (const s of ["network", "cluster", "apps", "jobs"]) applied(s, push2);
    const after = affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head: push2, cwd: repo });
    expect(after.changed).toEqual([{ name: "dns", change: "modified" }]);
    expect(after.affected).toEqual(["dns"]);
    expect(after.bases?.network).toBe(push2);
  });

  test("a stack never applied is added without --base, and compared from --base with it", () => {
    const { repo, out, first, applied } = setup();
    applied("network", first);
    writeOutput(out, edit(PLATFORM, "apps", { revision: 3 }));
    const head = commitAll(repo, "apps change");
    const alone = affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head, cwd: repo });
    expect(alone.changed.map((c) => `${c.change} ${c.name}`)).toEqual([
      "added apps",
      "added cluster",
      "added dns",
      "added jobs",
    ]);
    expect(alone.bases).toEqual({ apps: null, cluster: null, dns: null, jobs: null, network: first });
    const withBase = affectedStacks({ dir: "terraform", base: first, stackBase: TEMPLATE, head, cwd: repo });
    expect(withBase.changed).toEqual([{ name: "apps", change: "modified" }]);
    expect(withBase.baseCommit).toBe(first);
  });

  test("a stack applied once and gone at head is removed, and its dependents at head are affected", () => {
    const { repo, out, first, applied } = setup();
    for (const s of PLATFORM) applied(s.name, first);
    // apps is deleted; jobs no longer depends on cluster but still exists unchanged.
    writeOutput(
      out,
      PLATFORM.filter((s) => s.name !== "apps"),
    );
    const head = commitAll(repo, "drop apps");
    const result = affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head, cwd: repo });
    expect(result.changed).toEqual([{ name: "apps", change: "removed" }]);
    expect(result.affected).toEqual([]);
    // Once a person has destroyed it and deleted its tag, it is no longer reported.
    git(repo, "tag", "-d", "landform/applied/apps");
    expect(affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head, cwd: repo }).changed).toEqual([]);
  });

  test("refs resolve as git resolves short names: a tag or a full ref; other names are not stacks", () => {
    const { repo, out, first } = setup();
    git(repo, "update-ref", "refs/landform/applied/network", first);
    git(repo, "tag", "landform/applied-else/dns", first);
    writeOutput(out, edit(PLATFORM, "network", { revision: 5 }));
    const head = commitAll(repo, "network change");
    const short = affectedStacks({ dir: "terraform", stackBase: TEMPLATE, head, cwd: repo });
    expect(short.bases).toMatchObject({ network: first, dns: null });
    const full = affectedStacks({ dir: "terraform", stackBase: "refs/landform/applied/{stack}", head, cwd: repo });
    expect(full.changed.filter((c) => c.name === "network")).toEqual([{ name: "network", change: "modified" }]);
  });

  test.each([["landform/applied"], ["landform/{stack}/{stack}"], ["-{stack}"]])("template %s is refused", (t) => {
    const { repo } = setup();
    expect(() => affectedStacks({ dir: "terraform", stackBase: t, cwd: repo })).toThrow(
      `stack base "${t}" does not name one ref per stack with {stack} once; write a ref with {stack} once, e.g. landform/applied/{stack}.`,
    );
  });

  test("no base at all is refused", () => {
    const { repo } = setup();
    expect(() => affectedStacks({ dir: "terraform", cwd: repo })).toThrow(
      "no base to compare from; pass --base <ref>, --stack-base <template with {stack}>, or both.",
    );
  });
});
