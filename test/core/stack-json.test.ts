import { App, Lazy, TerraformStack, Testing } from "cdktf";
import { CLOUDS } from "../../lib";
import { stackJson } from "../../lib/core/stack-json";
import { build as buildCluster } from "../../examples/cluster";
import { build as buildDatabase } from "../../examples/app-with-database";
import { testStack } from "../helpers";

/** What cdktf's own TerraformStack.toTerraform returns, as JSON writes it. */
function byCdktf(stack: TerraformStack): unknown {
  return JSON.parse(JSON.stringify(TerraformStack.prototype.toTerraform.call(stack)));
}

/** stackJson, and whether it fell back to cdktf's method. */
function byLandform(stack: TerraformStack): { json: unknown; fellBack: boolean } {
  let fellBack = false;
  const json = stackJson(stack, () => {
    fellBack = true;
    return TerraformStack.prototype.toTerraform.call(stack);
  });
  return { json: JSON.parse(JSON.stringify(json)), fellBack };
}

/** Every stack of the app, prepared as App.synth prepares them (cross-stack references added). */
function prepared(app: App): TerraformStack[] {
  const stacks = app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  for (const s of stacks) s.prepareStack();
  return stacks;
}

describe("a CloudStack's JSON without cdktf's last, copying pass", () => {
  test.each(CLOUDS)("the examples on %s: what cdktf's toTerraform returns, without calling it", (cloud) => {
    const app = Testing.app();
    buildCluster(app, cloud);
    buildDatabase(app, cloud);
    const stacks = prepared(app);
    expect(stacks.length).toBeGreaterThan(2);
    for (const stack of stacks) {
      const { json, fellBack } = byLandform(stack);
      expect(fellBack).toBe(false);
      expect(json).toStrictEqual(byCdktf(stack));
    }
  });

  test("toTerraform of a CloudStack is stackJson: the required_version override is plain JSON", () => {
    const stack = testStack("aws");
    const json = stack.toTerraform() as { terraform: { required_version: string }; "//": object };
    expect(json.terraform.required_version).toBe(">= 1.11.0");
    expect(JSON.parse(JSON.stringify(json))).toStrictEqual(byCdktf(stack));
  });

  test("a token in the stack's own overrides: cdktf's method resolves it", () => {
    const stack = testStack("gcp");
    stack.addOverride("locals.plain", { list: ["a", 1, true, null] });
    expect(byLandform(stack).fellBack).toBe(false);
    stack.addOverride("locals.token", Lazy.stringValue({ produce: () => "made late" }));
    const { json, fellBack } = byLandform(stack);
    expect(fellBack).toBe(true);
    expect((json as { locals: Record<string, unknown> }).locals.token).toBe("made late");
    expect(json).toStrictEqual(byCdktf(stack));
  });

  test("undefined inside a list of the overrides: cdktf's method drops it", () => {
    const stack = testStack("aws");
    stack.addOverride("locals.sparse", ["a", undefined, "b"]);
    const { json, fellBack } = byLandform(stack);
    expect(fellBack).toBe(true);
    expect((json as { locals: { sparse: string[] } }).locals.sparse).toEqual(["a", "b"]);
  });

  test("the JSON returned shares no list with the stack's overrides", () => {
    const stack = testStack("aws");
    stack.addOverride("locals.names", ["a"]);
    const json = stack.toTerraform() as { locals: { names: string[] } };
    json.locals.names.push("changed by a reader");
    expect((stack.toTerraform() as { locals: { names: string[] } }).locals.names).toEqual(["a"]);
  });
});
