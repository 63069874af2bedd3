/**
 * Resource types whose deletion or replacement loses data or something that cannot be recreated
 * as it was: the one table the review reads. A replaced `aws_kms_key` is a new key, and what the
 * old one encrypted becomes unreadable once it is gone; a replaced secret has a new identity and
 * history; a replaced cluster takes its workloads with it.
 */
export const STATEFUL_TYPES: Readonly<Record<string, string>> = {
  // AWS
  aws_db_instance: "database",
  aws_rds_cluster: "database",
  aws_docdb_cluster: "database",
  aws_neptune_cluster: "database",
  aws_dynamodb_table: "database",
  aws_redshift_cluster: "database",
  aws_elasticache_cluster: "cache",
  aws_elasticache_replication_group: "cache",
  aws_opensearch_domain: "search index",
  aws_elasticsearch_domain: "search index",
  aws_s3_bucket: "bucket",
  aws_efs_file_system: "file system",
  aws_fsx_lustre_file_system: "file system",
  aws_ebs_volume: "disk",
  aws_ebs_snapshot: "backup",
  aws_backup_vault: "backup",
  aws_eks_cluster: "cluster",
  aws_msk_cluster: "cluster",
  aws_kinesis_stream: "stream",
  aws_sqs_queue: "queue",
  aws_kms_key: "key",
  aws_secretsmanager_secret: "secret",
  aws_ecr_repository: "registry",
  aws_cloudwatch_log_group: "logs",
  // Google
  google_sql_database_instance: "database",
  google_sql_database: "database",
  google_alloydb_cluster: "database",
  google_spanner_instance: "database",
  google_spanner_database: "database",
  google_bigtable_instance: "database",
  google_firestore_database: "database",
  google_bigquery_dataset: "dataset",
  google_bigquery_table: "dataset",
  google_redis_instance: "cache",
  google_storage_bucket: "bucket",
  google_filestore_instance: "file system",
  google_compute_disk: "disk",
  google_compute_region_disk: "disk",
  google_container_cluster: "cluster",
  google_kms_crypto_key: "key",
  google_kms_key_ring: "key",
  google_secret_manager_secret: "secret",
  google_artifact_registry_repository: "registry",
  google_logging_project_bucket_config: "logs",
  // Kubernetes: deleting a namespace deletes everything in it; a claim deletes its volume by default.
  kubernetes_namespace: "namespace",
  kubernetes_namespace_v1: "namespace",
  kubernetes_persistent_volume_claim: "disk",
  kubernetes_persistent_volume_claim_v1: "disk",
  kubernetes_persistent_volume: "disk",
  kubernetes_persistent_volume_v1: "disk",
  // A replaced random_password is a new password for whatever uses it.
  random_password: "credential",
};

export function statefulKind(type: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(STATEFUL_TYPES, type) ? STATEFUL_TYPES[type] : undefined;
}
