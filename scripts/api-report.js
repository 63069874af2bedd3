// The public API report: API Extractor reads the built declarations of every entry point in
// package.json "exports" and compares them with etc/<name>.api.md. `npm run api:check` fails when
// the API changed and the report was not updated; `npm run api:update` rewrites the reports, so
// an API change shows up in review as a diff of etc/. Needs `npm run build` first.
const fs = require("fs");
const path = require("path");
const { Extractor, ExtractorConfig } = require("@microsoft/api-extractor");

const root = path.join(__dirname, "..");
const local = process.argv.includes("--update");

/** One report per subpath: "." -> landform.api.md, "./ops" -> landform-ops.api.md. */
function entryPoints() {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  return Object.entries(pkg.exports)
    .filter(([, target]) => typeof target === "object" && target.types)
    .map(([subpath, target]) => ({
      report: subpath === "." ? "landform" : `landform-${subpath.slice(2).replace(/\//g, "-")}`,
      types: path.join(root, target.types),
    }));
}

function configFor(entry) {
  return {
    projectFolder: root,
    mainEntryPointFilePath: entry.types,
    bundledPackages: [],
    compiler: { tsconfigFilePath: path.join(root, "tsconfig.build.json") },
    apiReport: {
      enabled: true,
      reportFileName: entry.report,
      reportFolder: path.join(root, "etc"),
      reportTempFolder: path.join(root, "dist/api"),
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      // Types reachable from the API but not exported are listed in the report itself, so adding
      // or removing one is a visible change too.
      extractorMessageReporting: {
        default: { logLevel: "warning", addToApiReportFile: true },
        "ae-missing-release-tag": { logLevel: "none", addToApiReportFile: false },
      },
      tsdocMessageReporting: { default: { logLevel: "none" } },
      compilerMessageReporting: { default: { logLevel: "warning" } },
    },
  };
}

function main() {
  if (!fs.existsSync(path.join(root, "dist/lib/index.d.ts"))) {
    console.error("api-report: dist/ is not built; run `npm run build` first.");
    return 2;
  }
  const stale = [];
  for (const entry of entryPoints()) {
    const config = ExtractorConfig.prepare({
      configObject: configFor(entry),
      configObjectFullPath: undefined,
      packageJsonFullPath: path.join(root, "package.json"),
    });
    const result = Extractor.invoke(config, { localBuild: local, messageCallback: quiet });
    if (!result.succeeded || (!local && result.apiReportChanged)) stale.push(`etc/${entry.report}.api.md`);
  }
  if (stale.length === 0) return 0;
  console.error(
    `api-report: the public API differs from ${stale.join(", ")}; review the change, then run \`npm run api:update\` and commit etc/.`,
  );
  return 1;
}

/** Keep the console to what matters: errors, warnings and the report-changed notice. */
function quiet(message) {
  if (message.logLevel === "info" || message.logLevel === "verbose") message.handled = true;
}

process.exitCode = main();
