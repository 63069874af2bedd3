import { ANYWHERE, blockAt, blocks, bool, isReference, strings } from "../attributes";
import { Rule } from "../rule";

export const noPublicDatabase: Rule = {
  id: "no-public-database",
  severity: "error",
  title: "Databases are not reachable from the internet",
  rationale:
    "A database with a public endpoint is one leaked or weak password away from a breach, and is probed constantly.",
  remediation:
    "Keep databases on private networks: publicly_accessible = false (aws_db_instance, aws_rds_cluster_instance); settings.ip_configuration.ipv4_enabled = false with a private_network (google_sql_database_instance).",
  check(r) {
    const a = r.attributes;
    if (r.type === "aws_db_instance" || r.type === "aws_rds_cluster_instance") {
      return bool(a.publicly_accessible) === true
        ? "publicly_accessible is true: the database gets a public endpoint"
        : undefined;
    }
    if (r.type === "google_sql_database_instance") {
      const ip = blockAt(a, "settings", "ip_configuration");
      if (isReference(ip?.ipv4_enabled) || bool(ip?.ipv4_enabled) === false) return undefined;
      const open = blocks(ip, "authorized_networks").filter((n) => strings(n.value).some((v) => ANYWHERE.includes(v)));
      if (open.length > 0)
        return "ip_configuration authorizes 0.0.0.0/0: the database accepts connections from the whole internet";
      return ip?.ipv4_enabled === undefined
        ? "settings.ip_configuration.ipv4_enabled is not set (defaults to true): the instance gets a public IPv4 address"
        : "settings.ip_configuration.ipv4_enabled is true: the instance gets a public IPv4 address";
    }
    return undefined;
  },
};
