import {
  driftReport,
  formatDriftJson,
  formatReviewJson,
  formatReviewSarif,
  readPlan,
  reviewReport,
} from "../../../lib/ops/plan";
import { Plan } from "../../../lib/ops/plan/model";
import { HAS_TERRAFORM, realPlan } from "./terraform";

const BEFORE = `
variable "secret" {
  type      = string
  sensitive = true
  default   = "hunter2-before"
}
resource "terraform_data" "keep" { input = "a" }
resource "terraform_data" "upd" { input = { tags = { team = "web" }, ports = [80, 443] } }
resource "terraform_data" "rep" {
  input            = "x"
  triggers_replace = "v1"
}
resource "terraform_data" "gone" { input = "bye" }
resource "terraform_data" "old" { input = "moveme" }
resource "terraform_data" "sec" { input = var.secret }
module "child" {
  source = "./child"
  value  = "one"
}
`;
const AFTER = BEFORE.replace("hunter2-before", "hunter2-after")
  .replace(`team = "web"`, `team = "api"`)
  .replace("[80, 443]", "[80, 8443]")
  .replace(`"v1"`, `"v2"`)
  .replace(`value  = "one"`, `value  = "two"`)
  .replace(`resource "terraform_data" "gone" { input = "bye" }`, `resource "terraform_data" "new" { input = "hi" }`)
  .replace(
    `resource "terraform_data" "old" { input = "moveme" }`,
    `resource "terraform_data" "renamed" { input = "moveme" }\nmoved {\n  from = terraform_data.old\n  to   = terraform_data.renamed\n}`,
  );
const ERRORED = `
resource "terraform_data" "ok" { input = "a" }
resource "terraform_data" "bad" {
  input = "b"
  lifecycle {
    precondition {
      condition     = terraform_data.ok.input == "z"
      error_message = "ok must be z"
    }
  }
}
`;

const CHILD = `variable "value" {}\nresource "terraform_data" "inner" { input = var.value }\n`;

const describeReal = HAS_TERRAFORM ? describe : describe.skip;
if (!HAS_TERRAFORM)
  console.warn("SKIPPED: real plan tests need terraform at /usr/local/bin/terraform (or LANDFORM_TERRAFORM)");

describeReal("plans written by Terraform 1.11", () => {
  let plan: Plan;
  let errored: Plan;

  beforeAll(() => {
    plan = readPlan(realPlan(BEFORE, AFTER, { files: { "child/main.tf": CHILD } }), "main/plan.json");
    errored = readPlan(
      realPlan(ERRORED.replace(/precondition[\s\S]*?}\n/, ""), ERRORED, { expectError: true }),
      "bad/plan.json",
    );
  }, 60_000);

  test("every action is read: create, update, replace, delete, move, and a module's resources", () => {
    const actions = Object.fromEntries(plan.changes.map((c) => [c.address, c.change.actions.join("+")]));
    expect(actions).toMatchObject({
      "terraform_data.new": "create",
      "terraform_data.upd": "update",
      "terraform_data.rep": "delete+create",
      "terraform_data.gone": "delete",
      "terraform_data.renamed": "no-op",
      "terraform_data.keep": "no-op",
      "module.child.terraform_data.inner": "update",
    });
    const renamed = plan.changes.find((c) => c.address === "terraform_data.renamed")!;
    expect(renamed.previousAddress).toBe("terraform_data.old");
    const rep = plan.changes.find((c) => c.address === "terraform_data.rep")!;
    expect(rep.change.replacePaths).toEqual([["triggers_replace"]]);
    expect(rep.actionReason).toBe("replace_because_cannot_update");
    expect(plan.changes.find((c) => c.address === "terraform_data.gone")!.actionReason).toBe(
      "delete_because_no_resource_config",
    );
    expect(plan.complete).toBe(true);
    expect(plan.terraformVersion).toMatch(/^1\./);
  });

  test("the review counts each kind, flags the replace and the delete, and finds the deep attribute paths", () => {
    const report = reviewReport([plan]);
    expect(report.summary.total).toMatchObject({ create: 1, update: 3, replace: 1, delete: 1, move: 1 });
    const destructive = report.changes.filter((c) => c.destructive).map((c) => [c.address, c.kind]);
    expect(destructive).toEqual([
      ["terraform_data.gone", "delete"],
      ["terraform_data.rep", "replace"],
    ]);
    expect(report.changes.find((c) => c.address === "terraform_data.rep")!.replacePaths).toEqual(["triggers_replace"]);
    // terraform_data is not stateful: destructive, never blocking.
    expect(report.summary.blocking).toBe(0);
    // A pending update read as drift of a normal plan: the deep paths of what differs.
    const drift = driftReport([plan], { today: "2025-01-01" });
    const upd = drift.drift.find((d) => d.address === "terraform_data.upd")!;
    expect(upd.attributes.map((a) => a.path)).toEqual(["input.ports[1]", "input.tags.team", "output"]);
    expect(upd.attributes[0]).toMatchObject({ before: 443, after: 8443 });
  });

  test("a sensitive value is never printed, in any format", () => {
    const outputs = [
      formatDriftJson(driftReport([plan], { today: "2025-01-01" })),
      formatReviewJson(reviewReport([plan])),
      formatReviewSarif(reviewReport([plan])),
    ];
    for (const out of outputs) expect(out).not.toMatch(/hunter2/);
    const sec = driftReport([plan], { today: "2025-01-01" }).drift.find((d) => d.address === "terraform_data.sec")!;
    // terraform_data copies the sensitive input into an unmarked output: masked too.
    expect(sec.attributes).toEqual([
      { path: "input", before: "(sensitive)", after: "(sensitive)" },
      { path: "output", before: "(sensitive)", after: "(known after apply)" },
    ]);
  });

  test("an errored plan is incomplete: exit 2 for both commands, with the failed check named", () => {
    expect(errored).toMatchObject({ errored: true, complete: false, problems: ["terraform_data.bad: ok must be z"] });
    expect(driftReport([errored], { today: "2025-01-01" }).summary.incompletePlans).toBe(1);
    expect(reviewReport([errored]).summary.incompletePlans).toBe(1);
  });
});
