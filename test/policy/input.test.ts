import { App, TerraformStack } from "cdktf";
import { baselinePack, Pack, Policy, requiredTagsRule, Rule } from "../../lib";
import { checkStacks, fails, PolicyInputError } from "../../lib/policy";

const stack = (json: Record<string, unknown>) => ({ name: "s", json });

describe("resource types that share a name with Object.prototype members", () => {
  test.each(["__proto__", "constructor", "toString", "hasOwnProperty"])(
    "%s is an ordinary type and an ordinary name",
    (word) => {
      // JSON.parse makes "__proto__" an own key, as reading a file does.
      const json = JSON.parse(
        `{"resource": {"${word}": {"x": {"password": "hunter2", "tags": {"environment": "dev", "managed-by": "me"}}},` +
          ` "aws_instance": {"${word}": {"associate_public_ip_address": true}}}}`,
      ) as Record<string, unknown>;
      const report = checkStacks([stack(json)], { packs: [baselinePack] });
      const by = (address: string) => report.findings.filter((f) => f.address === address).map((f) => f.ruleId);
      expect(by(`${word}.x`)).toEqual(["no-literal-secrets"]);
      expect(report.findings.find((f) => f.address === `${word}.x`)?.message).toBe("password holds a literal value");
      expect(by(`aws_instance.${word}`)).toEqual(
        expect.arrayContaining(["no-public-ip", "imdsv2-required", "encrypted-at-rest"]),
      );
      expect(report.findings.filter((f) => f.message.includes("failed on this block"))).toEqual([]);
    },
  );

  test("a required tag key named like a prototype member must really be there", () => {
    const pack: Pack = { name: "p", description: "", rules: [requiredTagsRule({ keys: ["constructor"] })] };
    const json = { resource: { aws_s3_bucket: { b: { tags: { environment: "dev" } } } } };
    expect(checkStacks([stack(json)], { packs: [pack] }).findings.map((f) => f.message)).toEqual([
      "missing tag/label constructor",
    ]);
  });

  test("a stack read as several files locates a block in its own file, not via the prototype", () => {
    const parts = [
      { file: "a.tf.json", text: "{}", json: { resource: { constructor: { other: {} } } } },
      { file: "b.tf.json", text: "{}", json: { resource: { constructor: { vm: { password: "x" } } } } },
    ];
    const json = { resource: { constructor: { other: {}, vm: { password: "x" } } } };
    const report = checkStacks([{ name: "s", json, parts }], { packs: [baselinePack] });
    expect(report.findings.find((f) => f.ruleId === "no-literal-secrets")?.file).toBe("b.tf.json");
  });
});

describe("resource and provider bodies that are not objects are input errors, not passes", () => {
  test.each([
    ["null", null],
    ["a number", 1],
    ["a string", "x"],
    ["a list of non-objects", [1]],
  ])("a resource type whose body is %s", (_, body) => {
    expect(() => checkStacks([stack({ resource: { aws_instance: body } })], { packs: [baselinePack] })).toThrow(
      new PolicyInputError(
        `resource type aws_instance in stack s is ${JSON.stringify(body)}, not an object of named blocks; write "aws_instance": { "<name>": { ...attributes } } or remove it.`,
      ),
    );
  });

  test("a resource section that is not an object", () => {
    expect(() => checkStacks([stack({ resource: [] })], { packs: [baselinePack] })).toThrow(
      '"resource" in stack s is [], not an object of resource types; fix the Terraform JSON',
    );
  });

  test("a provider whose configuration is not an object", () => {
    expect(() => checkStacks([stack({ provider: { aws: null } })], { packs: [baselinePack] })).toThrow(
      "provider aws in stack s is null, not an object or a list of objects; fix the Terraform JSON",
    );
  });

  test("a list of named-block objects under a type (HCL's JSON syntax) is read like one object", () => {
    const json = { resource: { aws_instance: [{ a: { associate_public_ip_address: true } }, { b: {} }] } };
    const report = checkStacks([stack(json)], { packs: [baselinePack] });
    expect(report.summary.resources).toBe(2);
    expect(report.findings.filter((f) => f.ruleId === "no-public-ip").map((f) => f.address)).toEqual([
      "aws_instance.a",
    ]);
  });
});

describe("packs from JavaScript callers are checked at run time", () => {
  const rule: Rule = { id: "r", severity: "error", title: "t", rationale: "r", remediation: "f", check: () => "bad" };
  const cases: [string, unknown, string][] = [
    ["packs not a list", {}, "packs {} is not a list; pass a list of packs, e.g. [baselinePack]."],
    ["a pack that is null", [null], "packs[0] is null, not a pack; a pack is { name, description, rules: Rule[] }."],
    ["a pack without a name", [{ rules: [] }], "packs[0] has name undefined; give the pack a non-empty string name."],
    [
      "a pack without rules",
      [{ name: "mine" }],
      'packs[0] ("mine") has rules undefined, not a list; a pack is { name, description, rules: Rule[] }.',
    ],
    [
      "a rule without an id",
      [{ name: "mine", rules: [{ ...rule, id: "" }] }],
      'packs[0] ("mine") rules[0] has id ""; give the rule a stable non-empty string id.',
    ],
    [
      "a rule with an unknown severity",
      [{ name: "mine", rules: [{ ...rule, severity: "fatal" }] }],
      'packs[0] ("mine") rules[0] ("r") has severity "fatal"; use one of error, warning, info.',
    ],
    [
      "a rule without a check function",
      [{ name: "mine", rules: [{ ...rule, check: "x" }] }],
      'packs[0] ("mine") rules[0] ("r") has check "x"; give it a check(resource) function.',
    ],
    [
      "a rule with unknown kinds",
      [{ name: "mine", rules: [{ ...rule, kinds: ["module"] }] }],
      'packs[0] ("mine") rules[0] ("r") has kinds ["module"]; use a list of resource, provider, or leave it out.',
    ],
    [
      "a rule without a remediation",
      [{ name: "mine", rules: [{ ...rule, remediation: undefined }] }],
      'packs[0] ("mine") rules[0] ("r") has remediation undefined; write it as a string.',
    ],
  ];

  test.each(cases)("checkStacks: %s", (_, packs, message) => {
    expect(() => checkStacks([stack({})], { packs: packs as Pack[] })).toThrow(
      new PolicyInputError(`policy check: ${message}`),
    );
  });

  test.each(cases)("Policy.enforce: %s fails when enforce is called, naming the scope", (_, packs, message) => {
    const app = new App();
    const target = new TerraformStack(app, "aws-test");
    expect(() => Policy.enforce(target, { packs: packs as Pack[] })).toThrow(
      new PolicyInputError(`Policy.enforce on 'aws-test': ${message}`),
    );
  });

  test("Policy.enforce rejects options and suppressions of the wrong shape", () => {
    const target = new TerraformStack(new App(), "aws-test");
    expect(() => Policy.enforce(target, null as never)).toThrow(
      "Policy.enforce on 'aws-test': options null is not an object; pass { packs, suppressions } or nothing.",
    );
    expect(() => Policy.enforce(target, { suppressions: {} as never })).toThrow(
      "Policy.enforce on 'aws-test': suppressions {} is not a list; pass a list of { ruleId, reason, path or address }.",
    );
  });

  test("a valid pack module shape passes, and fails() rejects an unknown threshold", () => {
    const report = checkStacks([stack({ resource: { a: { b: {} } } })], {
      packs: [{ name: "mine", description: "", rules: [rule] }],
    });
    expect(report.findings.map((f) => f.message)).toEqual(["bad"]);
    expect(() => fails(report, "fatal" as never)).toThrow('fails: failOn "fatal" is not one of error, warning, info.');
  });
});
