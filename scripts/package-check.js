// Lints the package as npm would publish it: packs the built dist/ into a temporary tarball and
// runs publint (package.json fields against the packed files) and @arethetypeswrong/cli (types
// resolve for every entry point under node10, node16 CJS/ESM and bundler resolution) on it.
// Both work offline: they read the tarball only. Needs `npm run build` first (no prepack here, so
// the check lints the same dist/ the rest of CI tested).
const { execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const root = path.join(__dirname, "..");

async function main() {
  if (!fs.existsSync(path.join(root, "dist/lib/index.js"))) {
    console.error("package-check: dist/ is not built; run `npm run build` first.");
    return 2;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-pack-"));
  try {
    const packed = JSON.parse(
      execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], {
        cwd: root,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "inherit"],
      }),
    );
    const tarball = path.join(dir, packed[0].filename);
    const publintOk = await runPublint(tarball);
    const attwOk = runAttw(tarball);
    return publintOk && attwOk ? 0 : 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function runPublint(tarball) {
  const { publint } = await import("publint");
  const { formatMessage } = await import("publint/utils");
  const buffer = fs.readFileSync(tarball);
  const arrayBuffer = buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength);
  const { messages, pkg } = await publint({ pack: { tarball: arrayBuffer }, strict: true });
  for (const message of messages) console.error(`publint ${message.type}: ${formatMessage(message, pkg)}`);
  console.log(`publint: ${messages.length} message(s)`);
  return messages.length === 0;
}

function runAttw(tarball) {
  try {
    execFileSync(path.join(root, "node_modules/.bin/attw"), [tarball, "--format", "table-flipped"], {
      stdio: "inherit",
    });
    return true;
  } catch {
    return false;
  }
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`package-check: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
