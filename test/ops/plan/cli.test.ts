import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli } from "../../../lib/cli";
import { FIXTURES } from "./helpers";

function cli(args: string[], cwd = FIXTURES) {
  let stdout = "";
  let stderr = "";
  const code = runCli(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    cwd,
    env: { LANDFORM_TODAY: "2025-11-28" },
  });
  return { code, stdout, stderr };
}

describe("landform drift / plan review", () => {
  test("drift: exit 1 on drift, every format, construct paths from --stacks", () => {
    const text = cli(["drift", "drift", "--stacks", "synth", "--ignore", "ignore.yaml"]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain("construct aws-prod/app/SecurityGroup");
    for (const format of ["json", "markdown", "sarif"]) {
      const run = cli(["drift", "drift/aws-prod.json", "--stacks", "synth", "--format", format]);
      expect([run.code, run.stderr]).toEqual([1, ""]);
    }
    const json = JSON.parse(cli(["drift", "drift/gcp-prod.json", "--format", "json"]).stdout);
    expect(json.summary).toEqual({ drifted: 1, noise: 1, ignored: 0, incompletePlans: 0 });
  });

  test("drift: exit 0 when only noise and ignored entries remain", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-drift-"));
    fs.writeFileSync(
      path.join(dir, "ignore.json"),
      JSON.stringify([{ address: "google_compute_firewall.*", reason: "migration" }]),
    );
    fs.copyFileSync(path.join(FIXTURES, "drift", "gcp-prod.json"), path.join(dir, "gcp-prod.json"));
    const run = cli(
      ["drift", "gcp-prod.json", "--ignore", "ignore.json", "--output", "out/report.md", "--format", "markdown"],
      dir,
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("1 plan (gcp-prod): 0 drifted, 1 noise, 1 ignored\nwrote the report to out/report.md\n");
    expect(fs.readFileSync(path.join(dir, "out", "report.md"), "utf8")).toContain("### Landform drift");
  });

  test("plan review: exit 1 on a blocking change, 0 once allowed", () => {
    expect(cli(["plan", "review", "review", "--stacks", "synth"]).code).toBe(1);
    const allowed = cli([
      "plan",
      "review",
      "review",
      "--stacks",
      "synth",
      "--allow-destroy",
      "aws_db_instance.*",
      "--allow-destroy",
      "aws-prod/logs/**",
      "--allow-destroy",
      "aws_cloudwatch_log_group.*",
      "--format",
      "json",
    ]);
    expect(allowed.code).toBe(0);
    expect(JSON.parse(allowed.stdout).summary.blocking).toBe(0);
  });

  test.each([
    [["drift", "nope.json"], "landform: nope.json: no such file or folder.\n"],
    [
      ["drift", "synth"],
      "landform: synth: no Terraform plan JSON in this folder (1 other JSON file); write one with `terraform show -json <planfile> > plan.json`.\n",
    ],
    [
      ["plan", "review", "drift/aws-prod.json", "--format", "html"],
      'landform: --format "html" is not one of text, json, markdown, sarif; see "landform plan review --help".\n',
    ],
    [
      ["drift", "drift/aws-prod.json", "--ignore", "missing.yaml"],
      "landform: --ignore missing.yaml: cannot be read (ENOENT).\n",
    ],
    [
      ["drift", "drift/aws-prod.json", "--max-size", "0.001"],
      "landform: drift/aws-prod.json: is 0 MB, too large for a plan (the limit is 0 MB); split the configuration into smaller stacks or raise --max-size.\n",
    ],
  ])("bad input %j: one line, exit 2", (args, message) => {
    const run = cli(args);
    expect(run.stderr).toBe(message);
    expect(run.code).toBe(2);
  });
});
