import { spawnSync } from "child_process";
import * as path from "path";

// The CLI starts without cdktf, constructs or any provider: `landform synth` runs the app in a child
// process, and the read-only commands read JSON. A command that needs them (module package) loads
// them when it runs. Measured: 0.75 s of start-up with cdktf, 0.3 s without.
const REPO = path.join(__dirname, "..", "..");

test("loading the CLI loads no cdktf, constructs or provider package", () => {
  const script = `
    require(${JSON.stringify(path.join(REPO, "lib/cli"))});
    const heavy = Object.keys(require.cache).filter((f) => /node_modules\\/(cdktf|constructs|@cdktf)\\//.test(f));
    console.log(JSON.stringify(heavy.map((f) => f.replace(/.*node_modules\\//, "")).slice(0, 5)));
  `;
  const run = spawnSync(process.execPath, ["--require", path.join(REPO, "scripts/register-ts.js"), "-e", script], {
    cwd: REPO,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  expect(JSON.parse(run.stdout)).toEqual([]);
});

// `landform synth` runs on every commit: it loads its own command's files, not the pipeline
// generator, the YAML parser or the policy engine the other commands need (45 MB and ~100 ms less).
test("landform synth loads only the synth command's files", () => {
  const script = `
    const { runCli } = require(${JSON.stringify(path.join(REPO, "lib/cli/program"))});
    const io = { stdout: { write() {} }, stderr: process.stderr, cwd: process.cwd(), env: process.env };
    const code = runCli(["synth", "--help"], io);
    const loaded = Object.keys(require.cache).map((f) => f.slice(${JSON.stringify(REPO)}.length + 1));
    console.log(JSON.stringify({ code, loaded }));
  `;
  const run = spawnSync(process.execPath, ["--require", path.join(REPO, "scripts/register-ts.js"), "-e", script], {
    cwd: REPO,
    encoding: "utf8",
  });
  expect(run.stderr).toBe("");
  const { code, loaded } = JSON.parse(run.stdout) as { code: number; loaded: string[] };
  expect(code).toBe(0);
  expect(loaded).toContain("lib/cli/commands/synth.ts");
  const others = loaded.filter((f) =>
    /^lib\/(pipeline|policy)\/|^lib\/cli\/commands\/(?!synth|index)|node_modules\/yaml\//.test(f),
  );
  expect(others).toEqual([]);
});
