import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { manifestAnnotations, synthEnvironment, withoutStackTraces } from "../../lib/ops/synth";
import { cli } from "./helpers";

const REGISTER_TS = path.join(__dirname, "../../scripts/register-ts.js");

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

describe("synth-compare (scripts/synth-compare.js, run in CI on the platform and the examples)", () => {
  // The comparison of whole syntheses runs in CI; here its verdict is shown to fail.
  const { compare } = require("../../scripts/synth-compare") as {
    compare: (expected: Map<string, Buffer>, actual: Map<string, Buffer>) => string[];
  };
  const files = (entries: Record<string, string>) =>
    new Map(Object.entries(entries).map(([k, v]) => [k, Buffer.from(v)]));

  test("the same files and bytes pass; a missing, extra or different file fails", () => {
    const cdktf = files({ "manifest.json": "{}", "stacks/a/cdk.tf.json": "{}" });
    expect(compare(cdktf, files({ "manifest.json": "{}", "stacks/a/cdk.tf.json": "{}" }))).toEqual([]);
    expect(compare(cdktf, files({ "manifest.json": "{}", "stacks/a/cdk.tf.json": "{ }", x: "" }))).toEqual([
      "x: only in landform synth",
      "stacks/a/cdk.tf.json: differs",
    ]);
    expect(compare(files({ "stacks/a/cdk.tf.json": "{}" }), files({}))).toEqual([
      "cdktf synth wrote no manifest.json",
      "stacks/a/cdk.tf.json: missing from landform synth",
    ]);
  });
});

describe("the environment the app gets", () => {
  const config = { context: { a: 1 }, terraformModules: ["./local", "hashicorp/consul/aws", { source: "../up" }] };

  test("cdktf.json's context replaces CDKTF_CONTEXT_JSON, plus the relative modules; TF_VAR_* is dropped", () => {
    const base = { PATH: "/bin", TF_VAR_x: "1", CDKTF_CONTEXT_JSON: '{"b":2}' };
    // A machine whose own Node heap limit is below cdktf's 4096 MiB (the last argument).
    const env = synthEnvironment(base, config, "/out", 2072);
    expect(env).toEqual({
      PATH: "/bin",
      NODE_ENV: "production",
      TF_PLUGIN_CACHE_DIR: path.join(os.homedir(), ".terraform.d", "plugin-cache"),
      NODE_OPTIONS: "--max-old-space-size=4096",
      CDKTF_OUTDIR: "/out",
      CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS: "true",
      CDKTF_CONTEXT_JSON: JSON.stringify({ a: 1, cdktfRelativeModules: ["./local", { source: "../up" }] }),
      SYNTH_HCL_OUTPUT: "false",
    });
  });

  test("without a context in cdktf.json, CDKTF_CONTEXT_JSON is kept; set values are not overridden", () => {
    const env = synthEnvironment(
      {
        CDKTF_CONTEXT_JSON: '{"b":2}',
        NODE_OPTIONS: "--inspect",
        NODE_ENV: "test",
        CDKTF_DISABLE_PLUGIN_CACHE_ENV: "1",
      },
      undefined,
      "out",
      2072,
    );
    expect(env.CDKTF_CONTEXT_JSON).toBe('{"b":2,"cdktfRelativeModules":[]}');
    expect(env.NODE_OPTIONS).toBe("--inspect");
    expect(env.NODE_ENV).toBe("test");
    expect(env.TF_PLUGIN_CACHE_DIR).toBeUndefined();
  });

  test("the heap flag only where Node's own limit is below cdktf's, or unknown", () => {
    // With any heap flag Node compiles its built-in modules again (~25 ms): left out where it changes nothing.
    expect(synthEnvironment({}, undefined, "out", 4144).NODE_OPTIONS).toBeUndefined();
    expect(synthEnvironment({}, undefined, "out", 4096).NODE_OPTIONS).toBeUndefined();
    expect(synthEnvironment({}, undefined, "out", 4095).NODE_OPTIONS).toBe("--max-old-space-size=4096");
    expect(synthEnvironment({}, undefined, "out", undefined).NODE_OPTIONS).toBe("--max-old-space-size=4096");
    expect(synthEnvironment({ NODE_OPTIONS: "--inspect" }, undefined, "out", 2072).NODE_OPTIONS).toBe("--inspect");
  });

  test("Node's default heap limit is read only when this process has no heap flag of its own", () => {
    const script = `console.log(JSON.stringify(require(${JSON.stringify(path.join(__dirname, "../../lib/ops/synth"))}).defaultHeapLimitMb() ?? null))`;
    const read = (flags: string[]) =>
      JSON.parse(
        execFileSync(process.execPath, [...flags, "--require", REGISTER_TS, "-e", script], { encoding: "utf8" }),
      ) as number | null;
    expect(read([])).toBeGreaterThan(0);
    expect(read(["--max-old-space-size=512"])).toBeNull();
  });
});

describe("landform synth", () => {
  /** A project whose app is a small Node script (`node app.js`) given as text. */
  function project(app: string, cdktf: Record<string, unknown> = { app: "node app.js", output: "out" }): string {
    const dir = tmp("lf-synth-");
    fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify(cdktf));
    fs.writeFileSync(path.join(dir, "app.js"), app);
    return dir;
  }
  const env = () => ({ PATH: process.env.PATH ?? "" });
  /** An app that writes a manifest with one stack, `s`, whose Terraform is `body`. */
  const writes = (body: string, annotations = "[]") => `
    const fs = require("fs"), out = process.env.CDKTF_OUTDIR;
    fs.mkdirSync(out + "/stacks/s", { recursive: true });
    fs.writeFileSync(out + "/stacks/s/cdk.tf.json", ${JSON.stringify(body)});
    fs.writeFileSync(out + "/manifest.json", JSON.stringify({ stacks: { s: { annotations: ${annotations} } } }));
  `;

  test("--check reports missing, differs and orphaned; writing fixes all three and keeps Terraform's own files", () => {
    const dir = project(writes("{}"));
    expect(cli(["synth", "--check"], { cwd: dir, env: env() })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "out/manifest.json: missing",
        "out/stacks/s/cdk.tf.json: missing",
        "out: 2 stale files; run `landform synth` and commit the result.",
        "",
      ].join("\n"),
    });
    expect(cli(["synth"], { cwd: dir, env: env() })).toMatchObject({ code: 0 });
    fs.writeFileSync(path.join(dir, "out/stacks/s/cdk.tf.json"), "{ }");
    fs.mkdirSync(path.join(dir, "out/stacks/gone/.terraform"), { recursive: true });
    fs.writeFileSync(path.join(dir, "out/stacks/gone/cdk.tf.json"), "{}");
    fs.writeFileSync(path.join(dir, "out/stacks/gone/terraform.gone.tfstate"), "state");
    expect(cli(["synth", "--check"], { cwd: dir, env: env() }).stderr).toBe(
      [
        "out/stacks/gone/cdk.tf.json: orphaned (no longer generated)",
        "out/stacks/s/cdk.tf.json: differs",
        "out: 2 stale files; run `landform synth` and commit the result.",
        "",
      ].join("\n"),
    );
    expect(cli(["synth"], { cwd: dir, env: env() }).stdout).toBe(
      [
        "removed out/stacks/gone/cdk.tf.json",
        "updated out/stacks/s/cdk.tf.json",
        "out: 2 generated files, 1 already up to date.",
        "",
      ].join("\n"),
    );
    expect(fs.readFileSync(path.join(dir, "out/stacks/gone/terraform.gone.tfstate"), "utf8")).toBe("state");
    expect(cli(["synth", "--check"], { cwd: dir, env: env() })).toEqual({
      code: 0,
      stdout: "out: up to date (2 generated files).\n",
      stderr: "",
    });
  });

  test("an app's Landform error is its message alone, exit 1; --verbose shows the stack trace", () => {
    const app = `
      class LandformError extends Error { constructor(m) { super(m); this.name = "LandformError"; this.problem = "p"; } }
      throw new LandformError("Database 'aws-prod/orders': storageGb 5 is below 20; set storageGb to 20 or more.");
    `;
    const dir = project(app);
    expect(cli(["synth"], { cwd: dir, env: env() })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "Database 'aws-prod/orders': storageGb 5 is below 20; set storageGb to 20 or more.",
        "",
        "landform: synth failed: `node app.js` exited with code 1 (--verbose shows the stack trace).",
        "",
      ].join("\n"),
    });
    const verbose = cli(["synth", "--verbose"], { cwd: dir, env: env() });
    expect(verbose.stderr).toMatch(/^\s+at Object.<anonymous> \(.*app\.js:3:/m);
    expect(fs.existsSync(path.join(dir, "out"))).toBe(false);
  });

  test("--verbose has the app record where each token was created (LANDFORM_TOKEN_STACKS=1)", () => {
    const dir = project('throw new Error(`token stacks: ${process.env.LANDFORM_TOKEN_STACKS ?? "off"}`);');
    expect(cli(["synth"], { cwd: dir, env: env() }).stderr).toContain("token stacks: off");
    expect(cli(["synth", "--verbose"], { cwd: dir, env: env() }).stderr).toContain("token stacks: 1");
  });

  test("a bug in the app keeps its error name; the output is left as it was", () => {
    const dir = project('throw new TypeError("boom");');
    fs.mkdirSync(path.join(dir, "out"));
    fs.writeFileSync(path.join(dir, "out/manifest.json"), "old");
    const run = cli(["synth"], { cwd: dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe("TypeError: boom");
    expect(fs.readFileSync(path.join(dir, "out/manifest.json"), "utf8")).toBe("old");
  });

  test("error annotations are printed as cdktf prints them and fail the synth", () => {
    const annotations = JSON.stringify([
      { level: "@cdktf/warn", constructPath: "s/db", message: "be careful" },
      { level: "@cdktf/error", constructPath: "s/db", message: "wrong", stacktrace: ["at x"] },
    ]);
    const dir = project(writes("{}", annotations));
    expect(cli(["synth"], { cwd: dir, env: env() })).toEqual({
      code: 1,
      stdout: "WARN [s/db]: be careful\nERROR [s/db]: wrong\n",
      stderr: "landform: synth failed: 1 error annotation, printed above; fix them and synthesize again.\n",
    });
  });

  test("an app that never calls synth()", () => {
    const dir = project("");
    expect(cli(["synth"], { cwd: dir, env: env() })).toEqual({
      code: 1,
      stdout: "",
      stderr: "landform: synth failed: `node app.js` wrote no manifest.json; the app must end with app.synth().\n",
    });
  });

  test("bad usage is one line and exit 2: no app, an output that is a file", () => {
    const none = tmp("lf-synth-");
    expect(cli(["synth"], { cwd: none, env: env() })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        'landform: no app to run: give --app "<command>", or an "app" in ./cdktf.json; see "landform synth --help".\n',
    });
    const dir = project(writes("{}"), { app: "node app.js", output: "file.txt" });
    fs.writeFileSync(path.join(dir, "file.txt"), "");
    expect(cli(["synth"], { cwd: dir, env: env() })).toMatchObject({
      code: 2,
      stderr: "landform: file.txt: is a file, where a folder to write into was expected; give a folder.\n",
    });
  });

  test("--app and --output override cdktf.json", () => {
    const dir = project(writes("{}"), { app: "false", output: "out" });
    expect(cli(["synth", "--app", "node app.js", "--output", "elsewhere"], { cwd: dir, env: env() }).code).toBe(0);
    expect(fs.existsSync(path.join(dir, "elsewhere/stacks/s/cdk.tf.json"))).toBe(true);
  });
});

describe("withoutStackTraces", () => {
  test("leaves output that is not an uncaught error alone", () => {
    expect(withoutStackTraces("warning: x\nplain line\n")).toBe("warning: x\nplain line\n");
  });
});

describe("manifestAnnotations", () => {
  test("reads each stack's annotations with cdktf's level names", () => {
    const manifest = { stacks: { a: { annotations: [{ level: "@cdktf/info", constructPath: "a", message: "m" }] } } };
    expect(manifestAnnotations(manifest)).toEqual([
      { level: "INFO", constructPath: "a", message: "m", stacktrace: undefined },
    ]);
  });
});
