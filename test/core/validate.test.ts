import { App, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { LandformError } from "../../lib/core/errors";
import { Checks, PropRules, validateAllProps } from "../../lib/core/validate";

interface ThingProps {
  readonly name?: string;
  readonly replicas?: number;
  readonly mode?: "a" | "b";
  readonly ports?: readonly { name: string; port: number }[];
  readonly labels?: Record<string, string>;
  readonly enabled?: boolean;
}

const RULES: PropRules<ThingProps> = {
  name: Checks.required(
    Checks.string({ nonEmpty: true, maxLength: 10, pattern: /^[a-z]+$/, hint: "lower-case letters" }),
  ),
  replicas: Checks.number({ integer: true, min: 1, max: 5 }),
  mode: Checks.oneOf(["a", "b"]),
  ports: Checks.list(
    Checks.object<{ name: string; port: number }>({
      name: Checks.required(Checks.string({ nonEmpty: true })),
      port: Checks.required(Checks.number({ integer: true, min: 1, max: 65535 })),
    }),
    { unique: (p) => (p as { name: string }).name },
  ),
  labels: Checks.record(Checks.string(), { pattern: /^[a-z]+$/, hint: "lower-case keys" }),
  enabled: Checks.boolean(),
};

class Thing extends Construct {
  static readonly landformKind = "Thing";
  constructor(scope: Construct, id: string, props: unknown) {
    super(scope, id);
    validateAllProps<ThingProps>(this, props, RULES);
  }
}

function make(props: unknown): () => Thing {
  return () => new Thing(new TerraformStack(new App(), "s"), "thing", props);
}

function caught(props: unknown): LandformError {
  try {
    make(props)();
  } catch (e) {
    expect(e).toBeInstanceOf(LandformError);
    return e as LandformError;
  }
  throw new Error("no error thrown");
}

describe("validateAllProps", () => {
  test("valid props pass", () => {
    expect(
      make({ name: "web", replicas: 2, mode: "a", ports: [{ name: "http", port: 80 }], labels: { team: "x" } }),
    ).not.toThrow();
  });

  test.each<[string, unknown, string, string]>([
    ["not an object", 3, "props", "Thing 's/thing': props 3 is not an object; pass props as an object ({ ... })."],
    ["missing required", {}, "name", "Thing 's/thing': name is missing; set name."],
    [
      "null",
      { name: "web", replicas: null },
      "replicas",
      "Thing 's/thing': replicas null is not a number; pass replicas as a number, or leave replicas out for its default.",
    ],
    [
      "wrong type",
      { name: 42 },
      "name",
      "Thing 's/thing': name 42 is not a string; pass name as a string, not a number.",
    ],
    ["empty", { name: " " }, "name", `Thing 's/thing': name " " is empty; give name a value, or leave it out.`],
    ["pattern", { name: "Web" }, "name", `Thing 's/thing': name "Web" is not valid; use lower-case letters.`],
    [
      "too long",
      { name: "abcdefghijk" },
      "name",
      `Thing 's/thing': name "abcdefghijk" is 11 characters long, more than the 10 allowed; shorten name.`,
    ],
    [
      "fraction",
      { name: "web", replicas: 1.5 },
      "replicas",
      "Thing 's/thing': replicas 1.5 is not a whole number; use a whole number from 1 to 5.",
    ],
    [
      "range",
      { name: "web", replicas: 9 },
      "replicas",
      "Thing 's/thing': replicas 9 is out of range; use a number from 1 to 5.",
    ],
    [
      "NaN",
      { name: "web", replicas: NaN },
      "replicas",
      "Thing 's/thing': replicas NaN is not a whole number; use a whole number from 1 to 5.",
    ],
    ["oneOf", { name: "web", mode: "c" }, "mode", `Thing 's/thing': mode "c" is not supported; use one of "a", "b".`],
    [
      "unknown prop",
      { name: "web", replica: 2 },
      "replica",
      "Thing 's/thing': replica 2 is not a known prop; use one of name, replicas, mode, ports, labels, enabled.",
    ],
    [
      "list entry",
      { name: "web", ports: [{ name: "http", port: 70000 }] },
      "ports[0].port",
      "Thing 's/thing': ports[0].port 70000 is out of range; use a number from 1 to 65535.",
    ],
    [
      "duplicate",
      {
        name: "web",
        ports: [
          { name: "http", port: 80 },
          { name: "http", port: 81 },
        ],
      },
      "ports[1]",
      `Thing 's/thing': ports[1] "http" repeats ports[0]; give each entry its own value.`,
    ],
    [
      "unknown nested",
      { name: "web", ports: [{ name: "http", port: 80, proto: "tcp" }] },
      "ports[0].proto",
      `Thing 's/thing': ports[0].proto "tcp" is not a known prop; use one of name, port.`,
    ],
    [
      "record key",
      { name: "web", labels: { Team: "x" } },
      "labels.Team",
      `Thing 's/thing': labels.Team "Team" is not a valid key; use lower-case keys.`,
    ],
    [
      "record value",
      { name: "web", labels: { team: 1 } },
      "labels.team",
      "Thing 's/thing': labels.team 1 is not a string; pass labels.team as a string, not a number.",
    ],
    [
      "boolean",
      { name: "web", enabled: "false" },
      "enabled",
      `Thing 's/thing': enabled "false" is not a boolean; use true or false, not a string.`,
    ],
  ])("%s", (_, props, prop, message) => {
    const error = caught(props);
    expect(error.prop).toBe(prop);
    expect(error.constructPath).toBe("s/thing");
    expect(error.message).toBe(message);
  });
});

describe("Checks.instance and Checks.intOrPercent", () => {
  class Marker {}
  const RULES2: PropRules<{ marker?: Marker; surge?: number | string }> = {
    marker: Checks.instance((v) => v instanceof Marker, "a Marker", "use new Marker()"),
    surge: Checks.intOrPercent(),
  };
  const build = (props: unknown) => () => validateAllProps(new TerraformStack(new App(), "s"), props, RULES2);

  test("valid values pass", () => {
    for (const surge of [0, 3, "0%", "25%", "100%"]) expect(build({ marker: new Marker(), surge })).not.toThrow();
  });

  test.each<[unknown, string]>([
    [{ marker: {} }, "TerraformStack 's': marker {} is not a Marker; use new Marker()."],
    [
      { marker: null },
      "TerraformStack 's': marker null is not a Marker; use new Marker(), or leave marker out for its default.",
    ],
    [
      { surge: "lots" },
      `TerraformStack 's': surge "lots" is not a count or a percentage; use a whole number from 0 to 2147483647, or a percentage from "0%" to "100%" such as "25%".`,
    ],
    [{ surge: "101%" }, `TerraformStack 's': surge "101%" is not a count or a percentage`],
    [{ surge: -1 }, "TerraformStack 's': surge -1 is not a count or a percentage"],
    [{ surge: 1.5 }, "TerraformStack 's': surge 1.5 is not a count or a percentage"],
    [{ surge: 2 ** 31 }, "TerraformStack 's': surge 2147483648 is not a count or a percentage"],
    [{ surge: null }, "or leave surge out for its default."],
  ])("%j", (props, message) => {
    expect(build(props)).toThrow(message);
  });
});

describe("rows in a construct's own words", () => {
  interface WindowProps {
    readonly hour?: number;
    readonly day?: string;
  }
  const rules: PropRules<WindowProps> = {
    hour: Checks.that(
      (h: number) => Number.isInteger(h) && h >= 0 && h <= 23,
      "is not an hour of the day",
      (_, prop) => `set ${prop} from 0 to 23`,
    ),
    day: Checks.must((d) => d === "sun", "is not a weekday", 'use "sun"'),
  };
  class Window extends Construct {
    static readonly landformKind = "Window";
    constructor(scope: Construct, props: unknown) {
      super(scope, "w");
      validateAllProps<WindowProps>(this, props, rules, { at: "window", fix: "pass { day, hour }", nullsFirst: true });
    }
  }
  const message = (props: unknown): string => {
    try {
      new Window(new TerraformStack(new App(), "s"), props);
    } catch (e) {
      return (e as LandformError).message;
    }
    return "no error";
  };

  test.each<[string, unknown, string]>([
    [
      "that: its words",
      { day: "sun", hour: 24 },
      "Window 's/w': hour 24 is not an hour of the day; set hour from 0 to 23.",
    ],
    ["that: left out is fine", { day: "sun" }, "no error"],
    ["must: left out is judged", {}, "Window 's/w': day undefined is not a weekday; use \"sun\"."],
    [
      "nullsFirst: one sentence for a null",
      { day: "sun", hour: null },
      "Window 's/w': hour null is not a value; leave hour out for its default, or set it.",
    ],
    ["at and fix: not an object", [], "Window 's/w': window [] is not an object; pass { day, hour }."],
  ])("%s", (_, props, expected) => {
    expect(message(props)).toBe(expected);
  });
});
