import { kubernetesControlPlaneLogging } from "../../../lib/policy/rules/kubernetes-control-plane-logging";
import { check } from "../helpers";

describe("kubernetes-control-plane-logging", () => {
  test.each([
    ["aws_eks_cluster", { enabled_cluster_log_types: ["api", "audit", "authenticator", "scheduler"] }],
    ["google_container_cluster", {}],
    ["google_container_cluster", { logging_config: { enable_components: ["SYSTEM_COMPONENTS", "APISERVER"] } }],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(kubernetesControlPlaneLogging, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_eks_cluster", {}, "enabled_cluster_log_types lacks api, audit, authenticator"],
    ["aws_eks_cluster", { enabled_cluster_log_types: ["api"] }, "enabled_cluster_log_types lacks audit, authenticator"],
    ["google_container_cluster", { logging_service: "none" }, 'logging_service is "none"'],
    [
      "google_container_cluster",
      { logging_config: { enable_components: [] } },
      "logging_config.enable_components is empty",
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(kubernetesControlPlaneLogging, type, attributes)).toEqual([message]);
  });
});
