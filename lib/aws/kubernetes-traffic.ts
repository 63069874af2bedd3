import type { KubernetesTraffic } from "../core/target";

/**
 * Application traffic on EKS: Envoy Gateway (envoyproxy/gateway v1.9.0, installed by the add-ons
 * stack) serves the `landform-envoy` GatewayClass, and only its proxy pods reach an exposed
 * Application (their labels: `internal/infrastructure/kubernetes/proxy/resource.go`). RDS hosts are
 * DNS names. IRSA calls STS over HTTPS, which `allowTo` leaves to the user (a VPC endpoint or 443).
 */
export const AWS_TRAFFIC: KubernetesTraffic = {
  gatewayClass: { name: "landform-envoy", controllerName: "gateway.envoyproxy.io/gatewayclass-controller" },
  gatewayController: "envoy-gateway",
  gatewayPeers: [
    {
      namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "envoy-gateway-system" } },
      podSelector: {
        matchLabels: {
          "app.kubernetes.io/name": "envoy",
          "app.kubernetes.io/component": "proxy",
          "app.kubernetes.io/managed-by": "envoy-gateway",
        },
      },
    },
  ],
  healthCheckPolicy: false,
  identityEgress: [],
  databaseAddress: "network",
};
