import os from "os";
import path from "path";
import { Testing } from "cdktf";
import { Cloud, CloudStack, Database, DatabaseProps, LandformError, Network } from "../lib";
import { show } from "../lib/core/errors";
import { fsProblem, InputError, OpsInputError, readOutput } from "../lib/ops";
import { moduleFiles } from "../lib/modules";
import { PlanInputError } from "../lib/ops/plan/errors";
import { readPlan } from "../lib/ops/plan/read";
import { PipelineError } from "../lib/pipeline";
import { loadStacks, PolicyInputError } from "../lib/policy";
import { CLOUDS, stackProps, testStack } from "./helpers";

// Every bad input raises a LandformError whose fields a program can read, and whose message is
// rendered from those fields in the one sentence shape: "Kind 'path': prop value problem; fix."

/** The LandformError `fn` throws; anything else fails the test. */
function errorOf(fn: () => unknown): LandformError {
  try {
    fn();
  } catch (e) {
    if (LandformError.isLandformError(e)) return e;
    throw e;
  }
  throw new Error("expected a LandformError, and nothing was thrown");
}

/** The fields of an error, for one `toEqual`. */
function fieldsOf(e: LandformError) {
  const { code, constructPath, kind, prop, value, problem, fix } = e;
  return { code, constructPath, kind, prop, value, problem, fix };
}

function database(cloud: Cloud, props: Partial<DatabaseProps>) {
  const stack = testStack(cloud);
  return new Database(stack, "orders", { network: new Network(stack, "network"), ...props });
}

const MIN_STORAGE: Record<Cloud, number> = { aws: 20, gcp: 10 };

describe.each(CLOUDS)("structured errors on %s", (cloud) => {
  const stackPath = `${cloud}-test`;

  test("a bad prop value: every field, and the message rendered from them", () => {
    const e = errorOf(() => database(cloud, { storageGb: 5 }));
    const min = MIN_STORAGE[cloud];
    expect(fieldsOf(e)).toEqual({
      code: "invalid-prop",
      constructPath: `${stackPath}/orders`,
      kind: "Database",
      prop: "storageGb",
      value: 5,
      problem: `is below the minimum of ${min} for postgres on ${cloud}`,
      fix: `set storageGb to ${min} or more`,
    });
    expect(e.message).toBe(
      `Database '${stackPath}/orders': storageGb 5 is below the minimum of ${min} for postgres on ${cloud}; set storageGb to ${min} or more.`,
    );
    expect(e.message).toBe(`${e.kind} '${e.constructPath}': ${e.prop} ${show(e.value)} ${e.problem}; ${e.fix}.`);
    expect(e.name).toBe("LandformError");
    expect(e).toBeInstanceOf(Error);
  });

  test("a string value is shown JSON-quoted, and the prop path names the nested field", () => {
    const e = errorOf(() => database(cloud, { maintenanceWindow: { day: "sunday" as never, hour: 3 } }));
    expect(fieldsOf(e)).toMatchObject({ code: "invalid-prop", prop: "maintenanceWindow.day", value: "sunday" });
    expect(e.message).toBe(
      `Database '${stackPath}/orders': maintenanceWindow.day "sunday" is not a weekday; use one of "mon", "tue", "wed", "thu", "fri", "sat", "sun".`,
    );
  });

  test("a stack prop: the kind is CloudStack and the path the stack's", () => {
    const e = errorOf(() => new CloudStack(Testing.app(), stackPath, stackProps(cloud, { environment: "Prod!" })));
    expect(fieldsOf(e)).toEqual({
      code: "invalid-prop",
      constructPath: stackPath,
      kind: "CloudStack",
      prop: "environment",
      value: "Prod!",
      problem: "is not a valid environment name",
      fix: 'use 1-31 lowercase letters, digits and dashes starting with a letter, e.g. "prod"',
    });
    expect(e.message).toBe(
      `CloudStack '${stackPath}': environment "Prod!" is not a valid environment name; use 1-31 lowercase letters, digits and dashes starting with a letter, e.g. "prod".`,
    );
  });

  test("a prop the cloud cannot honour: code unsupported-on-cloud, no value, the cloud named", () => {
    const other = cloud === "aws" ? { project: "acme-test-123" } : { account: "123456789012" };
    const wrongProp = cloud === "aws" ? "project" : "account";
    const e = errorOf(() => new CloudStack(Testing.app(), stackPath, { ...stackProps(cloud), ...other }));
    expect(fieldsOf(e)).toMatchObject({
      code: "unsupported-on-cloud",
      constructPath: stackPath,
      kind: "CloudStack",
      prop: wrongProp,
      value: undefined,
    });
    expect(e.problem).toMatch(new RegExp(`^${wrongProp} is not supported on ${cloud}: `));
    expect(e.message).toBe(`CloudStack '${stackPath}': ${e.problem}; ${e.fix}.`);
  });

  test("the wrong escape hatch: code wrong-cloud", () => {
    const db = database(cloud, {});
    const other = cloud === "aws" ? "gcp" : "aws";
    const e = errorOf(() => (db as unknown as Record<string, unknown>)[other]);
    expect(fieldsOf(e)).toEqual({
      code: "wrong-cloud",
      constructPath: `${stackPath}/orders`,
      kind: "Database",
      prop: undefined,
      value: undefined,
      problem: `.${other} is only available on ${other} stacks, and this stack targets ${cloud}`,
      fix: `use the portable attributes or .${cloud}`,
    });
    expect(e.message).toBe(`Database '${stackPath}/orders': ${e.problem}; ${e.fix}.`);
  });

  test("a user's subclass of Database still reports the kind Database", () => {
    class OrdersDatabase extends Database {}
    const stack = testStack(cloud);
    const network = new Network(stack, "network");
    const e = errorOf(() => new OrdersDatabase(stack, "orders", { network, storageGb: 5 }));
    expect(e.kind).toBe("Database");
    expect(e.message).toMatch(new RegExp(`^Database '${stackPath}/orders': storageGb 5 `));
  });
});

test("outside a CloudStack: code not-in-stack, the path, no kind", () => {
  const e = errorOf(() => new Network(Testing.app(), "network"));
  expect(fieldsOf(e)).toMatchObject({ code: "not-in-stack", constructPath: "network", kind: undefined });
  expect(e.message).toBe(
    "'network' is not inside a CloudStack; " +
      'create Landform constructs in a CloudStack, e.g. new CloudStack(app, "aws-dev", { cloud: "aws", region: "eu-west-1", environment: "dev" }).',
  );
});

describe("recognising a LandformError", () => {
  type Errors = typeof import("../lib/core/errors");
  type PolicyErrors = typeof import("../lib/policy/errors");

  // Two copies of the module, as two versions of the package in node_modules would give.
  function copy(): { errors: Errors; policy: PolicyErrors } {
    let loaded!: { errors: Errors; policy: PolicyErrors };
    jest.isolateModules(() => {
      loaded = {
        errors: require("../lib/core/errors") as Errors,
        policy: require("../lib/policy/errors") as PolicyErrors,
      };
    });
    return loaded;
  }
  const first = copy();
  const second = copy();

  test("the two copies are different classes", () => {
    expect(first.errors.LandformError).not.toBe(second.errors.LandformError);
    expect(first.policy.PolicyInputError).not.toBe(second.policy.PolicyInputError);
  });

  test("an error from the other copy is a LandformError by isLandformError and by instanceof", () => {
    const e = new second.errors.LandformError({ code: "invalid-prop", problem: "is wrong" });
    expect(first.errors.LandformError.isLandformError(e)).toBe(true);
    expect(e instanceof first.errors.LandformError).toBe(true);
    expect(LandformError.isLandformError(e)).toBe(true);
    expect(e instanceof LandformError).toBe(true);
    const fromPolicy = new second.policy.PolicyInputError("policy.json: not JSON.");
    expect(first.errors.LandformError.isLandformError(fromPolicy)).toBe(true);
    expect(fromPolicy instanceof first.errors.LandformError).toBe(true);
  });

  test("subclasses keep the usual instanceof: only their own class and its instances", () => {
    const mine = new first.policy.PolicyInputError("x.");
    const theirs = new second.policy.PolicyInputError("x.");
    expect(mine instanceof first.policy.PolicyInputError).toBe(true);
    expect(theirs instanceof first.policy.PolicyInputError).toBe(false);
    expect(new first.errors.LandformError("x") instanceof first.policy.PolicyInputError).toBe(false);
  });

  test("other values are not LandformErrors", () => {
    for (const value of [new Error("x"), { code: "invalid-prop", problem: "x" }, null, undefined, "x", 1]) {
      expect(LandformError.isLandformError(value)).toBe(false);
      expect(value instanceof LandformError).toBe(false);
    }
  });
});

describe("the policy and ops layers raise LandformErrors", () => {
  const MISSING = path.join(os.tmpdir(), "landform-no-such-folder-for-errors-test");

  test("PolicyInputError: an InputError with its own code, the parts of the ops error it wraps", () => {
    const e = errorOf(() => loadStacks(MISSING));
    expect(e).toBeInstanceOf(PolicyInputError);
    expect(e).toBeInstanceOf(InputError);
    expect(e).toBeInstanceOf(LandformError);
    expect({ name: e.name, code: e.code, source: (e as InputError).source, problem: e.problem }).toEqual({
      name: "PolicyInputError",
      code: "policy-input",
      source: MISSING,
      problem: "no such file or folder",
    });
    expect(e.message).toBe(`${MISSING}: no such file or folder.`);
  });

  test("PlanInputError: an InputError with its own code", () => {
    const e = errorOf(() => readPlan("", "p.json"));
    expect(e).toBeInstanceOf(PlanInputError);
    expect(e).toBeInstanceOf(InputError);
    expect({ name: e.name, code: e.code, source: (e as InputError).source, problem: e.problem, fix: e.fix }).toEqual({
      name: "PlanInputError",
      code: "plan-input",
      source: "p.json",
      problem: "is empty",
      fix: "expected the output of `terraform show -json <planfile>`",
    });
  });
});

// Input that is not a construct's prop (files, flags, JSON documents, declarations) raises an
// InputError: "<source>: <prop> <value> <problem>; <fix>." with the same parts as fields.
describe("InputError", () => {
  const MISSING = path.join(os.tmpdir(), "landform-no-such-folder-for-errors-test");

  /** The fields of an input error, for one `toEqual`. */
  function inputFieldsOf(e: LandformError) {
    expect(e).toBeInstanceOf(InputError);
    const { code, source, prop, value, problem, fix } = e as InputError;
    return { code, source, prop, value, problem, fix };
  }

  test("a file: the source and the problem; OpsInputError is the same class", () => {
    const e = errorOf(() => readOutput(MISSING));
    expect(inputFieldsOf(e)).toEqual({
      code: "ops-input",
      source: MISSING,
      prop: undefined,
      value: undefined,
      problem: "no such file or folder",
      fix: undefined,
    });
    expect(e.message).toBe(`${MISSING}: no such file or folder.`);
    expect(e.name).toBe("InputError");
    expect(OpsInputError).toBe(InputError);
    expect(e).toBeInstanceOf(OpsInputError);
    expect(e).toBeInstanceOf(LandformError);
  });

  test("a flag: the prop, its value JSON-quoted, the problem and the fix", () => {
    const e = errorOf(() => moduleFiles("db", {}, { name: "db", provider: "aws", version: "v1" }));
    expect(inputFieldsOf(e)).toEqual({
      code: "ops-input",
      source: undefined,
      prop: "--version",
      value: "v1",
      problem: "is not a semantic version",
      fix: "use MAJOR.MINOR.PATCH without a leading v, e.g. 1.0.0",
    });
    expect(e.message).toBe(
      '--version "v1" is not a semantic version; use MAJOR.MINOR.PATCH without a leading v, e.g. 1.0.0.',
    );
  });

  test("a file system error: its problem and fix apart", () => {
    const e = fsProblem({ code: "ELOOP" }, "out/link");
    expect(inputFieldsOf(e)).toMatchObject({
      source: "out/link",
      problem: "is a symbolic link loop",
      fix: "fix or remove the link",
    });
    expect(e.message).toBe("out/link: is a symbolic link loop; fix or remove the link.");
  });

  test.each([
    [
      { source: "cdktf.json", prop: "output", value: 5, problem: "is not a folder name", fix: "name one" },
      "cdktf.json: output 5 is not a folder name; name one.",
    ],
    [
      { prop: "--max", value: "x".repeat(100), problem: "is not a number" },
      `--max "${"x".repeat(38)}…(24 more characters)…${"x".repeat(38)}" is not a number.`,
    ],
    [{ prop: "base ref", value: undefined, problem: "is empty" }, "base ref undefined is empty."],
    [{ problem: "the stacks depend on each other", fix: "remove one" }, "the stacks depend on each other; remove one."],
    [
      { source: "m.json", problem: 'has no "stacks" object', fix: "is it a cdktf manifest?" },
      'm.json: has no "stacks" object; is it a cdktf manifest?',
    ],
    [
      { source: "p.ts", problem: "exports nothing", fix: "see docs/delivery.md." },
      "p.ts: exports nothing; see docs/delivery.md.",
    ],
  ])("renders %j", (details, message) => {
    expect(new InputError(details).message).toBe(message);
  });

  test("a PipelineError is an InputError with its own name", () => {
    const e = new PipelineError({ source: "--config x.ts", problem: "no such file" });
    expect(e).toBeInstanceOf(InputError);
    expect(e).toBeInstanceOf(OpsInputError);
    expect({ name: e.name, code: e.code, source: e.source, message: e.message }).toEqual({
      name: "PipelineError",
      code: "ops-input",
      source: "--config x.ts",
      message: "--config x.ts: no such file.",
    });
  });

  test("a string, from callers not yet converted, is the whole message and the problem", () => {
    const e = new InputError("x.json: is broken.");
    expect({ message: e.message, problem: e.problem, source: e.source }).toEqual({
      message: "x.json: is broken.",
      problem: "x.json: is broken.",
      source: undefined,
    });
  });
});
