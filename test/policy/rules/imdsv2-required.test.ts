import { imdsv2Required } from "../../../lib/policy/rules/imdsv2-required";
import { check } from "../helpers";

describe("imdsv2-required", () => {
  test.each([
    ["aws_instance", { metadata_options: { http_tokens: "required" } }],
    ["aws_launch_template", { metadata_options: [{ http_tokens: "required" }] }],
    ["aws_instance", { metadata_options: { http_endpoint: "disabled" } }],
    ["aws_db_instance", {}],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(imdsv2Required, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_instance", {}, "metadata_options.http_tokens is not set, so IMDSv1 stays enabled"],
    [
      "aws_launch_template",
      { metadata_options: { http_tokens: "optional" } },
      'metadata_options.http_tokens is "optional"',
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(imdsv2Required, type, attributes)).toEqual([message]);
  });
});
