import { blockAt, isReference, stringMap } from "../attributes";
import { providerDefaultTags, providerFor } from "../context";
import { PolicyResource, Rule, Severity } from "../rule";

/**
 * Resource types that carry tags (AWS) or labels (GCP), and the attribute that holds them.
 * Resources outside this list are judged only when they set tags/labels themselves.
 */
const TAG_ATTRIBUTE = new Map([
  ["google_container_cluster", "resource_labels"],
  ["google_container_node_pool", "resource_labels"],
]);
const TAGGABLE = new Set([
  "aws_vpc",
  "aws_subnet",
  "aws_instance",
  "aws_launch_template",
  "aws_ebs_volume",
  "aws_db_instance",
  "aws_rds_cluster",
  "aws_s3_bucket",
  "aws_eks_cluster",
  "aws_eks_node_group",
  "aws_security_group",
  "aws_nat_gateway",
  "aws_internet_gateway",
  "aws_eip",
  "aws_lb",
  "aws_kms_key",
  "aws_iam_role",
  "aws_cloudwatch_log_group",
  "aws_route_table",
  "aws_flow_log",
  "aws_efs_file_system",
  "aws_elasticache_replication_group",
  "aws_ecs_cluster",
  "aws_ecs_service",
  "aws_lambda_function",
  "aws_secretsmanager_secret",
  "aws_sqs_queue",
  "aws_sns_topic",
  "aws_dynamodb_table",
  "aws_ecr_repository",
  "google_compute_instance",
  "google_compute_disk",
  "google_compute_instance_template",
  "google_storage_bucket",
  "google_sql_database_instance",
  "google_container_cluster",
  "google_container_node_pool",
  "google_redis_instance",
  "google_pubsub_topic",
  "google_pubsub_subscription",
  "google_kms_crypto_key",
  "google_secret_manager_secret",
  "google_cloud_run_v2_service",
  "google_bigquery_dataset",
  "google_artifact_registry_repository",
]);

/** Tags/labels a resource ends up with: its provider's defaults merged with its own. */
/** The attribute holding a resource's own tags or labels. */
function tagAttribute(type: string): string {
  return TAG_ATTRIBUTE.get(type) ?? (type.startsWith("google_") ? "labels" : "tags");
}

export function effectiveTags(r: PolicyResource): Record<string, string> {
  const own = tagAttribute(r.type);
  const sqlLabels =
    r.type === "google_sql_database_instance" ? stringMap(blockAt(r.attributes, "settings")?.user_labels) : {};
  return { ...providerDefaultTags(providerFor(r)), ...stringMap(r.attributes[own]), ...sqlLabels };
}

function taggable(r: PolicyResource): boolean {
  return TAGGABLE.has(r.type) || Object.hasOwn(r.attributes, "tags") || Object.hasOwn(r.attributes, "labels");
}

export interface RequiredTagsRuleOptions {
  /** Tag/label keys every taggable resource must carry. */
  readonly keys: readonly string[];
  /** @default "required-tags" */
  readonly id?: string;
  /** @default "error" */
  readonly severity?: Severity;
}

/** A rule requiring tag/label keys on every taggable resource, from the provider's defaults or the resource itself. */
export function requiredTagsRule(options: RequiredTagsRuleOptions): Rule {
  const keys = [...options.keys];
  return {
    id: options.id ?? "required-tags",
    severity: options.severity ?? "error",
    title: `Taggable resources carry the tags/labels ${keys.join(", ")}`,
    rationale:
      "Tags and labels are how cost, ownership and environment are traced back from a bill, an alert or an incident.",
    remediation: `Set ${keys.join(", ")} in the provider's default_tags (AWS) or default_labels (GCP), or on the resource's tags/labels.`,
    check(r) {
      if (!taggable(r)) return undefined;
      const own = r.attributes[tagAttribute(r.type)];
      if (isReference(own)) return undefined;
      const tags = effectiveTags(r);
      // Own keys only: a required key such as `constructor` is not on every object.
      const missing = keys.filter((k) => !Object.hasOwn(tags, k));
      return missing.length > 0 ? `missing tag/label ${missing.join(", ")}` : undefined;
    },
  };
}

/** The baseline's rule: `environment` and `managed-by`. */
export const requiredTags: Rule = requiredTagsRule({ keys: ["environment", "managed-by"] });
