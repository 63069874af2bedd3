import { isProductionEnvironment } from "../../core/environment";
import { blockAt, bool, isReference, stringMap } from "../attributes";
import { Rule } from "../rule";

export const productionDataProtected: Rule = {
  id: "production-data-protected",
  severity: "error",
  title: "Production databases have deletion protection and backups",
  rationale: "In production one mistaken apply or destroy must not delete data, and every database must be restorable.",
  remediation:
    "Where the environment tag/label (the resource's own, else the provider's default) is prod or production: aws_db_instance deletion_protection = true and backup_retention_period >= 1; aws_rds_cluster deletion_protection = true; google_sql_database_instance deletion_protection = true and settings.backup_configuration.enabled = true.",
  check(r) {
    const a = r.attributes;
    // The resource's own environment tag/label wins over the stack's (provider default tags).
    const own =
      stringMap(a.tags).environment ??
      stringMap(a.labels).environment ??
      stringMap(blockAt(a, "settings")?.user_labels).environment;
    const production = own !== undefined ? isProductionEnvironment(own) : r.stack.production;
    if (!production) return undefined;
    const out: string[] = [];
    if (r.type === "aws_db_instance" || r.type === "aws_rds_cluster") {
      if (bool(a.deletion_protection) !== true && !isReference(a.deletion_protection))
        out.push("deletion_protection is not true");
      const retention = a.backup_retention_period;
      if (r.type === "aws_db_instance" && !isReference(retention) && !(Number(retention) > 0)) {
        out.push(
          `backup_retention_period is ${retention === undefined ? "not set" : JSON.stringify(retention)}; automated backups need 1 day or more`,
        );
      }
    }
    if (r.type === "google_sql_database_instance") {
      // The google provider's deletion_protection defaults to true; backups default to off.
      if (bool(a.deletion_protection) === false) out.push("deletion_protection is false");
      const backups = blockAt(a, "settings", "backup_configuration");
      if (bool(backups?.enabled) !== true && !isReference(backups?.enabled))
        out.push("settings.backup_configuration.enabled is not true");
    }
    return out;
  },
};
