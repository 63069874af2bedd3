import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../lib/cli";

// Runs in the fixtures folder, so a landform.policy.json at the repository root cannot change the results.
const ROOT = path.join(__dirname, "..", "fixtures", "policy");
const VIOLATIONS = "violations.tf.json";
const CLEAN = "clean.tf.json";
const EMPTY = fs.mkdtempSync(path.join(os.tmpdir(), "landform-empty-"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(args: string[], options: { cwd?: string; tty?: boolean; env?: Record<string, string> } = {}): Run {
  let stdout = "";
  let stderr = "";
  const code = runCli(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: options.tty },
    stderr: { write: (s: string) => (stderr += s) },
    cwd: options.cwd ?? ROOT,
    env: options.env ?? {},
  });
  return { code, stdout, stderr };
}

/** A temp folder laid out like cdktf output: manifest.json and stacks/<name>/cdk.tf.json. */
function outputFolder(withManifest: boolean): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
  const stacks: Record<string, object> = {};
  for (const [name, file] of [
    ["clean-prod", CLEAN],
    ["planted", VIOLATIONS],
  ]) {
    fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
    fs.copyFileSync(path.join(ROOT, file), path.join(dir, "stacks", name, "cdk.tf.json"));
    stacks[name] = { name, synthesizedStackPath: `stacks/${name}/cdk.tf.json` };
  }
  if (withManifest) fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ version: "0.21.0", stacks }));
  return dir;
}

describe("landform policy check", () => {
  test("text: grouped by stack, a summary line, exit 1 on errors, no colour off a TTY", () => {
    const run = cli(["policy", "check", VIOLATIONS]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^violations \(violations\.tf\.json\)\n  error no-literal-secrets  provider\.aws\.legacy\n    access_key holds a literal value\n/m,
    );
    expect(run.stdout).toContain("    fix: Turn encryption on:");
    expect(run.stdout.trimEnd().split("\n").pop()).toBe(
      "1 stack, 24 resources, 14 rules: 27 errors, 0 warnings, 0 info, 0 suppressed",
    );
    expect(run.stdout).not.toContain("\u001b[");
    expect(run.stderr).toBe("");
  });

  test("text is coloured on a TTY, unless NO_COLOR is set", () => {
    expect(cli(["policy", "check", VIOLATIONS], { tty: true }).stdout).toContain("\u001b[31merror\u001b[0m");
    expect(cli(["policy", "check", VIOLATIONS], { tty: true, env: { NO_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });

  test("exit 0 when nothing at or above --fail-on is unsuppressed", () => {
    const run = cli(["policy", "check", CLEAN]);
    expect([run.code, run.stdout]).toEqual([
      0,
      "clean (clean.tf.json)\n  no findings\n\n1 stack, 13 resources, 14 rules: 0 errors, 0 warnings, 0 info, 0 suppressed\n",
    ]);
  });

  test("json: findings with the documented fields and a summary", () => {
    const run = cli(["policy", "check", VIOLATIONS, "--format", "json"]);
    const report = JSON.parse(run.stdout);
    expect(run.code).toBe(1);
    expect(report.findings[0]).toEqual({
      ruleId: "no-literal-secrets",
      severity: "error",
      stack: "violations",
      address: "provider.aws.legacy",
      constructPath: null,
      message: "access_key holds a literal value",
      suppressed: false,
      reason: null,
      file: VIOLATIONS,
      remediation: expect.stringContaining("Reference a secret"),
    });
    expect(report.summary).toEqual({
      stacks: 1,
      resources: 24,
      rules: 14,
      errors: 27,
      warnings: 0,
      infos: 0,
      suppressed: 0,
      unmatchedSuppressions: 0,
    });
  });

  test("sarif: 2.1.0 with rules and help, results located at the resource's line in the stack file", () => {
    const sarif = JSON.parse(cli(["policy", "check", VIOLATIONS, "--format", "sarif"]).stdout);
    expect(sarif.$schema).toBe("https://json.schemastore.org/sarif-2.1.0.json");
    expect(sarif.version).toBe("2.1.0");
    const driver = sarif.runs[0].tool.driver;
    expect(driver).toMatchObject({ name: "landform-policy", informationUri: expect.stringMatching(/^https:\/\//) });
    expect(driver.rules.find((r: { id: string }) => r.id === "no-public-ip")).toEqual({
      id: "no-public-ip",
      name: "NoPublicIp",
      shortDescription: { text: "VMs have no public IP address" },
      fullDescription: { text: expect.stringContaining("directly reachable") },
      help: {
        text: expect.stringContaining("Fix: Remove associate_public_ip_address"),
        markdown: expect.stringContaining("**Fix:**"),
      },
      defaultConfiguration: { level: "error" },
      properties: { tags: ["security", "landform", "landform-policy"], precision: "high", "security-severity": "8.0" },
    });
    const lines = fs.readFileSync(path.join(ROOT, VIOLATIONS), "utf8").split("\n");
    const result = sarif.runs[0].results.find(
      (r: { ruleId: string; message: { text: string } }) => r.ruleId === "imdsv2-required",
    );
    expect(result.level).toBe("error");
    expect(result.message.text).toMatch(/^aws_instance\.imdsv1: metadata_options\.http_tokens is "optional"\. Fix: /);
    const location = result.locations[0].physicalLocation;
    expect(location.artifactLocation.uri).toBe(VIOLATIONS);
    expect(lines[location.region.startLine - 1].trim()).toBe('"imdsv1": {');
    const provider = sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine;
    expect(lines[provider - 1].trim()).toBe('"aws": [');
    expect(
      sarif.runs[0].results.every(
        (r: { ruleIndex: number; ruleId: string }) => driver.rules[r.ruleIndex].id === r.ruleId,
      ),
    ).toBe(true);
    expect({
      ...sarif,
      runs: [{ ...sarif.runs[0], tool: { driver: { ...driver, version: "x", semanticVersion: "x" } } }],
    }).toMatchSnapshot();
  });

  test("sarif marks suppressed findings inSource with the justification", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
    const config = {
      suppressions: [{ ruleId: "no-public-ip", address: "aws_instance.public_ip", reason: "bastion host" }],
    };
    fs.writeFileSync(path.join(dir, "landform.policy.json"), JSON.stringify(config));
    const sarif = JSON.parse(
      cli(["policy", "check", path.join(ROOT, VIOLATIONS), "--format", "sarif"], { cwd: dir }).stdout,
    );
    const suppressed = sarif.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions);
    expect(suppressed).toEqual([
      expect.objectContaining({
        ruleId: "no-public-ip",
        suppressions: [{ kind: "inSource", justification: "bastion host" }],
      }),
    ]);
  });

  test("--fail-on warning fails on warnings; an unmatched suppression is one", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
    fs.writeFileSync(
      path.join(dir, "policy.json"),
      JSON.stringify({
        suppressions: [{ ruleId: "no-public-ip", address: "aws_instance.gone", reason: "removed last year" }],
      }),
    );
    const file = path.join(ROOT, CLEAN);
    expect(cli(["policy", "check", file, "--config", "policy.json"], { cwd: dir }).code).toBe(0);
    const run = cli(["policy", "check", file, "--config", "policy.json", "--fail-on", "warning"], { cwd: dir });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      'warning unmatched-suppression  aws_instance.gone\n    suppression of no-public-ip on address aws_instance.gone matches no finding; its reason was "removed last year"',
    );
  });

  test("--output writes the report to a file and prints the summary", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
    const run = cli(["policy", "check", path.join(ROOT, CLEAN), "--format", "sarif", "--output", "out/policy.sarif"], {
      cwd: dir,
    });
    expect(run).toEqual({
      code: 0,
      stdout:
        "1 stack, 13 resources, 14 rules: 0 errors, 0 warnings, 0 info, 0 suppressed\nwrote sarif report to out/policy.sarif\n",
      stderr: "",
    });
    expect(JSON.parse(fs.readFileSync(path.join(dir, "out", "policy.sarif"), "utf8")).version).toBe("2.1.0");
  });

  test("reads a cdktf output folder through its manifest.json", () => {
    const dir = outputFolder(true);
    const report = JSON.parse(cli(["policy", "check", ".", "--format", "json"], { cwd: dir }).stdout);
    expect(report.summary.stacks).toBe(2);
    expect([...new Set(report.findings.map((f: { file: string }) => f.file))]).toEqual(["stacks/planted/cdk.tf.json"]);
  });

  test("reads a folder holding stacks/*/cdk.tf.json", () => {
    const dir = outputFolder(false);
    const run = cli(["policy", "check", dir, "--format", "json"], { cwd: os.tmpdir() });
    expect(JSON.parse(run.stdout).findings[0]).toMatchObject({ stack: "planted" });
  });

  test("runs a user's pack module, and configured built-in packs", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
    fs.writeFileSync(
      path.join(dir, "my-pack.js"),
      `exports.packs = [{ name: "acme", description: "ours", rules: [{ id: "acme-no-buckets", severity: "warning", title: "No buckets", rationale: "r", remediation: "use the shared bucket",
        check: (r) => r.type === "aws_s3_bucket" ? "buckets are centrally managed" : undefined }] }];`,
    );
    fs.writeFileSync(
      path.join(dir, "landform.policy.json"),
      JSON.stringify({ packs: { "allowed-regions": { regions: ["us-east-1"] } } }),
    );
    const run = cli(
      [
        "policy",
        "check",
        path.join(ROOT, VIOLATIONS),
        "--pack",
        "./my-pack.js",
        "--pack",
        "allowed-regions",
        "--format",
        "json",
      ],
      { cwd: dir },
    );
    const ids = JSON.parse(run.stdout).findings.map(
      (f: { ruleId: string; address: string }) => `${f.ruleId} ${f.address}`,
    );
    expect(ids).toEqual([
      "allowed-regions provider.aws",
      "allowed-regions provider.aws.untagged",
      "allowed-regions provider.aws.legacy",
      "allowed-regions provider.google",
      "acme-no-buckets aws_s3_bucket.untagged",
      "allowed-regions google_sql_database_instance.public",
      "allowed-regions google_sql_database_instance.unbacked",
      "allowed-regions google_compute_instance.unshielded",
      "allowed-regions google_compute_instance.public_ip",
      "allowed-regions google_container_cluster.public_api",
      "allowed-regions google_container_cluster.no_logging",
    ]);
  });

  test.each([
    [["policy", "check", "nowhere"], "landform: nowhere: no such file or folder.\n"],
    [
      ["policy", "check", VIOLATIONS, "--pack", "strict"],
      'landform: unknown pack "strict"; built-in packs are baseline, allowed-regions, allowed-sizes, required-tags, kubernetes, or give a module path such as ./policy/my-pack.js.\n',
    ],
    [
      ["policy", "check", VIOLATIONS, "--pack", "./missing.js"],
      `landform: pack module ./missing.js was not found at ${path.join(ROOT, "missing.js")}.\n`,
    ],
    [
      ["policy", "check", VIOLATIONS, "--pack", "allowed-sizes"],
      'landform: pack "allowed-sizes" needs options; set them under "packs": { "allowed-sizes": { ... } } in the policy config file (--config).\n',
    ],
    [["policy", "check", VIOLATIONS, "--config", "nope.json"], "landform: --config nope.json: no such file.\n"],
    [
      ["policy", "check", EMPTY],
      `landform: ${EMPTY}: no Terraform JSON found; expected a cdktf output folder with manifest.json, a folder with stacks/*/cdk.tf.json, or a *.tf.json file.\n`,
    ],
  ])("%j exits 2 with: %s", (args, message) => {
    expect(cli(args)).toEqual({ code: 2, stdout: "", stderr: message });
  });

  test("malformed JSON exits 2 naming the file, without a stack trace", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-cli-"));
    fs.writeFileSync(path.join(dir, "broken.tf.json"), '{ "resource": { ');
    const run = cli(["policy", "check", "broken.tf.json"], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^landform: broken\.tf\.json: is not valid JSON \(.+\)\.\n$/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  test.each([
    [
      ["policy", "check", VIOLATIONS, "--format", "xml"],
      '--format "xml" is not one of text, json, sarif, markdown',
      "policy check",
    ],
    [["policy", "check", VIOLATIONS, "--fail-on", "info"], '--fail-on "info" is not error or warning', "policy check"],
    [["policy", "check"], "policy check needs a <path>", "policy check"],
    [["policy", "lint", "x"], "unknown command 'lint'", "policy"],
    [["policy"], "give a command: check", "policy"],
    [
      [],
      "no command given; the commands are synth, stacks, graph, affected, policy, drift, plan, pipeline, agent, doctor, module",
      "",
    ],
    [["policy", "check", "a", "b"], 'unexpected argument "b"; give one <path>', "policy check"],
    [["policy", "check", VIOLATIONS, "--strict"], "unknown option '--strict'", "policy check"],
  ])("bad usage %j exits 2 with one line: the problem and where help is", (args, problem, command) => {
    const help = ["landform", command].filter(Boolean).join(" ");
    expect(cli(args)).toEqual({ code: 2, stdout: "", stderr: `landform: ${problem}; see "${help} --help".\n` });
  });

  test("--help prints the usage and exits 0", () => {
    const run = cli(["policy", "check", "--help"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      "Exit codes: 0 nothing at or above --fail-on is unsuppressed, 1 something is, 2 bad usage or unreadable input.",
    );
  });
});
