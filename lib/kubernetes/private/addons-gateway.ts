import type { ChartPin } from "../addons";

/**
 * The controllers `Application.expose` needs, pinned:
 * - Envoy Gateway (AWS): envoyproxy/gateway tag v1.9.0 (commit
 *   39763b1c07ec30a5526fe70434a2cfe4181de642), chart `oci://docker.io/envoyproxy/gateway-helm`
 *   version v1.9.0. Its `crds` subchart installs the Gateway API v1.6.1 CRDs (`go.mod`
 *   sigs.k8s.io/gateway-api v1.6.1) with Envoy Gateway's own. GKE installs the Gateway API CRDs
 *   and runs its own Gateway controller, so GCP installs no gateway chart.
 * - cert-manager (both clouds): cert-manager/cert-manager tag v1.21.1 (commit
 *   24e33194fb39488eff2bbf10c6dc640f407cad44), chart `cert-manager` from https://charts.jetstack.io;
 *   `config.enableGatewayAPI` (`pkg/apis/config/controller/v1alpha1/types.go`) makes it issue the
 *   certificates of annotated Gateways' HTTPS listeners.
 */
export const GATEWAY_CHARTS = {
  "envoy-gateway": {
    repository: "oci://docker.io/envoyproxy",
    chart: "gateway-helm",
    version: "v1.9.0",
    appVersion: "v1.9.0",
  },
  "cert-manager": {
    repository: "https://charts.jetstack.io",
    chart: "cert-manager",
    version: "v1.21.1",
    appVersion: "v1.21.1",
  },
} as const satisfies Record<string, ChartPin>;

export type GatewayControllerName = keyof typeof GATEWAY_CHARTS;

export const GATEWAY_NAMESPACES: Readonly<Record<GatewayControllerName, string>> = {
  "envoy-gateway": "envoy-gateway-system",
  "cert-manager": "cert-manager",
};

export const GATEWAY_RELEASE_IDS: Readonly<Record<GatewayControllerName, string>> = {
  "envoy-gateway": "EnvoyGateway",
  "cert-manager": "CertManager",
};

export const GATEWAY_VALUES: Readonly<Record<GatewayControllerName, object>> = {
  "envoy-gateway": { crds: { enabled: true } },
  "cert-manager": {
    crds: { enabled: true, keep: true },
    config: {
      apiVersion: "controller.config.cert-manager.io/v1alpha1",
      kind: "ControllerConfiguration",
      enableGatewayAPI: true,
    },
  },
};

/**
 * The Argo Rollouts Gateway API traffic-router plugin, pinned: argoproj-labs/
 * rollouts-plugin-trafficrouter-gatewayapi v0.9.0 (commit 50ab97f23bc0640068c53916690d24849fa4c4f9),
 * installed as its `docs/installation.md` "Installing the plugin via init containers" shows, through
 * the argo-rollouts chart's `controller.trafficRouterPlugins` (argo-helm `argo-rollouts-2.41.0`
 * `templates/controller/configmap.yaml`). The chart's `providerRBAC.providers.gatewayAPI` (default
 * true) already lets the controller update HTTPRoutes.
 */
export const GATEWAY_PLUGIN_VERSION = "v0.9.0";
const PLUGIN_DIR = "/plugins";
export const ROLLOUTS_PLUGIN_VALUES = {
  initContainers: [
    {
      name: "copy-gatewayapi-plugin",
      image: `ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi:${GATEWAY_PLUGIN_VERSION}`,
      command: ["/bin/sh", "-c"],
      args: [`cp /bin/rollouts-plugin-trafficrouter-gatewayapi ${PLUGIN_DIR}`],
      volumeMounts: [{ name: "gatewayapi-plugin", mountPath: PLUGIN_DIR }],
    },
  ],
  trafficRouterPlugins: [
    { name: "argoproj-labs/gatewayAPI", location: `file://${PLUGIN_DIR}/rollouts-plugin-trafficrouter-gatewayapi` },
  ],
  volumes: [{ name: "gatewayapi-plugin", emptyDir: {} }],
  volumeMounts: [{ name: "gatewayapi-plugin", mountPath: PLUGIN_DIR }],
};
