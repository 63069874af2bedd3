import { execFileSync } from "child_process";
import path from "path";
import { LocalBackend, S3Backend, Testing } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App } from "cdktf";
import { Database, LandformError, Network } from "../../lib";
import { ModuleStack, NAME_MAX } from "../../lib/modules";
import { NameRules } from "../../lib/core/naming";
import { referenceModules, messageOf } from "./helpers";

function moduleStack(cloud: "aws" | "gcp" = "aws", app = Testing.app()): ModuleStack {
  return new ModuleStack(app, "mod", { cloud, environment: "dev", description: "A test module." });
}

const synthError = (fn: () => unknown) => messageOf(fn, LandformError);

describe("reference modules", () => {
  const { modules } = referenceModules();

  test.each(modules.map((m) => [m.stack, m] as const))("%s has no provider block, no backend", (_, m) => {
    expect(m.json.provider).toBeUndefined();
    const terraform = m.json.terraform as Record<string, unknown>;
    expect(terraform.backend).toBeUndefined();
    expect(terraform.cloud).toBeUndefined();
    expect(Object.keys(terraform.required_providers as object)).toContain(m.provider);
    expect(terraform.required_version).toBe(">= 1.11.0");
  });

  test.each(modules.map((m) => [m.stack, m] as const))("%s: every variable has a type and a description", (_, m) => {
    const variables = m.json.variable as Record<string, Record<string, unknown>>;
    expect(Object.keys(variables)).toContain("name");
    for (const v of Object.values(variables)) {
      expect(typeof v.type).toBe("string");
      expect(String(v.description).length).toBeGreaterThan(10);
      expect(v.validation).toBeDefined();
    }
  });

  test("physical names start with the name input; the region comes from the caller", () => {
    const byStack = Object.fromEntries(modules.map((m) => [m.stack, m.json]));
    const awsDb = (byStack["database-aws"].resource as Record<string, Record<string, Record<string, unknown>>>)
      .aws_db_instance;
    expect(Object.values(awsDb)[0].identifier).toBe("${var.name}-database");
    const subnet = (byStack["network-gcp"].resource as Record<string, Record<string, Record<string, unknown>>>)
      .google_compute_subnetwork;
    expect(Object.values(subnet)[0]).toMatchObject({
      name: "${var.name}-network-${var.region}",
      region: "${var.region}",
    });
    expect(Object.keys(byStack["network-aws"].data as object)).toContain("aws_region");
    expect(byStack["network-aws"].variable as object).not.toHaveProperty("region");
  });
});

describe("ModuleStack errors", () => {
  test("a backend is refused", () => {
    const stack = moduleStack();
    new S3Backend(stack, { bucket: "b", key: "k", region: "eu-west-1" });
    expect(synthError(() => Testing.fullSynth(stack))).toBe(
      "ModuleStack 'mod': configures a backend (s3), but a module takes its providers and its state backend from its caller; remove it; the caller passes providers to the module block.",
    );
  });

  test("a local backend is refused too, and none is added when there is none", () => {
    const stack = moduleStack();
    new LocalBackend(stack, { path: "x.tfstate" });
    expect(synthError(() => Testing.fullSynth(stack))).toContain("configures a backend");
    const clean = moduleStack();
    new Network(clean, "network");
    const json = JSON.parse(Testing.synth(clean, false));
    expect(json.terraform.backend).toBeUndefined();
  });

  test("a configured provider is refused", () => {
    const stack = moduleStack();
    new AwsProvider(stack, "other", { region: "eu-west-1", alias: "other" });
    expect(synthError(() => Testing.synth(stack))).toBe(
      "ModuleStack 'mod': configures the aws provider (region, alias), but a module takes its providers and its state backend from its caller; remove it; the caller passes providers to the module block.",
    );
  });

  test("inputs need a type, a description, and an example when they have no default", () => {
    const stack = moduleStack();
    expect(synthError(() => stack.input("x", { type: "string", description: "" }))).toBe(
      "ModuleStack 'mod': input x.description \"\" is not valid; use a sentence saying what the input sets.",
    );
    expect(synthError(() => stack.input("y", { type: "string", description: "A thing." }))).toBe(
      "ModuleStack 'mod': input y.example undefined is missing for an input without a default; give an example value for the generated examples/basic.",
    );
    expect(synthError(() => stack.output("z", { value: "v", description: " " }))).toContain("output z.description");
  });

  test("bad props", () => {
    const app = Testing.app();
    expect(
      synthError(() => new ModuleStack(app, "a", { cloud: "azure" as "aws", environment: "dev", description: "d" })),
    ).toContain('cloud "azure" is not supported; use one of "aws", "gcp".');
    expect(
      synthError(() => new ModuleStack(app, "b", { cloud: "aws", environment: "Dev", description: "d" })),
    ).toContain("is not a valid environment name");
    expect(
      synthError(() => new ModuleStack(app, "c", { cloud: "aws", environment: "dev", description: "" })),
    ).toContain("description");
  });

  test("Landform constructs live in it like in a CloudStack", () => {
    const stack = moduleStack("gcp");
    const network = new Network(stack, "network", { zones: 2 });
    new Database(stack, "db", {
      network,
      storageGb: stack.input("gb", { type: "number", description: "GB of storage.", default: 20 }).numberValue,
      maxStorageGb: 100,
    });
    const json = JSON.parse(Testing.synth(stack));
    expect(json.provider).toBeUndefined();
    expect(Object.keys(json.terraform.required_providers).sort()).toEqual(["google", "random"]);
    expect(json.resource.google_project_service).toBeUndefined();
    const instance = Object.values(json.resource.google_sql_database_instance)[0] as Record<string, any>;
    expect(JSON.stringify(instance.settings)).toContain('"disk_size":"${var.gb}"');
  });
});

describe("ModuleStack.nameFor", () => {
  test.each([
    ["gcp", NameRules.gcp],
    ["awsStrict", NameRules.awsStrict],
    ["gcpServiceAccount", NameRules.gcpServiceAccount],
  ] as const)("keeps %s names within the limit for the longest name input", (id, rule) => {
    const app = new App();
    const stack = moduleStack("aws", app);
    const deep = new Network(stack, "a-very-long-construct-id-for-testing-the-limit-of-names", { zones: 2 });
    const name = stack.nameFor(deep, rule, "suffix");
    const longest = name.replace(/\$\{TfToken\[TOKEN\.\d+\]\}/, "n".repeat(NAME_MAX));
    expect(longest.length).toBeLessThanOrEqual(rule.maxLength);
    // A service account id leaves 9 characters for the path: only its hash fits.
    expect(longest).toMatch(
      id === "gcpServiceAccount" ? /^n{20}-[0-9a-f]{8}$/ : /^n{20}-a-very-.*-suffix$|^n{20}-a-very-.*-[0-9a-f]{8}$/,
    );
  });
});

test("a GCP module never loads the AWS provider (observed in a child process)", () => {
  const out = execFileSync(
    process.execPath,
    ["--require", "./scripts/register-ts.js", "test/modules/fixtures/load-gcp-module.ts"],
    { cwd: path.resolve(__dirname, "../.."), encoding: "utf8" },
  );
  expect(JSON.parse(out)).toEqual(["provider-google", "provider-random"]);
});

test("snapshot: the AWS database module's JSON", () => {
  const m = referenceModules().modules.find((r) => r.stack === "database-aws")!;
  const { "//": _comment, ...json } = m.json;
  expect(json).toMatchSnapshot();
});
