import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

// pipelines-review B1: a step that runs the build in dist/ fails with MODULE_NOT_FOUND unless an
// earlier step of its job builds it. The reference workflows call `npx landform`, which runs the
// TypeScript source after `npm ci`; this keeps any dist/ call behind a build.
const FOLDER = path.join(__dirname, "..", "..", ".github", "workflows");

interface Step {
  readonly run?: string;
}

/** `file: job` for every step that runs dist/ with no build before it in its job. */
export function unbuiltDistCalls(workflows: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [file, text] of Object.entries(workflows)) {
    const jobs = (parse(text) as { jobs: Record<string, { steps?: Step[] }> }).jobs;
    for (const [id, job] of Object.entries(jobs)) {
      let built = false;
      for (const step of job.steps ?? []) {
        const run = step.run ?? "";
        if (/\bnpm run build\b|\btsc\b/.test(run)) built = true;
        if (/\bdist\//.test(run) && !built) out.push(`${file}: ${id}`);
      }
    }
  }
  return out;
}

test("no step of the committed workflows runs dist/ before a step of its job builds it", () => {
  const files = fs.readdirSync(FOLDER).filter((f) => f.startsWith("landform-"));
  expect(files.length).toBeGreaterThan(0);
  const workflows = Object.fromEntries(files.map((f) => [f, fs.readFileSync(path.join(FOLDER, f), "utf8")]));
  expect(unbuiltDistCalls(workflows)).toEqual([]);
  // The reference calls the CLI through npx, which finds this package's bin.
  expect(Object.values(workflows).some((text) => text.includes("npx landform "))).toBe(true);
});

test("the check fires on a dist/ call with no build before it, and not after one", () => {
  const job = (steps: string[]) => `jobs:\n  j:\n    steps:\n${steps.map((s) => `      - run: ${s}\n`).join("")}`;
  expect(unbuiltDistCalls({ "a.yml": job(["npm ci", "node dist/bin/landform.js stacks"]) })).toEqual(["a.yml: j"]);
  expect(unbuiltDistCalls({ "a.yml": job(["npm ci", "npm run build", "node dist/bin/landform.js stacks"]) })).toEqual(
    [],
  );
});
