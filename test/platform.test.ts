import { execFileSync, spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { environments } from "../stacks/config";

const root = path.resolve(__dirname, "..");
const committed = path.join(root, JSON.parse(fs.readFileSync(path.join(root, "cdktf.json"), "utf8")).output as string);

/** Runs the reference app as `cdktf synth` would, from `cwd`, into a fresh folder; returns every file's bytes. */
function synthFrom(cwd: string, env: Record<string, string>): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-det-"));
  try {
    execFileSync(
      process.execPath,
      ["--require", path.join(root, "scripts/register-ts.js"), path.join(root, "stacks/main.ts")],
      {
        cwd,
        env: { ...process.env, ...env, CDKTF_OUTDIR: outdir },
      },
    );
    return readTree(outdir);
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function readTree(dir: string, prefix = ""): Map<string, string> {
  const files = new Map<string, string>();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const rel = path.posix.join(prefix, e.name);
    if (e.isDirectory()) readTree(path.join(dir, e.name), rel).forEach((v, k) => files.set(k, v));
    else if (!/\.tfstate/.test(e.name)) files.set(rel, fs.readFileSync(path.join(dir, e.name), "utf8"));
  }
  return files;
}

describe("reference platform", () => {
  // Synthesized once for the suite, in child processes as `cdktf synth` runs it (building it in
  // jest's module registry too would cost as much again): from the repository in UTC, and from
  // another folder, timezone and locale.
  let a: Map<string, string>;
  let b: Map<string, string>;
  beforeAll(() => {
    a = synthFrom(root, { TZ: "UTC", LANG: "C" });
    b = synthFrom(os.tmpdir(), { TZ: "Pacific/Auckland", LANG: "de_DE.UTF-8" });
  });

  test("defines a platform stack per cloud and environment, its cluster's add-ons, agent and workloads stacks, a bootstrap stack per account or project, and the repository's governance stack", () => {
    const envs = ["dev", "prod", "staging"];
    const manifest = JSON.parse(a.get("manifest.json")!) as { stacks: Record<string, unknown> };
    expect(Object.keys(manifest.stacks).sort()).toEqual(
      [
        ...envs.flatMap((e) => [`aws-${e}`, `aws-${e}-addons`, `aws-${e}-agent`, `aws-${e}-workloads`]),
        ...envs.flatMap((e) => [
          `gcp-${e}`,
          `gcp-${e}-addons`,
          `gcp-${e}-agent`,
          `gcp-${e}-workloads`,
          `bootstrap-gcp-acme-platform-${e}`,
        ]),
        // One AWS account per environment (pipelines-review S1).
        "bootstrap-aws-111111111111",
        "bootstrap-aws-222222222222",
        "bootstrap-aws-333333333333",
        "github-governance",
      ].sort(),
    );
  });

  test("synthesis is byte-identical from another folder, timezone and locale, and equals the committed output", () => {
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    for (const [file, bytes] of a) expect({ file, bytes: b.get(file) }).toEqual({ file, bytes });
    for (const bytes of a.values()) {
      expect(bytes).not.toContain(root);
      // The synth ran with its output in a temporary folder: no path of it may leak into the files.
      // ("/tmp" alone is fine: applications mount a writable /tmp.)
      expect(bytes).not.toMatch(new RegExp(`${os.tmpdir().replace(/[/\\]/g, "[/\\\\]")}[/\\\\]`));
    }
    const onDisk = readTree(committed);
    expect([...onDisk.keys()].sort()).toEqual([...a.keys()].sort());
    for (const [file, bytes] of a)
      expect({ file, committed: onDisk.get(file) === bytes }).toEqual({ file, committed: true });
  });

  test("environment variables override the configuration without code changes", () => {
    const [dev] = environments({
      LANDFORM_DEV_AWS_REGION: "us-east-2",
      LANDFORM_DEV_GCP_PROJECT: "other-proj-1",
      LANDFORM_DEV_NETWORK_CIDR: "10.99.0.0/16",
    });
    expect(dev.aws.region).toBe("us-east-2");
    expect(dev.gcp.project).toBe("other-proj-1");
    expect(dev.network.cidr).toBe("10.99.0.0/16");
    const [, staging] = environments({ LANDFORM_DEV_AWS_REGION: "us-east-2" });
    expect(staging.aws.region).toBe("eu-west-1");
  });

  test("bad configuration ends the app with Landform's message alone, not a stack trace", () => {
    const run = spawnSync(
      process.execPath,
      ["--require", path.join(root, "scripts/register-ts.js"), path.join(root, "stacks/main.ts")],
      {
        cwd: root,
        env: {
          ...process.env,
          LANDFORM_DEV_AWS_ACCOUNT: "12345",
          CDKTF_OUTDIR: fs.mkdtempSync(path.join(os.tmpdir(), "landform-bad-")),
        },
        encoding: "utf8",
      },
    );
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      `CloudStack 'aws-dev': account "12345" is not an AWS account id; use the 12-digit account number.`,
    );
  });

  test("production stacks get per-zone NAT and three zones", () => {
    const prod = environments({}).find((e) => e.environment === "prod");
    expect(prod?.network).toMatchObject({ zones: 3, natGateways: "per-zone" });
  });
});
