import { encryptedAtRest } from "../../../lib/policy/rules/encrypted-at-rest";
import { check } from "../helpers";

describe("encrypted-at-rest", () => {
  test.each([
    ["aws_db_instance", { storage_encrypted: true }],
    ["aws_rds_cluster", { storage_encrypted: "true" }],
    ["aws_ebs_volume", { encrypted: true }],
    [
      "aws_instance",
      { root_block_device: { encrypted: true }, ebs_block_device: [{ device_name: "/dev/sdf", encrypted: true }] },
    ],
    ["aws_launch_template", { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { encrypted: "true" } }] }],
    ["aws_s3_bucket", { bucket: "b" }],
    ["aws_db_instance", { storage_encrypted: "${var.encrypted}" }],
    ["google_sql_database_instance", { settings: { tier: "db-f1-micro" } }],
    ["google_compute_disk", { size: 10 }],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(encryptedAtRest, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_db_instance", {}, "database storage is not encrypted: storage_encrypted is not set (defaults to false)"],
    ["aws_db_instance", { storage_encrypted: false }, "database storage is not encrypted: storage_encrypted is false"],
    ["aws_ebs_volume", { size: 10 }, "volume is not encrypted: encrypted is not set (defaults to false)"],
    ["aws_instance", {}, "root volume is not encrypted: encrypted is not set (defaults to false)"],
    [
      "aws_launch_template",
      { block_device_mappings: [{ device_name: "/dev/xvda", ebs: { volume_size: 8 } }] },
      "volume /dev/xvda is not encrypted: encrypted is not set (defaults to false)",
    ],
    [
      "aws_s3_bucket",
      { server_side_encryption_configuration: { rule: { apply_server_side_encryption_by_default: {} } } },
      "bucket's server_side_encryption_configuration has no sse_algorithm",
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(encryptedAtRest, type, attributes)).toEqual([message]);
  });
});
