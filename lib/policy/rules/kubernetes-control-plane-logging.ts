import { block, isReference, strings } from "../attributes";
import { Rule } from "../rule";

/** The EKS control-plane logs an incident responder needs. */
export const EKS_LOG_TYPES: readonly string[] = ["api", "audit", "authenticator"];

export const kubernetesControlPlaneLogging: Rule = {
  id: "kubernetes-control-plane-logging",
  severity: "error",
  title: "Kubernetes control-plane logging is on",
  rationale:
    "Audit and API server logs are the only record of who did what to a cluster; without them an incident cannot be investigated.",
  remediation:
    'EKS: enabled_cluster_log_types = ["api", "audit", "authenticator"] (plus any others). GKE: leave logging on (do not set logging_service = "none" or an empty logging_config).',
  check(r) {
    const a = r.attributes;
    if (r.type === "aws_eks_cluster") {
      if (isReference(a.enabled_cluster_log_types)) return undefined;
      const missing = EKS_LOG_TYPES.filter((t) => !strings(a.enabled_cluster_log_types).includes(t));
      return missing.length > 0 ? `enabled_cluster_log_types lacks ${missing.join(", ")}` : undefined;
    }
    if (r.type === "google_container_cluster") {
      if (a.logging_service === "none") return 'logging_service is "none"';
      const config = block(a, "logging_config");
      if (config && Array.isArray(config.enable_components) && config.enable_components.length === 0) {
        return "logging_config.enable_components is empty";
      }
    }
    return undefined;
  },
};
