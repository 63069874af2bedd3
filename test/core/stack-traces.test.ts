import {
  App,
  DefaultTokenResolver,
  DISABLE_STACK_TRACE_IN_METADATA,
  Lazy,
  StringConcat,
  Testing,
  Tokenization,
} from "cdktf";
import { CLOUDS } from "../../lib";
import { NO_METADATA_TRACES, TOKEN_STACKS_ENV, TOKEN_STACKS_OFF } from "../../lib/core/stack-traces";
import { stackProps, synth, testStack } from "../helpers";

/** The creation stack cdktf records for a new token (Lazy keeps it as `creationStack`). */
function creationStackOfNewToken(lazy: typeof Lazy = Lazy): string[] {
  return (lazy.anyValue({ produce: () => "x" }) as unknown as { creationStack: string[] }).creationStack;
}

/** Sets LANDFORM_TOKEN_STACKS (undefined: unset) until the returned function puts it back. */
function setTokenStacksEnv(value: string | undefined): () => void {
  const before = process.env[TOKEN_STACKS_ENV];
  const set = (v: string | undefined) =>
    v === undefined ? delete process.env[TOKEN_STACKS_ENV] : (process.env[TOKEN_STACKS_ENV] = v);
  set(value);
  return () => set(before);
}

/** Fresh copies of cdktf and Landform (the switch is process-wide), with LANDFORM_TOKEN_STACKS as given. */
function isolated(env: string | undefined, body: (cdktf: typeof import("cdktf")) => void): void {
  const restore = setTokenStacksEnv(env);
  try {
    jest.isolateModules(() => body(require("cdktf") as typeof import("cdktf")));
  } finally {
    restore();
  }
}

/** Turns the switch on in the current copy of cdktf, as every Landform stack does. */
function quietIn(cdktf: typeof import("cdktf")): void {
  const { quietStackTraces } = require("../../lib/core/stack-traces") as typeof import("../../lib/core/stack-traces");
  quietStackTraces(new cdktf.TerraformStack(cdktf.Testing.app(), "s"));
}

describe("stack traces", () => {
  // The tests that share this file's copy of cdktf expect the default (a developer may have it set).
  let restore: () => void;
  beforeAll(() => (restore = setTokenStacksEnv(undefined)));
  afterAll(() => restore());

  test("the context key spelt out is cdktf's", () => {
    expect(NO_METADATA_TRACES).toBe(DISABLE_STACK_TRACE_IN_METADATA);
  });

  // Each in a fresh copy of cdktf and Landform: the switch is process-wide, so a stack built earlier
  // in this file would hide a kind of stack that does not turn it on.
  type Lib = typeof import("../../lib");
  const KINDS: [string, (lib: Lib, app: App) => void][] = [
    ...CLOUDS.map((cloud): [string, (lib: Lib, app: App) => void] => [
      `CloudStack on ${cloud}`,
      (lib, app) => new lib.CloudStack(app, "s", stackProps(cloud)),
    ]),
    [
      "ModuleStack",
      (_, app) => {
        const { ModuleStack } = require("../../lib/modules") as typeof import("../../lib/modules");
        new ModuleStack(app, "m", { cloud: "aws", environment: "dev", description: "A module." });
      },
    ],
    [
      "GitHubGovernanceStack",
      (lib, app) => {
        // The reference platform's declaration: the stack needs a whole one.
        const { pipeline } = require("../../stacks/pipeline") as typeof import("../../stacks/pipeline");
        new lib.GitHubGovernanceStack(app, "g", { pipeline });
      },
    ],
  ];
  test.each(KINDS)("after a %s, tokens carry the how-to line instead of a stack trace", (_, build) => {
    isolated(undefined, (cdktf) => {
      const before = creationStackOfNewToken(cdktf.Lazy);
      build(require("../../lib") as Lib, cdktf.Testing.app());
      expect(before).not.toEqual(TOKEN_STACKS_OFF);
      expect(creationStackOfNewToken(cdktf.Lazy)).toEqual(TOKEN_STACKS_OFF);
    });
    expect(TOKEN_STACKS_OFF[0]).toContain(`${TOKEN_STACKS_ENV}=1`);
  });

  test("a token that fails to resolve says how to record where it was created", () => {
    const stack = testStack("aws");
    const bad = Lazy.stringValue({
      produce: () => {
        throw new Error("no value yet");
      },
    });
    expect(() =>
      Tokenization.resolve(bad, { scope: stack, resolver: new DefaultTokenResolver(new StringConcat()) }),
    ).toThrow(
      new RegExp(`no value yet[\\s\\S]*Object creation stack:\\s+at \\(not recorded: set ${TOKEN_STACKS_ENV}=1`),
    );
  });

  test(`${TOKEN_STACKS_ENV}=1 keeps cdktf's full creation stacks`, () => {
    isolated("1", (cdktf) => {
      quietIn(cdktf);
      const stack = creationStackOfNewToken(cdktf.Lazy);
      expect(stack).not.toEqual(TOKEN_STACKS_OFF);
      expect(stack.join("\n")).toMatch(/stack-traces\.test\.ts/);
    });
  });

  test("off otherwise: the switch reaches every token class cdktf records a stack for", () => {
    isolated(undefined, (cdktf) => {
      quietIn(cdktf);
      expect(creationStackOfNewToken(cdktf.Lazy)).toEqual(TOKEN_STACKS_OFF);
      // References, lists and maps of provider resources are the bulk of a synth's tokens.
      const app = cdktf.Testing.app();
      const stack = new cdktf.TerraformStack(app, "t");
      const element = new cdktf.TerraformResource(stack, "r", { terraformResourceType: "null_resource" });
      const reference = element.interpolationForAttribute("id") as unknown as {
        creationStack: string[];
      };
      expect(reference.creationStack).toEqual(TOKEN_STACKS_OFF);
      const list = new cdktf.StringMap(element, "triggers");
      expect((list as unknown as { creationStack: string[] }).creationStack).toEqual(TOKEN_STACKS_OFF);
    });
  });

  test("the synthesized JSON is the same bytes either way", () => {
    const quiet = synth(testStack("gcp")).json;
    let recorded = "";
    isolated("1", () => {
      const { synth: synthIsolated, testStack: stackIsolated } = require("../helpers") as typeof import("../helpers");
      recorded = synthIsolated(stackIsolated("gcp")).json;
    });
    expect(recorded).toBe(quiet);
  });

  test("an app that asks for metadata stack traces keeps them", () => {
    const app = Testing.app({ stackTraces: true, context: { [DISABLE_STACK_TRACE_IN_METADATA]: false } });
    const stack = testStack("aws", {}, app);
    expect(stack.node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA)).toBe(false);
    expect(testStack("gcp").node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA)).toBe(true);
  });
});
