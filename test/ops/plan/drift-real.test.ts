import { driftExitCode, driftReport, readPlan } from "../../../lib/ops/plan";
import { HAS_TERRAFORM, instanceOf, realPlan } from "./terraform";

// Issue 22 on plans written by Terraform 1.11 itself: entries whose values are equal on both sides
// are noise with a named rule, and a change the code asks for never hides behind a noise entry.

const CONFIG = `
resource "terraform_data" "code" { input = "one" }
resource "terraform_data" "hand" { input = "kept" }
resource "terraform_data" "marks" { input = "same" }
`;
// The code changes `code`; someone edits `hand` in the state; only the sensitivity of `marks` changes.
const CHANGED = CONFIG.replace(`input = "one"`, `input = "two"`);
const TODAY = "2026-01-01";

const describeReal = HAS_TERRAFORM ? describe : describe.skip;
if (!HAS_TERRAFORM)
  console.warn("SKIPPED: real drift plans need terraform at /usr/local/bin/terraform (or LANDFORM_TERRAFORM)");

describeReal("drift on plans written by Terraform 1.11", () => {
  let text: string;

  beforeAll(() => {
    text = realPlan(CONFIG, CHANGED, {
      editState: (state) => {
        instanceOf(state, "terraform_data.hand").attributes.input = { value: "edited", type: "string" };
        instanceOf(state, "terraform_data.marks").sensitive_attributes = [[{ type: "get_attr", value: "input" }]];
      },
    });
  }, 60_000);

  /**
   * terraform_data's refresh returns the state it was given, so Terraform never puts it in
   * resource_drift. What a real provider reports there is added to the real plan: `extra`.
   */
  function report(extra: unknown[] = []) {
    const json = JSON.parse(text) as { resource_drift?: unknown[] };
    json.resource_drift = [...(json.resource_drift ?? []), ...extra];
    return driftReport([readPlan(JSON.stringify(json), "plan.json")], { today: TODAY });
  }

  /** `address`'s change in the real plan, as a resource_drift entry going from `before` to `after`. */
  function driftOf(address: string, edit: (before: Record<string, unknown>) => Record<string, unknown>) {
    const change = (
      JSON.parse(text) as { resource_changes: { address: string; change: { before: object } }[] }
    ).resource_changes.find((c) => c.address === address)!;
    const before = change.change.before as Record<string, unknown>;
    const change2 = {
      actions: ["update"],
      before,
      after: edit(before),
      after_unknown: {},
      before_sensitive: {},
      after_sensitive: {},
    };
    return { ...change, change: change2 };
  }

  test("an update whose before and after are equal is noise under same-values; the others are drift", () => {
    const r = report();
    const byAddress = Object.fromEntries(r.drift.map((d) => [d.address, d]));
    expect(byAddress["terraform_data.marks"]).toMatchObject({
      source: "pending",
      actions: ["update"],
      attributes: [],
      noise: true,
      noiseRule: "same-values",
    });
    expect(byAddress["terraform_data.code"]).toMatchObject({
      noise: false,
      attributes: expect.arrayContaining([{ path: "input", before: "one", after: "two" }]),
    });
    expect(byAddress["terraform_data.hand"]).toMatchObject({
      noise: false,
      attributes: expect.arrayContaining([{ path: "input", before: "edited", after: "kept" }]),
    });
    expect(r.summary).toMatchObject({ drifted: 2, noise: 1 });
  });

  test("a pending change at an address with noise drift is still reported, and fails the run", () => {
    const r = report([driftOf("terraform_data.code", (before) => before)]);
    const code = r.drift.filter((d) => d.address === "terraform_data.code");
    expect(code).toEqual([
      expect.objectContaining({ source: "outside", noise: true, noiseRule: "same-values", attributes: [] }),
      expect.objectContaining({
        source: "pending",
        noise: false,
        attributes: expect.arrayContaining([{ path: "input", before: "one", after: "two" }]),
      }),
    ]);
    expect(driftExitCode(r)).toBe(1);
  });

  test("only the code's own change survives: what merely puts drift back is the drift entry's", () => {
    // Outside Terraform, `hand`'s input went from "kept" to "edited": the plan's change back is no extra entry.
    const putBack = driftOf("terraform_data.hand", (before) => before);
    const r = report([
      {
        ...putBack,
        change: { ...putBack.change, before: { ...putBack.change.before, input: "kept", output: "kept" } },
      },
    ]);
    expect(r.drift.filter((d) => d.address === "terraform_data.hand")).toEqual([
      expect.objectContaining({ source: "outside", attributes: [expect.objectContaining({ path: "input" })] }),
    ]);
  });

  test("with only noise left, the run passes", () => {
    const quiet = realPlan(CONFIG, CONFIG, {
      editState: (state) => {
        instanceOf(state, "terraform_data.marks").sensitive_attributes = [[{ type: "get_attr", value: "input" }]];
      },
    });
    const r = driftReport([readPlan(quiet, "quiet.json")], { today: TODAY });
    expect(r.drift.map((d) => [d.address, d.noiseRule])).toEqual([["terraform_data.marks", "same-values"]]);
    expect(driftExitCode(r)).toBe(0);
  }, 60_000);
});
