// `npm run build`'s last step: `landform synth`, the command that runs on every commit, as one file,
// dist/bin/synth.js. Node resolves, reads and compiles each module on its own; for the ~23 files the
// command loads (its own and commander's) that was ~15 ms of the command's ~80 ms of CPU, ~6 ms as
// one file (docs/performance.md). cdktf-cli and the aws-cdk CLI ship bundled for the same reason.
//
// bin/landform.js runs this file for `landform synth`; every other command loads dist/lib as tsc
// built it. The other commands are not in the bundle: a module that throws stands in for each, and
// the synth command never loads them (commandsFor in lib/cli/commands/index.ts loads the command
// its first word names). Packages other than commander stay in node_modules.
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");

const root = path.join(__dirname, "..");
const entry = path.join(root, "dist", "bin", "landform.js");
const outfile = path.join(root, "dist", "bin", "synth.js");
const commandIndex = path.join(root, "dist", "lib", "cli", "commands", "index.js");
/** Packages inlined into the bundle, each with its license in the bundle's banner. */
const INLINED = ["commander"];

const leaveOut = {
  name: "landform-synth-only",
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      const pkg = args.path.startsWith("@") ? args.path.split("/").slice(0, 2).join("/") : args.path.split("/")[0];
      return INLINED.includes(pkg) ? undefined : { path: args.path, external: true };
    });
    build.onResolve({ filter: /^\.\/[\w-]+$/ }, (args) =>
      args.importer === commandIndex && args.path !== "./synth"
        ? { path: args.path.slice(2), namespace: "not-in-synth-bundle" }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: "not-in-synth-bundle" }, (args) => ({
      contents: `throw new Error("the landform synth bundle has no ${args.path} command: run dist/bin/landform.js");`,
      loader: "js",
    }));
  },
};

function licenses() {
  return INLINED.map((pkg) => {
    const dir = path.join(root, "node_modules", pkg);
    const { version } = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    const text = fs.readFileSync(path.join(dir, "LICENSE"), "utf8").trim().replace(/\*\//g, "* /");
    return `/*! ${pkg} ${version}, bundled into this file:\n\n${text}\n*/`;
  }).join("\n");
}

async function main() {
  if (!fs.existsSync(entry)) {
    console.error("bundle-synth: dist/ is not built; run `npm run build`.");
    return 2;
  }
  // The asynchronous API: esbuild runs plugins only there.
  await esbuild.build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    banner: { js: licenses() },
    legalComments: "none",
    logLevel: "warning",
    plugins: [leaveOut],
  });
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`bundle-synth: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);
