import { block, isReference } from "../attributes";
import { Rule } from "../rule";

export const imdsv2Required: Rule = {
  id: "imdsv2-required",
  severity: "error",
  title: "EC2 instances require IMDSv2",
  rationale:
    "IMDSv1 answers plain GET requests, so an SSRF bug in any app on the instance can steal its role credentials.",
  remediation:
    'Set metadata_options { http_tokens = "required" } on aws_instance and aws_launch_template (or disable the endpoint with http_endpoint = "disabled").',
  check(r) {
    if (!["aws_instance", "aws_launch_template", "aws_launch_configuration"].includes(r.type)) return undefined;
    const options = block(r.attributes, "metadata_options");
    const tokens = options?.http_tokens;
    if (options?.http_endpoint === "disabled" || tokens === "required" || isReference(tokens)) return undefined;
    return tokens === undefined
      ? "metadata_options.http_tokens is not set, so IMDSv1 stays enabled"
      : `metadata_options.http_tokens is "${String(tokens)}"`;
  },
};
