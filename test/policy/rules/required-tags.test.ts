import { requiredTags, requiredTagsRule } from "../../../lib/policy/rules/required-tags";
import { check } from "../helpers";

const awsTagged = { aws: [{ default_tags: [{ tags: { environment: "dev", "managed-by": "landform" } }] }] };
const googleLabelled = { google: [{ default_labels: { environment: "dev", "managed-by": "landform" } }] };

describe("required-tags", () => {
  test.each([
    ["aws_vpc", {}, awsTagged],
    ["aws_vpc", { tags: { environment: "dev", "managed-by": "terraform" } }, {}],
    ["google_compute_instance", {}, googleLabelled],
    ["google_container_cluster", { resource_labels: { environment: "dev", "managed-by": "x" } }, {}],
    ["aws_iam_role_policy", {}, {}],
    ["aws_subnet", { tags: "${local.tags}" }, {}],
  ])("%s %j is compliant", (type, attributes, provider) => {
    expect(check(requiredTags, type, attributes, { provider })).toEqual([]);
  });

  test.each([
    ["aws_vpc", {}, {}, "missing tag/label environment, managed-by"],
    ["aws_vpc", { tags: { environment: "dev" } }, {}, "missing tag/label managed-by"],
    [
      "aws_s3_bucket",
      { provider: "aws.other" },
      { aws: [...awsTagged.aws, { alias: "other" }] },
      "missing tag/label environment, managed-by",
    ],
    ["google_storage_bucket", { labels: { team: "a" } }, {}, "missing tag/label environment, managed-by"],
    ["some_custom_resource", { tags: { environment: "dev" } }, {}, "missing tag/label managed-by"],
  ])("%s %j is not", (type, attributes, provider, message) => {
    expect(check(requiredTags, type, attributes, { provider })).toEqual([message]);
  });

  test("a custom rule takes its own keys, id and severity", () => {
    const rule = requiredTagsRule({ keys: ["team"], id: "team-tag", severity: "warning" });
    expect([rule.id, rule.severity]).toEqual(["team-tag", "warning"]);
    expect(check(rule, "aws_vpc", {}, { provider: awsTagged })).toEqual(["missing tag/label team"]);
  });
});
