import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { DEFAULT_ACTIONS } from "../../lib/pipeline";
import { workflowsPack } from "../../lib/policy/packs/workflows";
import { checkWorkflows } from "../../lib/policy/workflows/rule";
import { schemaErrors } from "../pipeline/fixture";

const text = fs.readFileSync(path.join(__dirname, "../../.github/workflows/release.yml"), "utf8");
const workflow = parse(text) as {
  on: { push: { tags: string[] } };
  permissions: Record<string, string>;
  jobs: Record<
    string,
    {
      permissions: Record<string, string>;
      environment?: string;
      "timeout-minutes"?: number;
      steps: { uses?: string; run?: string; env?: Record<string, string> }[];
    }
  >;
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

  test("publishes through npm trusted publishing: an environment, a timeout, no token secret", () => {
    expect(workflow.jobs.publish.environment).toBe("npm");
    expect(workflow.jobs.publish["timeout-minutes"]).toBeGreaterThan(0);
    expect(text).not.toMatch(/secrets\./);
    expect(steps.some((s) => s.env !== undefined && "NODE_AUTH_TOKEN" in s.env)).toBe(false);
    // Trusted publishing needs npm 11.5.1 or later, installed before publishing.
    const runs = steps.map((s) => s.run ?? "");
    const npm = runs.findIndex((r) => /npm install --global npm@11\.\d+\.\d+$/.test(r.trim()));
    expect(npm).toBeGreaterThan(-1);
    expect(runs.findIndex((r) => r.startsWith("npm publish"))).toBeGreaterThan(npm);
  });

  test("passes Landform's own workflow rules (pipeline lint)", () => {
    expect(checkWorkflows([{ file: ".github/workflows/release.yml", workflow: parse(text) }], workflowsPack)).toEqual(
      [],
    );
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
