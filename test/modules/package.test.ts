import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { moduleFiles, readTarGz, tarGz, writeModule } from "../../lib/modules";
import { OpsInputError } from "../../lib/ops/errors";
import { OPTIONS, referenceModules, tempDir, messageOf } from "./helpers";

const TERRAFORM = process.env.LANDFORM_TERRAFORM ?? "/usr/local/bin/terraform";
const HAS_TERRAFORM = fs.existsSync(TERRAFORM);
const TF_ENV = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };
if (!HAS_TERRAFORM) console.warn(`test/modules/package: ${TERRAFORM} is absent; the Terraform checks are skipped.`);
const withTerraform = HAS_TERRAFORM ? test : test.skip;

function tf(cwd: string, args: string[]): { status: number | null; out: string } {
  const r = spawnSync(TERRAFORM, args, { cwd, env: TF_ENV, encoding: "utf8" });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const errorOf = (fn: () => unknown) => messageOf(fn, OpsInputError);

const { modules } = referenceModules();
const cases = modules.map((m) => [`terraform-${m.provider}-${m.name}`, m] as const);

describe.each(cases)("%s", (dir, m) => {
  const files = moduleFiles(m.stack, m.json, OPTIONS(m));
  const text = (name: string) => files.find((f) => f.path === `${dir}/${name}`)!.text;

  test("the registry layout", () => {
    expect(files.map((f) => f.path)).toEqual(
      [
        "README.md",
        "examples/basic/main.tf",
        "main.tf.json",
        "outputs.tf.json",
        "variables.tf.json",
        "versions.tf.json",
      ].map((f) => `${dir}/${f}`),
    );
    const main = JSON.parse(text("main.tf.json"));
    expect(Object.keys(main).sort()).toEqual(expect.arrayContaining(["resource"]));
    for (const key of ["provider", "terraform", "variable", "output", "//"]) expect(main).not.toHaveProperty(key);
  });

  test("versions says >= the pinned providers, with full sources", () => {
    const versions = JSON.parse(text("versions.tf.json")).terraform;
    expect(versions.required_version).toBe(">= 1.11.0");
    const pinned = (m.json.terraform as { required_providers: Record<string, { version: string }> }).required_providers;
    for (const [name, p] of Object.entries(
      versions.required_providers as Record<string, { source: string; version: string }>,
    )) {
      expect(p.version).toBe(`>= ${pinned[name].version}`);
      expect(p.source).toBe(`hashicorp/${name}`);
    }
  });

  test("the README lists every input and output, and what is fixed at package time", () => {
    const readme = text("README.md");
    const variables = JSON.parse(text("variables.tf.json")).variable as Record<string, { description: string }>;
    const outputs = JSON.parse(text("outputs.tf.json")).output as Record<string, { description: string }>;
    expect(Object.keys(variables).length).toBeGreaterThan(0);
    for (const [id, v] of Object.entries(variables)) expect(readme).toContain(`| \`${id}\` | ${v.description} |`);
    for (const [id, o] of Object.entries(outputs)) expect(readme).toContain(`| \`${id}\` | ${o.description} |`);
    expect(readme).toContain("## Fixed at package time");
    expect(readme).toMatch(/\| `zones` \| `3` \||\| `engine` \| `"postgres"` \|/);
    expect(readme).toContain("no `provider` block and no backend");
  });

  test("the archive re-reads as the same files, and packaging twice gives the same bytes", () => {
    const out = tempDir();
    const [, archive] = writeModule(out, files, OPTIONS(m));
    const bytes = fs.readFileSync(archive);
    expect(bytes.equals(tarGz(moduleFiles(m.stack, m.json, OPTIONS(m))))).toBe(true);
    const entries = readTarGz(bytes);
    expect(entries.filter((e) => e.type === "file").map((e) => [e.path, e.text])).toEqual(
      files.map((f) => [f.path, f.text]),
    );
    expect(entries[0]).toMatchObject({ path: `${dir}/`, type: "directory", mode: 0o755 });
    // The system's tar reads it too, when there is one.
    const listed = spawnSync("tar", ["-tzf", archive], { encoding: "utf8" });
    if (listed.status === 0) expect(listed.stdout.trim().split("\n")).toEqual(entries.map((e) => e.path));
    for (const f of files) expect(fs.readFileSync(path.join(out, f.path), "utf8")).toBe(f.text);
  });

  withTerraform("terraform reads the module and its example (no provider download)", () => {
    const out = tempDir();
    writeModule(out, files, OPTIONS(m));
    const root = path.join(out, dir);
    const providers = tf(root, ["providers"]);
    expect(providers.status).toBe(0);
    expect(providers.out).toContain(`provider[registry.terraform.io/hashicorp/${m.provider}] >= `);
    const example = path.join(root, "examples/basic");
    expect(tf(example, ["fmt", "-check", "-diff"]).out).toBe("");
    expect(tf(example, ["get"]).status).toBe(0);
    const tree = tf(example, ["providers"]);
    expect(tree.status).toBe(0);
    expect(tree.out).toContain(`module.${m.name}`);
  });
});

withTerraform("validation blocks run in terraform: good values plan, bad ones fail with the message", () => {
  // Only the variables and a terraform_data that reads them: the built-in provider, nothing to download.
  const db = modules.find((m) => m.stack === "database-aws")!;
  const net = modules.find((m) => m.stack === "network-gcp")!;
  const awsNet = modules.find((m) => m.stack === "network-aws")!;
  const variables = {
    ...(db.json.variable as object),
    region: (net.json.variable as Record<string, unknown>).region,
    flow_log_retention_days: (awsNet.json.variable as Record<string, unknown>).flow_log_retention_days,
  };
  const dir = tempDir();
  const inputs = Object.keys(variables).map((k) => `${k} = var.${k}`);
  fs.writeFileSync(path.join(dir, "variables.tf.json"), JSON.stringify({ variable: variables }));
  fs.writeFileSync(
    path.join(dir, "main.tf"),
    `resource "terraform_data" "inputs" {\n  input = {\n    ${inputs.join("\n    ")}\n  }\n}\n`,
  );
  expect(tf(dir, ["init", "-input=false", "-no-color"]).status).toBe(0);
  const plan = (vars: Record<string, string>) =>
    tf(dir, [
      "plan",
      "-input=false",
      "-no-color",
      "-lock=false",
      ...Object.entries(vars).flatMap(([k, v]) => ["-var", `${k}=${v}`]),
    ]);
  const good = {
    name: "orders",
    network_id: "vpc-1",
    private_subnet_ids: '["a","b"]',
    storage_gb: "50",
    region: "europe-west1",
    flow_log_retention_days: "365",
  };
  expect(plan(good).status).toBe(0);
  const bad: [Record<string, string>, string][] = [
    [{ name: "Orders" }, "name must be 1-20 lowercase letters"],
    [{ name: "a-name-that-is-far-too-long" }, "name must be 1-20 lowercase letters"],
    [{ storage_gb: "10" }, "storage_gb must be a whole number from 20 to 200."],
    [{ storage_gb: "20.5" }, "storage_gb must be a whole number from 20 to 200."],
    [{ private_subnet_ids: '["a"]' }, "private_subnet_ids must list at least two subnets"],
    [{ region: "Europe West" }, 'region must be a GCP region name such as "europe-west1".'],
    [{ flow_log_retention_days: "2" }, "flow_log_retention_days must be one of 1, 3, 5, 7, 14,"],
  ];
  for (const [change, message] of bad) {
    const r = plan({ ...good, ...change });
    expect(r.status).not.toBe(0);
    expect(r.out.replace(/\s+/g, " ")).toContain(message);
  }
});

describe("bad input", () => {
  const m = modules[0];
  test.each([
    [
      { version: "1.0" },
      '--version "1.0" is not a semantic version; use MAJOR.MINOR.PATCH without a leading v, e.g. 1.0.0.',
    ],
    [
      { version: "v1.0.0" },
      '--version "v1.0.0" is not a semantic version; use MAJOR.MINOR.PATCH without a leading v, e.g. 1.0.0.',
    ],
    [
      { name: "my module" },
      '--name "my module" is not a module name the Terraform registry accepts; use 1-64 letters, digits, "-" and "_", starting and ending with a letter or digit, e.g. database.',
    ],
    [{ name: "-db" }, "is not a module name the Terraform registry accepts"],
    [{ provider: "Google-Cloud" }, '--provider "Google-Cloud" is not a provider name the Terraform registry accepts'],
    [
      { provider: "google" },
      `--provider "google" is not a provider of stack '${m.stack}', which uses aws; give the provider its resources are on.`,
    ],
  ])("%j", (change, message) => {
    expect(errorOf(() => moduleFiles(m.stack, m.json, { ...OPTIONS(m), ...change }))).toContain(message);
  });

  test("a stack that configures a provider and a backend (a CloudStack's JSON)", () => {
    const json = {
      ...m.json,
      provider: { aws: [{ region: "eu-west-1" }] },
      terraform: { ...(m.json.terraform as object), backend: { s3: { bucket: "b" } } },
    };
    expect(errorOf(() => moduleFiles("aws-dev", json, OPTIONS(m)))).toBe(
      "stack 'aws-dev' configures a provider (aws) and a backend, but a module takes both from its caller; build it as a ModuleStack (landform/modules), which writes neither.",
    );
  });

  test("a variable without a type, JSON not from a ModuleStack", () => {
    const variable = { ...(m.json.variable as object), loose: { description: "d" } };
    expect(errorOf(() => moduleFiles("s", { ...m.json, variable }, OPTIONS(m)))).toBe(
      "stack 's' has a variable 'loose' with no type; give it a type.",
    );
    expect(errorOf(() => moduleFiles("s", { resource: {} }, OPTIONS(m)))).toContain(
      "was not synthesized from a ModuleStack",
    );
  });
});

test("tar paths longer than ustar's 100 bytes are refused, not cut", () => {
  expect(() => tarGz([{ path: `${"a".repeat(101)}`, text: "" }])).toThrow("longer than 100 bytes");
});
