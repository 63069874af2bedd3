#!/usr/bin/env node
// `npm run synth:check`: `landform synth --check` (the generated-files writer's check of cdktf.json's
// "output") with no LANDFORM_* override set, because the committed output is the platform
// synthesized without overrides (stacks/config.ts).
require("./register-ts.js");
const { runCli } = require("../lib/cli/program");

const overrides = Object.keys(process.env).filter((k) => k.startsWith("LANDFORM_"));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LANDFORM_")));
if (overrides.length > 0)
  console.log(`synth:check ignores ${overrides.join(", ")}: the committed output is synthesized without overrides.`);

process.exitCode = runCli(["synth", "--check", ...process.argv.slice(2)], {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env,
});
