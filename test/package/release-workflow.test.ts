import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_ACTIONS } from "../../lib/pipeline";
import { schemaErrors } from "../pipeline/fixture";

const text = fs.readFileSync(path.join(__dirname, "../../.github/workflows/release.yml"), "utf8");
const workflow = parse(text) as {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<string, { permissions: Record<string, string>; steps: { uses?: string; run?: string }[] }>;
};
const steps = workflow.jobs.publish.steps;

describe("release workflow", () => {
  test("passes the GitHub workflow schema", () => {
    expect(schemaErrors(text)).toEqual([]);
  });

  test("runs on version tags only, with id-token: write on the publish job alone", () => {
    expect(Object.keys(workflow.on)).toEqual(["push"]);
    expect(workflow.on.push.tags).toEqual(["v*"]);
    expect(workflow.permissions).toEqual({ contents: "read" });
    expect(workflow.jobs.publish.permissions).toEqual({ contents: "read", "id-token": "write" });
  });

  test("every action is pinned to the same commit the generated pipelines use", () => {
    const pinned = Object.values(DEFAULT_ACTIONS).map((a) => `${a.repo}@${a.sha}`);
    const uses = steps.filter((s) => s.uses).map((s) => s.uses as string);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(pinned).toContain(u);
  });

  test("tests and checks the package before publishing it with provenance", () => {
    const runs = steps.map((s) => s.run ?? "");
    const ci = runs.findIndex((r) => r.includes(".ci/run"));
    const publish = runs.findIndex((r) => /^npm publish --provenance\b/.test(r));
    expect(ci).toBeGreaterThan(-1);
    expect(publish).toBeGreaterThan(ci);
  });
});
