import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { REPO } from "./lib-imports";

// Adding a cloud is a new folder plus one registry line, and the compiler lists what else is
// missing (docs/adding-a-cloud.md). Proven on two copies of lib/: one with only the name added, one
// with a stub target (and beside it a second target that lacks its pipeline part). Both copies go
// through ONE tsc run with no emit, so node_modules' types are read once; the stub runs through the
// repository's swc hook.

const TSC = path.join(REPO, "node_modules/typescript/bin/tsc");
const REGISTER_TS = path.join(REPO, "scripts/register-ts.js");

/** `text` with `pattern` replaced, failing loudly when lib/ no longer has the shape this test edits. */
function edit(file: string, pattern: RegExp, replacement: string, expected: number): void {
  const text = fs.readFileSync(file, "utf8");
  const count = (text.match(new RegExp(pattern.source, "g")) ?? []).length;
  if (count !== expected) {
    throw new Error(
      `${path.basename(file)}: expected ${expected} matches of ${pattern}, found ${count}; update this test`,
    );
  }
  fs.writeFileSync(file, text.replace(new RegExp(pattern.source, "g"), replacement));
}

function addCloudName(lib: string): void {
  edit(
    path.join(lib, "core/cloud.ts"),
    /CLOUDS = \["aws", "gcp"\] as const/,
    'CLOUDS = ["aws", "gcp", "azure"] as const',
    1,
  );
}

// A target that knows nothing yet: every construct fails with the cloud's name until built.
const STUB_TARGET = `import { invalidProp } from "../core/errors";
import { NameRules } from "../core/naming";
import { CloudTarget, notSupported } from "../core/target";

const NOT_YET = "the azure target is a stub";

export const AZURE: CloudTarget = {
  cloud: "azure",
  data: {
    images: { "ubuntu-24.04": {}, "ubuntu-22.04": {}, "debian-12": {} },
    kubernetesProduct: "AKS",
    startupScriptMaxBytes: 64 * 1024,
    labelProblem: () => undefined,
    encryptionKeyProblem: () => ["is not supported on azure yet", "leave encryptionKey unset"],
    architectureOf: () => "x86_64",
    engineVersions: { postgres: [], mysql: [] },
    databaseUsernames: { postgres: "", mysql: "" },
    maxBackupDays: 35,
    storageBounds: { min: 32, max: 32768 },
    kubernetesVersions: {},
    clusterNameRule: NameRules.awsStrict,
    networkAttributes: [],
    instanceAttributes: [],
    clusterAttributes: [],
    principalProblem: () => undefined,
  },
  stack: {
    checkRegion(stack, region) {
      if (typeof region !== "string" || region === "") {
        throw invalidProp(stack, "region", region, "is not a region", 'use an Azure region such as "westeurope"');
      }
    },
    check: () => undefined,
    configureProvider: () => undefined,
    defaultS3Region: () => undefined,
  },
  network: notSupported(NOT_YET),
  computeInstance: notSupported(NOT_YET),
  database: notSupported(NOT_YET),
  cluster: notSupported(NOT_YET),
  clusterServiceAccount: notSupported(NOT_YET),
  kubernetes: notSupported(NOT_YET),
  bucket: notSupported(NOT_YET),
  pipeline: notSupported(NOT_YET),
};
`;

// The same target without its pipeline part: it must not compile.
const NO_PIPELINE_TARGET = STUB_TARGET.replace("  pipeline: notSupported(NOT_YET),\n", "").replace(
  "export const AZURE: CloudTarget",
  "export const AZURE_WITHOUT_PIPELINE: CloudTarget",
);

function addStubTarget(lib: string): void {
  fs.mkdirSync(path.join(lib, "azure"));
  fs.writeFileSync(path.join(lib, "azure/target.ts"), STUB_TARGET);
  fs.writeFileSync(path.join(lib, "azure/target-without-pipeline.ts"), NO_PIPELINE_TARGET);
  edit(
    path.join(lib, "core/registry.ts"),
    /(\n(\s*)gcp: \(\) => [^\n]*\n)/,
    '$1$2azure: () => (require("../azure/target") as typeof import("../azure/target")).AZURE,\n',
    1,
  );
  edit(
    path.join(lib, "core/sizes.ts"),
    /(\n(\s*)gcp: \{ vm: "[^"]+", node: "[^"]+", database: "[^"]+" \},\n)/,
    '$1$2azure: { vm: "Standard_D2s_v5", node: "Standard_D2s_v5", database: "GP_Standard_D2s_v3" },\n',
    4,
  );
  edit(
    path.join(lib, "core/providers.ts"),
    /(\n(\s*)gcp: \{\n\s*names: \["google", "google-beta"\],)/,
    '\n$2azure: { names: ["azurerm"], defaultTags: () => undefined, account: () => undefined },$1',
    1,
  );
  edit(
    path.join(lib, "pipeline/declaration.ts"),
    /(\n(\s*)readonly gcp\?: [^\n]*\n)/,
    "$1$2readonly azure?: Readonly<Record<string, Readonly<Record<string, string>>>>;\n",
    1,
  );
  edit(path.join(lib, "pipeline/declaration.ts"), /gcp: "gcp" \}/, 'gcp: "gcp", azure: "azure" }', 1);
}

interface TscError {
  readonly tree: string;
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

describe("a third cloud", () => {
  let tmp: string;
  let errors: TscError[];
  let output: string;

  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "landform-third-cloud-"));
    fs.symlinkSync(path.join(REPO, "node_modules"), path.join(tmp, "node_modules"), "dir");
    for (const tree of ["name-only", "stub"]) {
      fs.cpSync(path.join(REPO, "lib"), path.join(tmp, tree, "lib"), { recursive: true });
      addCloudName(path.join(tmp, tree, "lib"));
    }
    addStubTarget(path.join(tmp, "stub", "lib"));
    const base = JSON.parse(fs.readFileSync(path.join(REPO, "tsconfig.json"), "utf8")) as {
      compilerOptions: Record<string, unknown>;
    };
    const compilerOptions = {
      ...base.compilerOptions,
      types: ["node"],
      declaration: false,
      noEmit: true,
    };
    fs.writeFileSync(
      path.join(tmp, "tsconfig.json"),
      JSON.stringify({ compilerOptions, include: ["name-only/lib", "stub/lib"] }),
    );
    const run = spawnSync(process.execPath, [TSC, "-p", tmp, "--pretty", "false"], { cwd: tmp, encoding: "utf8" });
    output = run.stdout + run.stderr;
    errors = [...output.matchAll(/^([\w-]+)\/(lib\/[^(]+)\((\d+),\d+\): error TS\d+: (.*)$/gm)].map((m) => ({
      tree: m[1],
      file: m[2],
      line: Number(m[3]),
      message: m[4],
    }));
  }, 240_000); // two copies of lib/ in one tsc run, on a shared machine

  afterAll(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  test("with only its name added, the compiler points at every table that must learn about it", () => {
    const named = errors.filter((e) => e.tree === "name-only");
    // Every line of tsc's output was understood: no error hides outside the trees.
    expect(output.trim().split("\n").length).toBe(errors.length);
    expect([...new Set(named.map((e) => e.file))].sort()).toEqual([
      "lib/core/providers.ts", // how its Terraform provider is named and tags resources (ops, policy)
      "lib/core/registry.ts",
      "lib/core/sizes.ts",
      "lib/pipeline/declaration.ts", // the GitHubPipeline prop holding its environments
    ]);
    expect(named.filter((e) => e.file === "lib/core/sizes.ts")).toHaveLength(4); // one per size class
    for (const e of named) expect(e.message).toContain("Property 'azure' is missing");
  });

  test("with a stub target, its registry line, sizes, provider names and pipeline prop, lib/ compiles", () => {
    const stub = errors.filter((e) => e.tree === "stub" && e.file !== "lib/azure/target-without-pipeline.ts");
    expect(stub).toEqual([]);
  });

  test("a target without its pipeline part does not compile", () => {
    const missing = errors.filter((e) => e.tree === "stub" && e.file === "lib/azure/target-without-pipeline.ts");
    expect(missing).toHaveLength(1);
    expect(missing[0].message).toContain("Property 'pipeline' is missing");
  });

  test("a BootstrapStack on a cloud whose pipeline part is not supported fails, never building another cloud's trust", () => {
    const lib = path.join(tmp, "stub", "lib");
    const script = `
      const { App } = require("cdktf");
      const { BootstrapStack } = require(${JSON.stringify(path.join(lib, "bootstrap"))});
      const { GitHubPipeline } = require(${JSON.stringify(path.join(lib, "pipeline"))});
      const pipeline = new GitHubPipeline({ repository: "acme/platform", gcp: { dev: { project: "acme-dev", projectNumber: "1" } } });
      const app = new App({ outdir: ${JSON.stringify(path.join(tmp, "cdktf.out"))} });
      const props = { pipeline, cloud: "azure", region: "westeurope", environments: ["dev"], stateBucket: "acme-state" };
      try { new BootstrapStack(app, "bootstrap-azure", props); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `;
    const run = spawnSync(process.execPath, ["--require", REGISTER_TS, "-e", script], { cwd: tmp, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      code: "unsupported-on-cloud",
      message:
        "BootstrapStack 'bootstrap-azure': cloud \"azure\" is a cloud whose pipeline is not supported yet: the azure target is a stub; " +
        "deploy it with a pipeline of your own, or use aws, gcp.",
    });
  });

  test("each construct the stub does not build fails at construction, naming the cloud", () => {
    const lib = path.join(tmp, "stub", "lib");
    const script = `
      const { App } = require("cdktf");
      const { CloudStack, Network } = require(${JSON.stringify(lib)});
      const app = new App({ outdir: ${JSON.stringify(path.join(tmp, "cdktf.out"))} });
      const stack = new CloudStack(app, "azure-dev", { cloud: "azure", region: "westeurope", environment: "dev" });
      try { new Network(stack, "network"); } catch (e) { console.log(JSON.stringify({ code: e.code, message: e.message })); }
    `;
    const run = spawnSync(process.execPath, ["--require", REGISTER_TS, "-e", script], { cwd: tmp, encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      code: "unsupported-on-cloud",
      message:
        "Network 'azure-dev/network': network is not supported on azure: the azure target is a stub; " +
        "build it on a stack of another cloud (aws, gcp).",
    });
  });
});
