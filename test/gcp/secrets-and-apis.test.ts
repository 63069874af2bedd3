import { spawnSync } from "child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { Cluster, ComputeInstance, Database, Network } from "../../lib";
import { onlyResource, resourcesOf, synth, testStack, TerraformJson } from "../helpers";

type WithEphemeral = TerraformJson & { ephemeral?: Record<string, Record<string, Record<string, unknown>>> };

function databaseStack(overrides = {}) {
  const stack = testStack("gcp", overrides);
  new Database(stack, "orders", { network: new Network(stack, "network") });
  return synth(stack);
}

describe("F7: the database password is in neither the JSON nor the state", () => {
  test("an ephemeral random_password, read only by write-only arguments", () => {
    const { config, json } = databaseStack();
    const ephemeral = (config as WithEphemeral).ephemeral!;
    const [[name, password]] = Object.entries(ephemeral.random_password);
    expect(password).toEqual({ length: 32, special: false });
    // No random_password resource: that one would keep the value in state.
    expect(config.resource?.random_password).toBeUndefined();
    expect(config.terraform?.required_providers?.random).toBeDefined();

    const ref = `ephemeral.random_password.${name}.result`;
    const user = onlyResource(config, "google_sql_user");
    expect(user.password_wo).toBe(`\${${ref}}`);
    expect(user.password).toBeUndefined();
    expect(user.password_wo_version).toBe(1);
    const version = onlyResource(config, "google_secret_manager_secret_version");
    expect(version.secret_data).toBeUndefined();
    expect(version.secret_data_wo).toBe(`\${jsonencode({"username" = "postgres", "password" = ${ref}})}`);
    expect(version.secret_data_wo_version).toBe(1);
    // Everything else that mentions the password is a write-only argument.
    expect(json.split(ref)).toHaveLength(3);
  });

  test("user and secret are written in the same apply: a new instance or secret version re-creates the user", () => {
    const { config } = databaseStack();
    const [instanceId] = Object.keys(config.resource!.google_sql_database_instance);
    const [versionId] = Object.keys(config.resource!.google_secret_manager_secret_version);
    expect(onlyResource(config, "google_secret_manager_secret_version").lifecycle).toEqual({
      replace_triggered_by: [`google_sql_database_instance.${instanceId}.id`],
    });
    expect(onlyResource(config, "google_sql_user").lifecycle).toEqual({
      replace_triggered_by: [`google_secret_manager_secret_version.${versionId}.id`],
    });
  });

  // The real Terraform parses the JSON (block shapes, the ephemeral block, which provider owns it)
  // without any provider; `validate` would need the random and google providers downloaded.
  const terraform = "/usr/local/bin/terraform";
  const maybe = existsSync(terraform) ? test : test.skip;
  if (!existsSync(terraform)) console.log(`note: ${terraform} is absent; the Terraform parse test is skipped`);
  maybe("Terraform 1.11 accepts the ephemeral block and attributes it to hashicorp/random", () => {
    const dir = mkdtempSync(join(tmpdir(), "landform-ephemeral-"));
    try {
      // Without the backend block: `providers` would ask for `init` first, which needs no provider
      // but writes state files; the backend has nothing to do with the ephemeral block.
      const { config } = databaseStack();
      delete config.terraform!.backend;
      writeFileSync(join(dir, "main.tf.json"), JSON.stringify(config));
      const run = spawnSync(terraform, ["providers"], {
        cwd: dir,
        encoding: "utf8",
        env: { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", NO_COLOR: "1" },
      });
      expect(run.stderr).toBe("");
      expect(run.status).toBe(0);
      expect(run.stdout).toContain("provider[registry.terraform.io/hashicorp/random] 3.7.2");
      expect(run.stdout).toContain("provider[registry.terraform.io/hashicorp/google] 6.50.0");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("F19: every GCP stack enables the APIs it uses", () => {
  function apis(config: TerraformJson) {
    return Object.fromEntries(
      Object.entries(config.resource?.google_project_service ?? {}).map(([id, s]) => [s.service as string, id]),
    );
  }

  test("once per API per stack, never disabled on destroy", () => {
    const stack = testStack("gcp");
    const network = new Network(stack, "network");
    new Database(stack, "a", { network });
    new Database(stack, "b", { network });
    new ComputeInstance(stack, "vm", { network });
    new Cluster(stack, "cluster", { network });
    const { config } = synth(stack);
    expect(Object.keys(apis(config)).sort()).toEqual([
      "certificatemanager.googleapis.com",
      "cloudresourcemanager.googleapis.com",
      "compute.googleapis.com",
      "container.googleapis.com",
      "iam.googleapis.com",
      "secretmanager.googleapis.com",
      "servicenetworking.googleapis.com",
      "sqladmin.googleapis.com",
    ]);
    for (const service of resourcesOf(config, "google_project_service")) {
      expect(service).toMatchObject({ disable_on_destroy: false, disable_dependent_services: false });
    }
  });

  test("each builder's resources and data sources wait for its APIs", () => {
    const stack = testStack("gcp");
    const network = new Network(stack, "network");
    new Database(stack, "orders", { network });
    new Cluster(stack, "cluster", { network });
    const { config } = synth(stack);
    const api = apis(config);
    const dep = (service: string) => `google_project_service.${api[`${service}.googleapis.com`]}`;
    const dependsOn = (r: Record<string, unknown>) => r.depends_on as string[];

    expect(dependsOn(onlyResource(config, "google_compute_network"))).toEqual([dep("compute")]);
    expect(dependsOn(onlyResource(config, "google_service_networking_connection"))).toEqual(
      expect.arrayContaining([dep("compute"), dep("servicenetworking")]),
    );
    for (const type of ["google_sql_database_instance", "google_sql_user", "google_secret_manager_secret"]) {
      expect(dependsOn(onlyResource(config, type))).toEqual(
        expect.arrayContaining([dep("sqladmin"), dep("secretmanager")]),
      );
    }
    expect(dependsOn(onlyResource(config, "google_container_cluster"))).toEqual(
      expect.arrayContaining([dep("container"), dep("iam"), dep("compute")]),
    );
    expect(dependsOn(onlyResource(config, "google_service_account"))).toContain(dep("iam"));
    for (const m of resourcesOf(config, "google_project_iam_member")) {
      expect(dependsOn(m)).toContain(dep("cloudresourcemanager"));
    }
    expect(Object.values(config.data!.google_compute_zones)[0].depends_on).toContain(dep("compute"));
  });

  test("manageApis: false leaves the project's APIs alone", () => {
    const { config, json } = databaseStack({ manageApis: false });
    expect(config.resource?.google_project_service).toBeUndefined();
    expect(json).not.toContain("google_project_service");
  });

  test("manageApis is checked: a boolean on gcp, unsupported on aws", () => {
    expect(() => testStack("gcp", { manageApis: "no" as unknown as boolean })).toThrow(
      "CloudStack 'gcp-test': manageApis \"no\" is not a boolean; use true or false, not a string.",
    );
    expect(() => testStack("aws", { manageApis: true })).toThrow(
      "CloudStack 'aws-test': manageApis is not supported on aws: AWS services need no enabling per account; remove manageApis from aws stacks.",
    );
  });
});
