import { blockAt, isReference, strings } from "../attributes";
import { PolicyInputError } from "../errors";
import { Pack, PolicyResource, Severity } from "../rule";

export interface AllowedSizesPackOptions {
  /**
   * Instance types, database classes and machine types allowed, as globs: `t3.*`, `m7g.large`,
   * `db.t4g.*`, `e2-*`, `n2-standard-*`, `db-custom-*`.
   */
  readonly allowed: readonly string[];
  /** @default "error" */
  readonly severity?: Severity;
}

/** Where each resource type names its size. */
function sizesOf(r: PolicyResource): { attribute: string; size: string }[] {
  const a = r.attributes;
  const pick = (attribute: string, value: unknown) => strings(value).map((size) => ({ attribute, size }));
  switch (r.type) {
    case "aws_instance":
    case "aws_launch_template":
    case "aws_launch_configuration":
      return pick("instance_type", a.instance_type);
    case "aws_db_instance":
    case "aws_rds_cluster_instance":
      return pick("instance_class", a.instance_class);
    case "aws_eks_node_group":
      return pick("instance_types", a.instance_types);
    case "aws_elasticache_replication_group":
    case "aws_elasticache_cluster":
      return pick("node_type", a.node_type);
    case "google_compute_instance":
    case "google_compute_instance_template":
    case "google_compute_region_instance_template":
    case "google_compute_instance_from_template":
      return pick("machine_type", a.machine_type);
    case "google_container_node_pool":
    case "google_container_cluster":
      return pick("node_config.machine_type", blockAt(a, "node_config")?.machine_type);
    case "google_sql_database_instance":
      return pick("settings.tier", blockAt(a, "settings")?.tier);
    default:
      return [];
  }
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`);
}

/** A cost guardrail: only the listed sizes / machine families (rule `allowed-sizes`). */
export function allowedSizesPack(options: AllowedSizesPackOptions): Pack {
  if (!Array.isArray(options?.allowed) || options.allowed.length === 0) {
    throw new PolicyInputError({
      source: "allowed-sizes pack",
      problem: '"allowed" must be a non-empty list of globs, e.g. ["t3.*", "db.t4g.*", "e2-*"]',
    });
  }
  const patterns = options.allowed.map(globToRegExp);
  return {
    name: "allowed-sizes",
    description: `Instance and machine types match ${options.allowed.join(", ")}.`,
    rules: [
      {
        id: "allowed-sizes",
        severity: options.severity ?? "error",
        title: "Instances, databases and nodes use allowed sizes",
        rationale:
          "Cost guardrail: a mistyped or oversized machine type can cost more in a day than the team's monthly budget.",
        remediation: `Use a size matching one of: ${options.allowed.join(", ")}; or ask for the list to be extended.`,
        check: (r) =>
          sizesOf(r)
            .filter((s) => !isReference(s.size) && !patterns.some((p) => p.test(s.size)))
            .map((s) => `${s.attribute} "${s.size}" is not an allowed size`),
      },
    ],
  };
}
