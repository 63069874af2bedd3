#!/usr/bin/env node
// `landform synth` must write what `cdktf synth` writes, byte for byte: run both tools on the
// reference platform (cdktf.json at the root) and on every example on both clouds
// (test/fixtures/synth-examples, which also writes the environment its app got), and compare every
// file. Four whole syntheses, so CI runs it (.ci/run, `npm run synth:compare`) rather than jest;
// test/cli/synth.test.ts covers the command's own behaviour on small apps.
const { spawnSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const APPS = [
  ["the reference platform", ROOT],
  ["the examples on aws and gcp", path.join(ROOT, "test/fixtures/synth-examples")],
];

/** This process's environment without Landform's overrides (the committed output has none). */
function baseEnv() {
  const env = { CHECKPOINT_DISABLE: "1", TF_VAR_region: "not for synth" };
  for (const [k, v] of Object.entries(process.env))
    if (v !== undefined && !k.startsWith("LANDFORM_") && k !== "NODE_ENV") env[k] = v;
  return env;
}

/** Every file under a folder with its bytes, by relative path. */
function tree(dir, sub = "") {
  const out = new Map();
  for (const e of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
    const rel = sub === "" ? e.name : `${sub}/${e.name}`;
    if (e.isDirectory()) for (const [k, v] of tree(dir, rel)) out.set(k, v);
    else out.set(rel, fs.readFileSync(path.join(dir, rel)));
  }
  return out;
}

/** The differences between what cdktf wrote and what landform wrote, one line each. */
function compare(expected, actual) {
  const problems = [];
  if (!expected.has("manifest.json")) problems.push("cdktf synth wrote no manifest.json");
  for (const file of expected.keys()) if (!actual.has(file)) problems.push(`${file}: missing from landform synth`);
  for (const file of actual.keys()) if (!expected.has(file)) problems.push(`${file}: only in landform synth`);
  for (const [file, bytes] of expected)
    if (actual.has(file) && !actual.get(file).equals(bytes)) problems.push(`${file}: differs`);
  return problems;
}

function run(name, cwd) {
  const env = baseEnv();
  const byCdktf = fs.mkdtempSync(path.join(os.tmpdir(), "lf-cdktf-"));
  const byLandform = fs.mkdtempSync(path.join(os.tmpdir(), "lf-landform-"));
  try {
    const tools = [
      ["cdktf synth", path.join(ROOT, "node_modules/.bin/cdktf"), ["synth", "--output", byCdktf]],
      ["landform synth", process.execPath, [path.join(ROOT, "bin/landform.js"), "synth", "--output", byLandform]],
    ];
    for (const [tool, command, args] of tools) {
      const r = spawnSync(command, args, { cwd, env, encoding: "utf8" });
      if (r.status !== 0) return [`${tool} failed (exit ${r.status}): ${(r.stderr || r.stdout).trim()}`];
    }
    return compare(tree(byCdktf), tree(byLandform));
  } finally {
    fs.rmSync(byCdktf, { recursive: true, force: true });
    fs.rmSync(byLandform, { recursive: true, force: true });
  }
}

if (require.main === module) {
  let failed = false;
  for (const [name, cwd] of APPS) {
    const problems = run(name, cwd);
    process.stdout.write(`${name}: ${problems.length === 0 ? "the same bytes" : "DIFFERENT"}\n`);
    for (const p of problems) process.stdout.write(`  ${p}\n`);
    failed ||= problems.length > 0;
  }
  process.exitCode = failed ? 1 : 0;
}

module.exports = { compare, tree };
