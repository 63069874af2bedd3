#!/usr/bin/env node
// Fails when the committed Terraform (cdktf.json's "output") is not what the code synthesizes now.
// Runs cdktf.json's "app" straight into a temporary folder: the same program `cdktf synth` runs,
// without the CLI's own start-up.
const { execSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.resolve(__dirname, "..");
const config = JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8"));
const committed = path.join(root, config.output);
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "landform-synth-"));

// The committed output is the platform with no LANDFORM_* override set (stacks/config.ts).
const overrides = Object.keys(process.env).filter((k) => k.startsWith("LANDFORM_"));
const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("LANDFORM_")));
if (overrides.length > 0)
  console.log(`synth:check ignores ${overrides.join(", ")}: the committed output is synthesized without overrides.`);

try {
  execSync(config.app, {
    cwd: root,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...env, CDKTF_OUTDIR: fresh, CHECKPOINT_DISABLE: "1" },
  });
  const differences = compare(committed, fresh);
  if (differences.length > 0) {
    console.error(`The committed Terraform in ${config.output}/ is stale:`);
    for (const d of differences) console.error(`  ${d}`);
    console.error("Run `npm run synth` and commit the result.");
    process.exitCode = 1;
  } else {
    console.log(`${config.output}/ is up to date with a fresh synth (${files(fresh).length} files).`);
  }
} catch (error) {
  console.error(`synth failed: ${error.message}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(fresh, { recursive: true, force: true });
}

function compare(expectedDir, actualDir) {
  const expected = new Set(files(expectedDir));
  const actual = new Set(files(actualDir));
  const out = [];
  for (const f of [...new Set([...expected, ...actual])].sort()) {
    const where = describe(f);
    if (!actual.has(f)) out.push(`${where}: committed but no longer synthesized`);
    else if (!expected.has(f)) out.push(`${where}: synthesized but not committed`);
    else if (!fs.readFileSync(path.join(expectedDir, f)).equals(fs.readFileSync(path.join(actualDir, f))))
      out.push(`${where}: differs`);
  }
  return out;
}

function describe(file) {
  const m = /^stacks\/([^/]+)\/(.+)$/.exec(file);
  return m ? `stack ${m[1]}, file ${m[2]}` : `file ${file}`;
}

function files(dir, prefix = "") {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) return e.name === ".terraform" ? [] : files(path.join(dir, e.name), rel);
    return /\.tfstate/.test(e.name) || e.name === ".terraform.lock.hcl" ? [] : [rel];
  });
}
