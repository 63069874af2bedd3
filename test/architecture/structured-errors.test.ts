import { readLib } from "./lib-imports";
import { check, errorClasses, stringErrorCalls } from "./structured-errors";

// Every input error carries its parts as fields (source, prop, value, problem, fix), so a program
// can read them. A LandformError built from one pre-rendered string has only `problem`; this test
// finds those calls, by file and line, in the syntax of lib/.

describe("input errors carry their parts", () => {
  const lib = readLib();

  test("finds the error classes of lib/, so the scan below looks for the right names", () => {
    const classes = errorClasses(lib);
    for (const name of [
      "LandformError",
      "InputError",
      "OpsInputError",
      "PipelineError",
      "PlanInputError",
      "PolicyInputError",
    ])
      expect(classes.has(name)).toBe(true);
    expect(classes.has("UsageError")).toBe(false); // extends Error, not LandformError
  });

  test("no lib/ file outside the allow-list builds a LandformError from one string", () => {
    const found = check(stringErrorCalls(lib), []);
    expect(found.calls).toEqual([]);
    expect(found.stale).toEqual([]);
  });
});

// The check on files written to break it: a check that cannot fail proves nothing.
describe("the check fires", () => {
  const broken = {
    "lib/core/errors.ts": "export class LandformError extends Error {}\n",
    "lib/core/input-error.ts": "export class InputError extends LandformError {}\n",
    "lib/ops/errors.ts": "export const OpsInputError = InputError;\n",
    "lib/ops/plan/errors.ts": "export class PlanInputError extends OpsInputError {}\n",
    "lib/cli/io.ts": "export class UsageError extends Error {}\nthrow new UsageError(`--format ${f}`);\n",
    "lib/ops/read.ts": [
      "throw new InputError(`${file}: is not JSON.`);",
      'throw new OpsInputError("no folder given");',
      'throw new PlanInputError(file + ": not a plan.", { notAPlan: true });',
      "throw new LandformError(error.message);",
      "throw new InputError(",
      '  ("x: " + y),',
      ");",
      'throw new InputError({ source: file, problem: "is not JSON" });',
      "throw new InputError(details);",
      'throw new Error("x");',
    ].join("\n"),
    "lib/ops/plan/files.ts": 'throw new PlanInputError("x.");\n',
    "lib/ops/graph.ts": 'throw new InputError({ problem: "a cycle" });\n',
  };

  test("follows extends and aliases from LandformError, and nothing else", () => {
    expect([...errorClasses(broken)].sort()).toEqual([
      "InputError",
      "LandformError",
      "OpsInputError",
      "PlanInputError",
    ]);
  });

  test("names the file and line of each error built from a string, a template, a + or a .message", () => {
    expect(stringErrorCalls(broken)).toEqual([
      "lib/ops/read.ts:1 new InputError(`${file}: is not JSON.`",
      'lib/ops/read.ts:2 new OpsInputError("no folder given"',
      'lib/ops/read.ts:3 new PlanInputError(file + ": not a plan."',
      "lib/ops/read.ts:4 new LandformError(error.message",
      'lib/ops/read.ts:5 new InputError(("x: " + y)',
      'lib/ops/plan/files.ts:1 new PlanInputError("x."',
    ]);
  });

  test("an allow-listed file may keep its string calls; one with none left is stale", () => {
    expect(check(stringErrorCalls(broken), ["lib/ops/plan/files.ts", "lib/ops/graph.ts"])).toEqual({
      calls: [
        "lib/ops/read.ts:1 new InputError(`${file}: is not JSON.`",
        'lib/ops/read.ts:2 new OpsInputError("no folder given"',
        'lib/ops/read.ts:3 new PlanInputError(file + ": not a plan."',
        "lib/ops/read.ts:4 new LandformError(error.message",
        'lib/ops/read.ts:5 new InputError(("x: " + y)',
      ],
      stale: ["lib/ops/graph.ts has no string error left; remove it from STILL_TO_CONVERT"],
    });
  });
});
