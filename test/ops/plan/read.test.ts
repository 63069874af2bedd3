import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readPlan, readPlanFiles } from "../../../lib/ops/plan";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "landform-read-"));

describe("plan reader: bad input is one line that says what to do", () => {
  test.each([
    ["", "p.json: is empty; expected the output of `terraform show -json <planfile>`."],
    ["{not json", "p.json: is not JSON ("],
    ["[1,2]", "p.json: is not a JSON object; expected the output of `terraform show -json <planfile>`."],
    [
      JSON.stringify({ version: 4, terraform_version: "1.11.4", serial: 3, lineage: "x", resources: [] }),
      "p.json: is a Terraform state file, not a plan; run `terraform plan -out p` and `terraform show -json p`.",
    ],
    [
      JSON.stringify({ format_version: "1.0", terraform_version: "1.11.4", values: { root_module: {} } }),
      "p.json: is state JSON (`terraform show -json` without a plan file), not a plan; run `terraform show -json <planfile>`.",
    ],
    [
      JSON.stringify({ resource: { aws_vpc: { a: {} } } }),
      "p.json: is Terraform configuration JSON, not a plan; give the output of `terraform show -json <planfile>` (pass the configuration with --stacks).",
    ],
    [
      JSON.stringify({ format_version: "2.0", resource_changes: [] }),
      "p.json: plan format 2.0 is not supported (Landform reads formats 0.x and 1.x); upgrade Landform or use a Terraform that writes 1.x.",
    ],
    [JSON.stringify({ format_version: 1.2 }), 'p.json: format_version 1.2 must be a string such as "1.2".'],
    [
      JSON.stringify({ format_version: "1.2", resource_changes: [{ type: "a", name: "b", change: { actions: [] } }] }),
      "p.json: resource_changes[0] (a.b) change.actions [] must be a non-empty list of strings.",
    ],
    [JSON.stringify({ format_version: "1.2", resource_drift: {} }), "p.json: resource_drift {} must be a list."],
  ])("%s", (text, message) => {
    let thrown: Error | undefined;
    try {
      readPlan(text, "p.json");
    } catch (error) {
      thrown = error as Error;
    }
    expect(thrown?.name).toBe("PlanInputError");
    expect(thrown?.message.startsWith(message)).toBe(true);
    expect(thrown?.message).not.toContain("\n");
  });

  test("unknown keys are ignored and optional keys may be missing (format 0.1)", () => {
    const plan = readPlan(
      JSON.stringify({
        format_version: "0.1",
        some_future_key: { x: 1 },
        resource_changes: [
          { address: "a.b", type: "a", name: "b", change: { actions: ["create"], after: {}, future: 1 } },
        ],
      }),
      "old.json",
    );
    expect(plan).toMatchObject({ formatVersion: "0.1", complete: true, errored: false, drift: [] });
    expect(plan.terraformVersion).toBeUndefined();
    expect(plan.changes[0]).toMatchObject({ address: "a.b", mode: "managed", change: { actions: ["create"] } });
  });

  test("complete: false alone makes a plan incomplete", () => {
    expect(readPlan(JSON.stringify({ format_version: "1.2", complete: false }), "p.json").complete).toBe(false);
  });

  test("a file over the limit is refused from its size alone, before it is read", () => {
    const dir = tmp();
    const big = path.join(dir, "big.json");
    fs.writeFileSync(big, "");
    fs.truncateSync(big, 200 * 1024 * 1024); // sparse: costs no disk
    expect(() => readPlanFiles(["big.json"], { cwd: dir })).toThrow(
      "big.json: is 200 MB, too large for a plan (the limit is 160 MB); split the configuration into smaller stacks or raise --max-size.",
    );
  });

  test("a folder: plans found recursively, other JSON skipped and named, no plan at all is an error", () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, "plans", "aws-prod"), { recursive: true });
    fs.writeFileSync(path.join(dir, "plans", "aws-prod", "plan.json"), JSON.stringify({ format_version: "1.2" }));
    fs.writeFileSync(path.join(dir, "plans", "package.json"), JSON.stringify({ name: "x" }));
    fs.writeFileSync(path.join(dir, "plans", "cdk.tf.json"), "{}");
    const { plans, skipped } = readPlanFiles(["plans"], { cwd: dir });
    expect(plans.map((p) => p.file)).toEqual(["plans/aws-prod/plan.json"]);
    expect(skipped).toEqual([
      {
        file: "plans/package.json",
        why: 'has no "format_version"; expected the output of `terraform show -json <planfile>`.',
      },
    ]);
    fs.mkdirSync(path.join(dir, "empty"));
    expect(() => readPlanFiles(["empty"], { cwd: dir })).toThrow(
      "empty: no Terraform plan JSON in this folder; write one with `terraform show -json <planfile> > plan.json`.",
    );
    expect(() => readPlanFiles(["nope"], { cwd: dir })).toThrow("nope: no such file or folder.");
  });
});
