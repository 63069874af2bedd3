import { spawnSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { App, DataResource, TerraformStack } from "cdktf";
import { StateBackend } from "../../lib";

// Terraform resolves a local backend's relative path from the folder it runs in, and each stack
// runs in its own `stacks/<name>/`. This test runs the real binary on built-in resources only
// (terraform_data, terraform_remote_state, the local backend): nothing to download.
const terraform = spawnSync("terraform", ["version"], { encoding: "utf8" });
const hasTerraform = terraform.status === 0;
if (!hasTerraform) console.warn("local-backend.test.ts: terraform is not on PATH; the apply/plan test is skipped.");
const withTerraform = hasTerraform ? test : test.skip;

const env = { ...process.env, TF_CLI_CONFIG_FILE: "/dev/null", CHECKPOINT_DISABLE: "1", TF_IN_AUTOMATION: "1" };

function run(cwd: string, ...args: string[]): string {
  const r = spawnSync("terraform", [...args, "-no-color"], { cwd, env, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`terraform ${args.join(" ")} in ${cwd} failed:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}

/** A producer stack and a consumer that reads one of its attributes, both on StateBackend.local(). */
function synthPair(outdir: string, options: { path?: string } = {}): void {
  const app = new App({ outdir, stackTraces: false });
  const producer = new TerraformStack(app, "producer");
  StateBackend.local(options).bind(producer, { stackName: "producer" });
  const made = new DataResource(producer, "made", { input: { value: "from the producer" } });
  const consumer = new TerraformStack(app, "consumer");
  StateBackend.local(options).bind(consumer, { stackName: "consumer" });
  new DataResource(consumer, "seen", { input: made.output });
  app.synth();
}

describe("StateBackend.local across stacks", () => {
  test("the consumer looks for the producer's state in the producer's folder", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-local-"));
    try {
      synthPair(outdir);
      const consumer = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/consumer/cdk.tf.json"), "utf8"));
      expect(Object.values(consumer.data.terraform_remote_state)).toEqual([
        {
          backend: "local",
          config: { path: "../producer/terraform.producer.tfstate" },
          workspace: "${terraform.workspace}",
        },
      ]);
      expect(consumer.terraform.backend.local.path).toBe("terraform.consumer.tfstate");
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });

  withTerraform(
    "terraform plans the consumer with the value the producer applied",
    () => {
      const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-local-tf-"));
      try {
        synthPair(outdir, { path: "state/main.tfstate" });
        const producer = path.join(outdir, "stacks/producer");
        const consumer = path.join(outdir, "stacks/consumer");
        run(producer, "init", "-input=false");
        run(producer, "apply", "-auto-approve", "-input=false");
        expect(fs.existsSync(path.join(producer, "state/main.tfstate"))).toBe(true);
        run(consumer, "init", "-input=false");
        run(consumer, "plan", "-input=false", "-out=plan.bin");
        const plan = JSON.parse(run(consumer, "show", "-json", "plan.bin"));
        const seen = plan.resource_changes.find((c: { type: string }) => c.type === "terraform_data");
        expect(seen.change.after.input).toEqual({ value: "from the producer" });
      } finally {
        fs.rmSync(outdir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
