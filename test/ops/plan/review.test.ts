import { formatReviewJson, reviewExitCode, reviewReport } from "../../../lib/ops/plan";
import { plans, stacks } from "./helpers";

const review = (allowDestroy: string[] = []) => reviewReport(plans("review"), { stacks: stacks(), allowDestroy });
const change = (address: string, allow: string[] = []) => review(allow).changes.find((c) => c.address === address)!;

describe("plan review", () => {
  test("a stateful replacement blocks, with the attribute that forces it and Terraform's reason", () => {
    expect(change("aws_db_instance.orders_Resource_8899AABB")).toMatchObject({
      stack: "aws-prod",
      constructPath: "aws-prod/orders/Resource",
      actions: ["delete", "create"],
      kind: "replace",
      destructive: true,
      stateful: true,
      statefulKind: "database",
      replacePaths: ["engine_version"],
      reason: "replace_because_cannot_update",
      blocking: true,
    });
  });

  test("a destructive change to a stateless resource is called out but does not block", () => {
    expect(change("aws_db_parameter_group.orders_Parameters_CCDDEEFF")).toMatchObject({
      kind: "replace",
      actions: ["create", "delete"],
      destructive: true,
      stateful: false,
      blocking: false,
    });
  });

  test("--allow-destroy patterns match addresses or construct paths", () => {
    expect(change("aws_s3_bucket.logs_Bucket_44556677")).toMatchObject({ blocking: true, allowedBy: null });
    expect(change("aws_s3_bucket.logs_Bucket_44556677", ["aws-prod/logs/**"])).toMatchObject({
      blocking: false,
      allowedBy: "aws-prod/logs/**",
    });
    expect(change("aws_s3_bucket.logs_Bucket_44556677", ["aws_s3_bucket.logs_*"]).blocking).toBe(false);
    expect(reviewExitCode(review())).toBe(1);
    expect(
      reviewExitCode(review(["aws-prod/logs/**", "aws_db_instance.*", "aws_cloudwatch_log_group.applogs_*"])),
    ).toBe(0);
  });

  test("a delete and a create of the same type get a hint to move instead", () => {
    const deleted = change("aws_cloudwatch_log_group.applogs_Logs_9A9A9A9A");
    expect(deleted.moveHint).toEqual({
      from: "aws_cloudwatch_log_group.applogs_Logs_9A9A9A9A",
      to: "aws_cloudwatch_log_group.app_Logs_12121212",
      message: expect.stringContaining('call moveFromId("aws_cloudwatch_log_group.applogs_Logs_9A9A9A9A")'),
    });
    expect(deleted.moveHint!.message).toContain("(construct aws-prod/app/Logs)");
  });

  test("moves, imports and forgets are listed and counted; no-ops and data reads are not", () => {
    const r = review();
    expect(change("aws_security_group.app_SecurityGroup_1A2B3C4D")).toMatchObject({
      kind: "move",
      previousAddress: "aws_security_group.web_SecurityGroup_1A2B3C4D",
      destructive: false,
    });
    expect(change("aws_iam_policy.app_Policy_0C1D2E3F")).toMatchObject({
      kind: "import",
      importing: "arn:aws:iam::123456789012:policy/app",
    });
    // forget removes from state only: nothing is destroyed.
    expect(change("aws_ebs_volume.scratch")).toMatchObject({ kind: "forget", destructive: false, blocking: false });
    expect(r.changes.some((c) => c.address.startsWith("data."))).toBe(false);
    expect(r.summary).toEqual({
      stacks: { "aws-prod": { create: 1, update: 1, replace: 2, delete: 2, move: 1, import: 1, forget: 1, other: 0 } },
      total: { create: 1, update: 1, replace: 2, delete: 2, move: 1, import: 1, forget: 1, other: 0 },
      destructive: 4,
      stateful: 3,
      blocking: 3,
      moveHints: 2,
      incompletePlans: 0,
    });
  });

  test("JSON output has the documented shape", () => {
    const json = JSON.parse(formatReviewJson(review()));
    expect(Object.keys(json)).toEqual(["plans", "changes", "summary"]);
    expect(Object.keys(json.changes[0])).toEqual(
      expect.arrayContaining([
        "stack",
        "address",
        "type",
        "constructPath",
        "actions",
        "destructive",
        "stateful",
        "replacePaths",
        "reason",
      ]),
    );
  });
});
