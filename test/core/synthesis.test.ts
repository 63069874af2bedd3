import { App, Fn, Lazy, TerraformLocal, TerraformStack, Testing, Token } from "cdktf";
import { CLOUDS, Network } from "../../lib";
import { prepareStack, stackJson } from "../../lib/core/synthesis";
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

  test("tokens of every encoding, and values that resolve to nothing: the JSON cdktf's method returns", () => {
    const stack = testStack("aws");
    const other = testStack("aws", {}, Testing.app());
    const nothing = Lazy.anyValue({ produce: () => undefined });
    // One local per case: a value cdktf takes as a whole (a token key) must not hide the others.
    const cases: Record<string, unknown> = {
      text: `prefix-${Lazy.stringValue({ produce: () => "made" })}-suffix`,
      number: Lazy.numberValue({ produce: () => 42 }),
      numberInText: `port ${Lazy.numberValue({ produce: () => 8080 })}`,
      list: Token.asList(Lazy.listValue({ produce: () => ["a", "b"] })),
      numbers: Token.asNumberList(Lazy.anyValue({ produce: () => [1, 2] })),
      map: Token.asStringMap(Lazy.anyValue({ produce: () => ({ k: "v" }) })),
      tokenKey: { [Lazy.stringValue({ produce: () => "token_key" })]: "keyed" },
      sparse: ["a", nothing, "b", undefined],
      gone: { gone: nothing, left: undefined, kept: "kept" },
      nested: [{ inner: [nothing, { deep: Fn.upper("x") }] }],
      when: new Date(0),
      other: other.region,
    };
    for (const [id, value] of Object.entries(cases)) new TerraformLocal(stack, id, value);
    stack.prepareStack();
    const { json, fellBack } = byLandform(stack);
    expect(fellBack).toBe(false);
    expect(json).toStrictEqual(byCdktf(stack));
    expect((json as { locals: Record<string, unknown> }).locals).toMatchObject({
      text: "prefix-made-suffix",
      sparse: ["a", "b"],
      tokenKey: { token_key: "keyed" },
      gone: { kept: "kept" },
      nested: [{ inner: [{ deep: '${upper("x")}' }] }],
    });
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

  test("a number token written into an override's text, or a circular override: cdktf's method", () => {
    const stack = testStack("aws");
    stack.addOverride("locals.port", `port ${Lazy.numberValue({ produce: () => 8080 })}`);
    const { json, fellBack } = byLandform(stack);
    expect(fellBack).toBe(true);
    expect((json as { locals: { port: string } }).locals.port).toBe("port 8080");
    const circular = testStack("gcp");
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    circular.addOverride("locals.loop", loop);
    // cdktf's own method fails on it (its merge recurses without end): the same error.
    expect(() => byCdktf(circular)).toThrow(RangeError);
    expect(() => byLandform(circular)).toThrow(RangeError);
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

describe("a CloudStack's preparing pass resolving only what has an effect", () => {
  /** The app built twice: prepared by cdktf's own method, and by Landform's. */
  function preparedBothWays(build: (app: App) => void): [TerraformStack[], TerraformStack[]] {
    const [byCdktfApp, byLandformApp] = [Testing.app(), Testing.app()];
    build(byCdktfApp);
    build(byLandformApp);
    const stacksOf = (app: App) => app.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
    const [cdktfStacks, landformStacks] = [stacksOf(byCdktfApp), stacksOf(byLandformApp)];
    for (const s of cdktfStacks) TerraformStack.prototype.prepareStack.call(s);
    for (const s of landformStacks) prepareStack(s);
    return [cdktfStacks, landformStacks];
  }
  const paths = (stack: TerraformStack) => stack.node.findAll().map((c) => c.node.path);

  test.each(CLOUDS)(
    "the examples on %s: the same cross-stack outputs, remote states and dependencies as cdktf's",
    (cloud) => {
      const [cdktfStacks, landformStacks] = preparedBothWays((app) => {
        buildCluster(app, cloud);
        const database = buildDatabase(app, cloud);
        // A reference across stacks: the network of the database's stack, read by another stack.
        const network = database.node.findAll().find((c): c is Network => c instanceof Network)!;
        const reader = testStack(cloud, {}, app);
        new TerraformLocal(reader, "network", { id: network.networkId, subnets: network.privateSubnetIds });
      });
      expect(landformStacks.map((s) => s.node.path)).toEqual(cdktfStacks.map((s) => s.node.path));
      landformStacks.forEach((stack, i) => {
        const expected = cdktfStacks[i];
        expect(paths(stack)).toEqual(paths(expected));
        expect(stack.dependencies.map((d) => d.node.path)).toEqual(expected.dependencies.map((d) => d.node.path));
        expect(byCdktf(stack)).toStrictEqual(byCdktf(expected));
      });
      // Not vacuous: the cluster's workloads stack reads the cluster stack's outputs.
      expect(landformStacks.some((s) => paths(s).some((p) => p.includes("cross-stack-reference-input")))).toBe(true);
    },
  );

  test.each([
    ["a function", () => () => "x"],
    [
      "a circular object",
      () => {
        const loop: Record<string, unknown> = {};
        loop.self = loop;
        return loop;
      },
    ],
  ])("%s in an element's JSON: cdktf's own error, with the same path", (_, value) => {
    const errorOf = (prepare: (s: TerraformStack) => void) => {
      const stack = testStack("aws");
      new TerraformLocal(stack, "odd", { nested: [value()] });
      try {
        prepare(stack);
      } catch (error) {
        return (error as Error).message;
      }
      return "no error";
    };
    const expected = errorOf((s) => TerraformStack.prototype.prepareStack.call(s));
    expect(expected).not.toBe("no error");
    expect(errorOf(prepareStack)).toBe(expected);
  });
});
