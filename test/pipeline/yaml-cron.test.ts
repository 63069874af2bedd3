import { parse } from "yaml";
import { cronProblem, toYaml } from "../../lib/pipeline";

describe("toYaml", () => {
  test.each([
    [
      "strings YAML 1.1 would read as other types",
      { a: "on", b: "yes", c: "1.10", d: "0755", e: "null", f: "~", g: "" },
    ],
    [
      "expressions and special characters",
      { if: "${{ !cancelled() }}", s: "a: b", t: "x #y", u: "- z", v: "'q'", w: '"' },
    ],
    ["multi-line scripts", { run: "echo a\n\necho b\n", kept: "no newline\nat end" }],
    [
      "nesting and empties",
      {
        on: { workflow_dispatch: {} },
        list: [],
        jobs: { a: { steps: [{ name: "x", with: { n: 1, b: false } }, "y"] } },
      },
    ],
    ["lists of lists", { m: [[1, 2], [], { k: [] }] }],
  ])("%s read back as written", (_, value) => {
    expect(parse(toYaml(value))).toEqual(value);
  });

  test("writes a comment after a scalar, and a header", () => {
    const text = toYaml({ uses: "a/b@c" }, { header: ["one", ""], comment: (k) => (k === "uses" ? "v1" : undefined) });
    expect(text).toBe("# one\n#\nuses: a/b@c # v1\n");
  });
});

describe("cronProblem", () => {
  test.each(["17 6 * * 1-5", "*/15 * * * *", "0 0 1 JAN,JUL *", "0 12 * * MON-FRI", "5,35 0-23/2 1-31 1-12 0-6"])(
    "%s is valid",
    (cron) => {
      expect(cronProblem(cron)).toBeUndefined();
    },
  );

  test.each([
    ["@daily", "it has 1 field, and cron needs 5 (minute hour day-of-month month day-of-week)"],
    ["60 * * * *", 'its minute field has "60", which is not a minute (0-59)'],
    ["0 0 0 * *", 'its day-of-month field has "0", which is not a day-of-month (1-31)'],
    ["0 0 * 13 *", 'its month field has "13", which is not a month (1-12 or JAN-DEC)'],
    ["0 0 * * 5-1", 'its day-of-week field has the range "5-1", which runs backwards'],
    ["0 0 * * */0", 'its day-of-week field has step "0", which is not a positive number'],
    ["* * * * *", "it runs more often than every 5 minutes, the shortest interval GitHub schedules"],
  ])("%s: %s", (cron, problem) => {
    expect(cronProblem(cron)).toBe(problem);
  });
});
