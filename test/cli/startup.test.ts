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
