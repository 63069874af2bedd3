import { block, blockAt, blocks, bool, isReference } from "../attributes";
import { Attributes, Rule } from "../rule";

/** `flag` must be true; absent counts as false (the provider's default for these attributes). */
function mustBeTrue(attributes: Attributes | undefined, flag: string, what: string): string | undefined {
  const value = attributes?.[flag];
  if (isReference(value)) return undefined;
  return bool(value) === true
    ? undefined
    : `${what}: ${flag} is ${value === undefined ? "not set (defaults to false)" : JSON.stringify(value)}`;
}

export const encryptedAtRest: Rule = {
  id: "encrypted-at-rest",
  severity: "error",
  title: "Storage and databases are encrypted at rest",
  rationale:
    "Unencrypted disks, snapshots and database storage expose data to anyone who obtains the media or a copy of a snapshot.",
  remediation:
    "Turn encryption on: storage_encrypted = true (aws_db_instance, aws_rds_cluster), encrypted = true (aws_ebs_volume, root_block_device, ebs_block_device), or a default encryption rule on the bucket. GCP encrypts all storage by default.",
  check(r) {
    const a = r.attributes;
    switch (r.type) {
      case "aws_rds_cluster":
        // Aurora Serverless v1 storage is always encrypted; AWS offers no way to turn it off.
        if (a.engine_mode === "serverless") return undefined;
        return mustBeTrue(a, "storage_encrypted", "database storage is not encrypted");
      case "aws_db_instance":
        return mustBeTrue(a, "storage_encrypted", "database storage is not encrypted");
      case "aws_ebs_volume":
      case "aws_efs_file_system":
        return mustBeTrue(a, "encrypted", "volume is not encrypted");
      case "aws_instance":
      case "aws_launch_configuration": {
        const root = block(a, "root_block_device");
        const problems = [mustBeTrue(root ?? {}, "encrypted", "root volume is not encrypted")];
        for (const ebs of blocks(a, "ebs_block_device").filter((d) => bool(d.no_device) !== true))
          problems.push(mustBeTrue(ebs, "encrypted", `volume ${String(ebs.device_name ?? "")} is not encrypted`));
        return problems.filter((p): p is string => p !== undefined);
      }
      case "aws_launch_template":
        return blocks(a, "block_device_mappings")
          .filter((m) => block(m, "ebs") !== undefined)
          .map((m) =>
            mustBeTrue(block(m, "ebs"), "encrypted", `volume ${String(m.device_name ?? "")} is not encrypted`),
          )
          .filter((p): p is string => p !== undefined);
      case "aws_elasticache_replication_group":
        return mustBeTrue(a, "at_rest_encryption_enabled", "cache is not encrypted");
      case "aws_s3_bucket": {
        // Since 2023 S3 encrypts every bucket; an inline configuration, when present, must name an algorithm.
        const sse = block(a, "server_side_encryption_configuration");
        if (!sse) return undefined;
        const algorithm = blockAt(sse, "rule", "apply_server_side_encryption_by_default")?.sse_algorithm;
        return algorithm ? undefined : "bucket's server_side_encryption_configuration has no sse_algorithm";
      }
      default:
        return undefined;
    }
  },
};
