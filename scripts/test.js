#!/usr/bin/env node
// `npm test`: the static checks (scripts/static-checks.js) and jest side by side, since neither
// keeps both cores busy all the time; the static checks' report is printed after jest's. Arguments
// go to jest (`npm test -- test/network.test.ts`). Exits non-zero when either fails.
const { spawn } = require("child_process");
const path = require("path");

const root = path.join(__dirname, "..");
const run = (args, stdio) => spawn(process.execPath, args, { cwd: root, stdio });
const exited = (child) => new Promise((resolve) => child.on("close", (code) => resolve(code ?? 1)));

const checks = run([path.join(__dirname, "static-checks.js")], ["ignore", "pipe", "pipe"]);
let report = "";
checks.stdout.on("data", (d) => (report += d));
checks.stderr.on("data", (d) => (report += d));
const jest = run([require.resolve("jest/bin/jest", { paths: [root] }), ...process.argv.slice(2)], "inherit");

Promise.all([exited(checks), exited(jest)]).then(([checksCode, jestCode]) => {
  process.stdout.write(`\nstatic checks:\n${report}`);
  process.exitCode = checksCode !== 0 || jestCode !== 0 ? 1 : 0;
});
