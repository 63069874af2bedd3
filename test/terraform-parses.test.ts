import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { HAS_TERRAFORM, TERRAFORM } from "./ops/plan/terraform";

// No provider can be downloaded here, so `terraform validate` cannot run on these stacks. What
// Terraform can do without providers is load the configuration: `terraform providers` parses every
// block, expression and reference (a malformed `depends_on` or `replace_triggered_by` fails it) and
// names the provider each block needs.
const root = path.resolve(__dirname, "..");
const stacksDir = path.join(root, "terraform", "stacks");
const stacks = fs.readdirSync(stacksDir).sort();
const ENV = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1" };

(HAS_TERRAFORM ? describe : describe.skip)("Terraform loads every committed stack", () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "landform-parse-"));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test.each(stacks)("%s", (stack) => {
    const json = JSON.parse(fs.readFileSync(path.join(stacksDir, stack, "cdk.tf.json"), "utf8"));
    // A backend would make Terraform ask for initialization first; the configuration is the point.
    delete json.terraform.backend;
    const dir = path.join(tmp, stack);
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "main.tf.json"), JSON.stringify(json));
    const out = execFileSync(TERRAFORM, ["providers", "-no-color"], { cwd: dir, env: ENV, encoding: "utf8" });
    const required = Object.values(json.terraform.required_providers as Record<string, { version: string }>);
    for (const p of required) expect(out).toContain(p.version);
  });
});

if (!HAS_TERRAFORM)
  console.warn(`skipped: no terraform at ${TERRAFORM}; the committed stacks were not loaded by Terraform`);
