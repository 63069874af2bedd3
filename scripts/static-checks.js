#!/usr/bin/env node
// `npm test`'s static checks (types, lint, formatting) run side by side: each is mostly one
// process on one core, so together they take the time of the slowest rather than the sum.
// Checks that need the TypeScript compiler (a build, a compile of the docs' examples) live here,
// not in jest: every scripts/type-checks/*.ts runs as one more check, printing its problems and
// exiting non-zero on failure. Its jest test plants a failure for each check it makes.
const { spawn } = require("child_process");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const bin = (name) => require.resolve(`.bin/${name}`, { paths: [path.join(root, "node_modules")] });
const typeChecks = fs
  .readdirSync(path.join(__dirname, "type-checks"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => [
    `types:${path.basename(f, ".ts")}`,
    ["--require", "./scripts/register-ts.js", `scripts/type-checks/${f}`],
  ]);

// Each tool keeps its own cache in node_modules/.cache/landform: a rerun checks only what changed
// (tsc's build info, eslint's and prettier's per-file results keyed by content and config). A fresh
// clone, as in CI, has none and checks everything.
const cache = path.join(root, "node_modules", ".cache", "landform");
const checks = [
  ["typecheck", [bin("tsc"), "--noEmit", "--incremental", "--tsBuildInfoFile", path.join(cache, "tsc.tsbuildinfo")]],
  ["lint", [bin("eslint"), "--cache", "--cache-location", path.join(cache, "eslint") + path.sep, "."]],
  ["format:check", [bin("prettier"), "--check", "--cache", "--cache-location", path.join(cache, "prettier"), "."]],
  ...typeChecks,
];

const runs = checks.map(
  ([name, args]) =>
    new Promise((resolve) => {
      const child = spawn(process.execPath, args, { cwd: root });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      child.on("close", (code) => resolve({ name, code, output }));
    }),
);

Promise.all(runs).then((results) => {
  for (const r of results) {
    const status = r.code === 0 ? "ok" : `failed (exit ${r.code})`;
    process.stdout.write(`${r.name}: ${status}\n`);
    if (r.code !== 0) process.stdout.write(r.output);
  }
  process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
});
