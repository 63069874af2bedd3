import { driftExitCode, driftReport, formatDriftJson, parseIgnores, readPlan } from "../../../lib/ops/plan";
import { ignores, plans, stacks, TODAY } from "./helpers";

const report = () => driftReport(plans("drift"), { stacks: stacks(), ignores: ignores(), today: TODAY });
const entry = (address: string) => report().drift.find((d) => d.address === address)!;

describe("drift report", () => {
  test("each plan is matched to its stack by content, and each resource to its construct path", () => {
    const r = report();
    expect(r.plans.map((p) => [p.file, p.stack])).toEqual([
      ["drift/aws-prod.json", "aws-prod"],
      ["drift/gcp-prod.json", "gcp-prod"],
      ["drift/legacy/plan.json", "legacy"], // no stack shares its resources: the folder names it
    ]);
    expect(entry("aws_security_group.app_SecurityGroup_1A2B3C4D")).toMatchObject({
      stack: "aws-prod",
      type: "aws_security_group",
      constructPath: "aws-prod/app/SecurityGroup",
      actions: ["update"],
      source: "outside",
      noise: false,
      ignored: false,
      attributes: [{ path: "ingress[0].cidr_blocks[0]", before: "10.30.0.0/16", after: "0.0.0.0/0" }],
      location: { file: "synth/stacks/aws-prod/cdk.tf.json", line: expect.any(Number) },
    });
  });

  test("noise is classified with the rule that matched, and does not fail the run", () => {
    expect(entry("aws_instance.app_Resource_5E6F7A8B")).toMatchObject({
      noise: true,
      noiseRule: "aws-tags-all-default-tags",
    });
    expect(entry("aws_iam_policy.app_Policy_0C1D2E3F")).toMatchObject({
      noise: true,
      noiseRule: "json-equivalent+null-vs-empty",
    });
    expect(entry("google_compute_instance.app_Resource_A1B2C3D4")).toMatchObject({
      noise: true,
      noiseRule: "google-labels-default-labels",
    });
    // One noisy attribute does not excuse a real one beside it.
    const firewall = entry("google_compute_firewall.app_Ingress_E5F6A7B8");
    expect(firewall.noise).toBe(false);
    expect(firewall.attributes).toEqual([
      { path: "description", before: null, after: "", noiseRule: "null-vs-empty" },
      { path: "source_ranges[1]", before: null, after: "0.0.0.0/0" },
    ]);
  });

  test("tags_all is noise only when default_tags explain it", () => {
    const [aws] = plans("drift/aws-prod.json");
    const withoutDefaults = { ...aws, defaultTags: {} };
    const r = driftReport([withoutDefaults], { today: TODAY });
    expect(r.drift.find((d) => d.type === "aws_instance")).toMatchObject({ noise: false, noiseRule: null });
  });

  test("ignores apply per attribute or per resource with their reason; an expired one fails again and is reported", () => {
    expect(entry("aws_cloudwatch_log_group.app_Logs_12121212")).toMatchObject({
      ignored: true,
      reason: "INC-4211: retention raised by hand during the audit; code change in PR 812",
    });
    expect(entry("aws_db_instance.orders_Resource_8899AABB")).toMatchObject({
      ignored: true,
      attributes: [
        {
          path: "master_user_secret[0].secret_arn",
          before: "(sensitive)",
          after: "(sensitive)",
          ignoredBy: "ignore.yaml ignores[1]",
        },
      ],
    });
    expect(entry("aws_s3_bucket.logs_Bucket_44556677")).toMatchObject({ ignored: false, actions: ["delete"] });
    const r = report();
    expect(r.expiredIgnores).toEqual([
      {
        source: "ignore.yaml ignores[2]",
        pattern: "aws_s3_bucket.logs_*",
        reason: "old exemption",
        until: "2020-01-01",
      },
    ]);
    expect(r.unusedIgnores).toEqual(["ignore.yaml ignores[3] (aws_lambda_function.*)"]);
    // The day before it expires, it still applies.
    const before = driftReport(plans("drift"), { stacks: stacks(), ignores: ignores(), today: "2019-12-31" });
    expect(before.drift.find((d) => d.type === "aws_s3_bucket")).toMatchObject({
      ignored: true,
      reason: "old exemption",
    });
  });

  test("summary and exit codes: drift fails, noise and ignored do not, an incomplete plan is 2", () => {
    const r = report();
    expect(r.summary).toEqual({ drifted: 4, noise: 3, ignored: 2, incompletePlans: 0 });
    expect(driftExitCode(r)).toBe(1);
    const quiet = driftReport(plans("drift/aws-prod.json"), {
      stacks: stacks(),
      ignores: parseIgnores(
        `- address: "aws_s3_bucket.*"\n  reason: decommissioned\n- constructPath: "aws-prod/app/**"\n  reason: being rebuilt\n- address: "aws_db_instance.*"\n  reason: rotation\n`,
        "i.yaml",
      ),
      today: TODAY,
    });
    expect(quiet.summary).toMatchObject({ drifted: 0 });
    expect(driftExitCode(quiet)).toBe(0);
    const incomplete = readPlan(JSON.stringify({ format_version: "1.2", errored: true, complete: false }), "x.json");
    expect(driftExitCode(driftReport([incomplete], { today: TODAY }))).toBe(2);
  });

  test("format 0.2 drift entries without an address get Terraform's own address", () => {
    expect(entry("module.network.aws_vpc.main[0]")).toMatchObject({
      stack: "legacy",
      constructPath: null,
      attributes: [{ path: "enable_dns_hostnames", before: true, after: false }],
    });
  });

  test("JSON output has the documented shape", () => {
    const json = JSON.parse(formatDriftJson(report()));
    expect(Object.keys(json)).toEqual(["plans", "drift", "summary", "expiredIgnores", "unusedIgnores"]);
    expect(Object.keys(json.plans[0])).toEqual(expect.arrayContaining(["file", "stack", "complete", "errored"]));
    expect(Object.keys(json.drift[0])).toEqual(
      expect.arrayContaining([
        "stack",
        "address",
        "type",
        "constructPath",
        "actions",
        "attributes",
        "noise",
        "noiseRule",
        "ignored",
        "reason",
      ]),
    );
    expect(Object.keys(json.summary)).toEqual(expect.arrayContaining(["drifted", "noise", "ignored"]));
  });
});

describe("ignore file", () => {
  test.each([
    ["- address: x\n", "i.yaml ignores[0]: reason is required; say why this drift is accepted."],
    ["- reason: because\n", "i.yaml ignores[0]: needs an address or a constructPath pattern."],
    [
      "- address: x\n  reason: r\n  untill: 2026-01-01\n",
      'i.yaml ignores[0]: unknown key "untill"; the keys are address, constructPath, stack, attributes, reason, until.',
    ],
    [
      "- address: x\n  reason: r\n  until: 2026-02-30\n",
      'i.yaml ignores[0]: until "2026-02-30" is not a date; write it as YYYY-MM-DD.',
    ],
    [
      "- address: x\n  reason: r\n  attributes: tags\n",
      'i.yaml ignores[0]: attributes must be a list of attribute paths such as "tags.owner".',
    ],
    ["ignores: {}\n", 'i.yaml: expected a list of ignores, or an object with an "ignores" list.'],
    ["- [unclosed\n", "i.yaml: is not valid YAML or JSON"],
  ])("%j is rejected with a message that says what to fix", (text, message) => {
    expect(() => parseIgnores(text, "i.yaml")).toThrow(message);
  });

  test("JSON is accepted as it is", () => {
    expect(parseIgnores(`{"ignores":[{"address":"a.*","reason":"r","until":"2030-01-01"}]}`, "i.json")).toEqual([
      { address: "a.*", reason: "r", until: "2030-01-01", source: "i.json ignores[0]" },
    ]);
  });
});
