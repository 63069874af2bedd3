#!/usr/bin/env node
// `npm test`'s static checks (types, lint, formatting) run side by side: each is mostly one
// process on one core, so together they take the time of the slowest rather than the sum.
const { spawn } = require("child_process");

const checks = [
  ["typecheck", "tsc", ["--noEmit"]],
  ["lint", "eslint", ["."]],
  ["format:check", "prettier", ["--check", "."]],
];

const runs = checks.map(
  ([name, bin, args]) =>
    new Promise((resolve) => {
      const script = require.resolve(`.bin/${bin}`, { paths: [`${__dirname}/../node_modules`] });
      const child = spawn(process.execPath, [script, ...args], { cwd: `${__dirname}/..` });
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
