import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { tempDir } from "../ops/fixture";
import { generate } from "./fixture";

/**
 * Runs the generated deploy steps that move a plan from `plan-network` to `apply-network` (plan,
 * seal, open, init, apply) with real Terraform 1.11.4 and openssl, on a configuration of
 * `terraform_data` with a local backend (nothing to download), each job in its own folder as on
 * two runners. Skipped, visibly, where either binary is missing.
 */
const tools = ["terraform", "openssl"].filter((t) => spawnSync(t, ["version"], { stdio: "ignore" }).status !== 0);
const describeTools = tools.length === 0 ? describe : describe.skip;
if (tools.length > 0) console.warn(`deploy-saved-plan.test.ts skipped: ${tools.join(", ")} not installed`);

type StepData = { name: string; run?: string; env?: Record<string, string> };
const jobs = parse(generate().workflows.find((w) => w.path.endsWith("deploy.yml"))!.text).jobs as Record<
  string,
  { steps: StepData[] }
>;
const step = (job: string, name: string) => {
  const found = jobs[job].steps.find((s) => s.name === name);
  if (!found?.run) throw new Error(`no run step ${name} in ${job}`);
  return found;
};

describeTools("the saved plan from plan job to apply job, for real", () => {
  const root = tempDir("saved-plan");
  const state = path.join(root, "terraform.tfstate");
  const keys = path.join(root, "keys");
  fs.mkdirSync(keys);
  execFileSync("openssl", ["genpkey", "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048", "-out", "private.pem"], {
    cwd: keys,
    stdio: "ignore",
  });
  execFileSync("openssl", ["pkey", "-in", "private.pem", "-pubout", "-out", "public.pem"], { cwd: keys });
  const publicKey = fs.readFileSync(path.join(keys, "public.pem"), "utf8");
  const privateKey = fs.readFileSync(path.join(keys, "private.pem"), "utf8");

  /** A runner: a checkout of the configuration (value `value`) and its own RUNNER_TEMP. */
  const runner = (name: string, value: string) => {
    const dir = path.join(root, name);
    const temp = path.join(dir, "temp");
    fs.mkdirSync(temp, { recursive: true });
    fs.writeFileSync(
      path.join(dir, "main.tf"),
      `terraform {\n  backend "local" {\n    path = "${state}"\n  }\n}\nresource "terraform_data" "x" {\n  input = "${value}"\n}\n`,
    );
    const outputs: Record<string, string> = {};
    const run = (s: StepData, env: Record<string, string> = {}) => {
      const out = path.join(temp, "output");
      fs.writeFileSync(out, "");
      const result = spawnSync("bash", ["-e", "-c", s.run!], {
        cwd: dir,
        encoding: "utf8",
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          RUNNER_TEMP: temp,
          GITHUB_OUTPUT: out,
          GITHUB_STEP_SUMMARY: path.join(temp, "summary.md"),
          TF_CLI_CONFIG_FILE: "/dev/null",
          TF_IN_AUTOMATION: "1",
          TF_INPUT: "0",
          CHECKPOINT_DISABLE: "1",
          ...env,
        },
      });
      for (const line of fs.readFileSync(out, "utf8").split("\n").filter(Boolean)) {
        const [k, ...v] = line.split("=");
        outputs[k] = v.join("=");
      }
      return { code: result.status, log: `${result.stdout}${result.stderr}` };
    };
    return { dir, temp, outputs, run };
  };

  /** The plan job: init, plan, seal; returns its runner (outputs: changes, digest). */
  const planJob = (name: string, value: string) => {
    const r = runner(name, value);
    for (const s of ["Terraform init", "Terraform plan"]) expect(r.run(step("plan-network", s)).code).toBe(0);
    expect(r.run(step("plan-network", "Seal the plan"), { PLAN_PUBLIC_KEY: publicKey })).toMatchObject({ code: 0 });
    return r;
  };
  /** The apply job on another runner: download (a copy), open, init, apply. */
  const applyJob = (name: string, plan: ReturnType<typeof planJob>, digest = plan.outputs.digest) => {
    const r = runner(name, "checked-out-config-is-not-what-is-applied");
    fs.cpSync(path.join(plan.temp, "sealed"), path.join(r.temp, "sealed"), { recursive: true });
    const env = { PLAN_PRIVATE_KEY: privateKey, DIGEST: digest };
    const logs: string[] = [];
    for (const s of ["Open the reviewed plan", "Terraform init", "Terraform apply"]) {
      const { code, log } = r.run(step("apply-network", s), env);
      logs.push(log);
      if (code !== 0) return { code, log: logs.join("\n"), outputs: r.outputs };
    }
    return { code: 0, log: logs.join("\n"), outputs: r.outputs };
  };
  const applied = () => JSON.parse(fs.readFileSync(state, "utf8")).resources[0].instances[0].attributes.input.value;

  test("the apply applies exactly the sealed plan; the artifact holds no readable plan", () => {
    const plan = planJob("plan1", "one");
    expect(plan.outputs).toMatchObject({ changes: "true", digest: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(fs.readdirSync(path.join(plan.temp, "sealed")).sort()).toEqual(["key.bin", "plan.tgz.enc"]);
    expect(fs.existsSync(path.join(plan.dir, "tfplan"))).toBe(false);
    const sealed = fs.readFileSync(path.join(plan.temp, "sealed", "plan.tgz.enc"));
    expect(sealed.subarray(0, 8).toString("latin1")).toBe("Salted__");
    expect(sealed.includes(Buffer.from("one"))).toBe(false);
    const result = applyJob("apply1", plan);
    expect(result).toMatchObject({ code: 0, outputs: { applied: "network" } });
    // The value of the reviewed plan, not of the apply runner's checkout.
    expect(applied()).toBe("one");
  });

  test("a plan made before another apply changed the state is refused as stale", () => {
    const first = planJob("plan2", "two");
    const second = planJob("plan3", "three");
    expect(applyJob("apply3", second).code).toBe(0);
    const stale = applyJob("apply2", first);
    expect(stale.code).not.toBe(0);
    expect(stale.log).toContain("Saved plan is stale");
    expect(stale.outputs.applied).toBeUndefined();
    expect(applied()).toBe("three");
  });

  test("an artifact that is not the reviewed one is refused before Terraform runs", () => {
    const plan = planJob("plan4", "four");
    const result = applyJob("apply4", plan, "0".repeat(64));
    expect(result.code).toBe(1);
    expect(result.log).toContain(
      `::error title=Not the reviewed plan::the plan artifact has sha256 ${plan.outputs.digest}, but the plan job reviewed ${"0".repeat(64)}`,
    );
    expect(applied()).toBe("three");
  });

  test("no change planned: the plan step says so, so nothing is sealed or sent for approval", () => {
    const r = runner("plan5", "three");
    for (const s of ["Terraform init", "Terraform plan"]) expect(r.run(step("plan-network", s)).code).toBe(0);
    expect(r.outputs.changes).toBe("false");
  });

  test("missing keys fail with the setting to make", () => {
    const r = runner("plan6", "six");
    const sealed = r.run(step("plan-network", "Seal the plan"), { PLAN_PUBLIC_KEY: "" });
    expect(sealed.code).toBe(1);
    expect(sealed.log).toContain("set the repository variable LANDFORM_PLAN_PUBLIC_KEY");
    const opened = r.run(step("apply-network", "Open the reviewed plan"), { PLAN_PRIVATE_KEY: "", DIGEST: "x" });
    expect(opened.code).toBe(1);
    expect(opened.log).toContain("give this environment the secret LANDFORM_PLAN_PRIVATE_KEY");
  });
});
