import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { dependable, ITerraformDependable, Lazy } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { invalidConfig, invalidProp } from "../core/errors";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import { builderOf } from "../core/registry";
import type { GatewayCertificates, KubernetesTraffic } from "../core/target";
import type { ICluster } from "../contracts/cluster";
import { ClusterAddons, requireController } from "./addons";
import { connectionFor } from "./private/kubernetes";
import type { KubeObject } from "./private/objects";

/** What `Application.expose` publishes on the cluster's Gateway. */
export interface ExposeOptions {
  /** The DNS name clients use, e.g. "shop.example.com" (no wildcard: neither HTTP-01 nor load balancer authorization certifies one). Point it at the Gateway's address. */
  readonly host: string;
  /** The path prefix routed to the Application. @default "/" */
  readonly path?: string;
  /** The Application port the route sends traffic to (TCP). @default - the first TCP port */
  readonly port?: number;
  /**
   * Serve HTTPS, and redirect HTTP to it. The certificate: on AWS, cert-manager obtains it from
   * Let's Encrypt (ACME HTTP-01 through the Gateway); on GCP, a Google-managed certificate
   * (Certificate Manager, load balancer authorization). False serves plain HTTP. @default true
   */
  readonly tls?: boolean;
  /**
   * Blue-green only: a second host routed to the preview Service, so the new release can be tried
   * before promotion. @default - the preview is reachable only inside the cluster
   */
  readonly previewHost?: string;
}

/** A DNS name as the Gateway API's `Hostname` takes it, without the wildcard. */
const HOST = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)+$/;
const host = () =>
  Checks.string({ pattern: HOST, hint: 'a lowercase DNS name with a dot and no wildcard, e.g. "shop.example.com"' });

export const EXPOSE_RULES: PropRules<ExposeOptions> = {
  host: Checks.required(host()),
  // Gateway API HTTPPathMatch PathPrefix: starts with "/", no "//", "/./", "/../", "%2f", "#".
  path: Checks.string({
    pattern: /^\/(?!.*\/\/)(?!.*\/\.\.?(\/|$))(?!.*%2[fF])[^#\s]*$/,
    hint: 'an absolute path such as "/" or "/api", without "//", "." or ".." segments',
  }),
  port: Checks.number({ integer: true, min: 1, max: 65535 }),
  tls: Checks.boolean(),
  previewHost: host(),
};

export const GATEWAY_API = "gateway.networking.k8s.io/v1";
/** Every namespace's Gateway, and the cert-manager Issuer beside it, are named this. */
export const GATEWAY_NAME = "landform";
const ISSUER_NAME = "landform-letsencrypt";
/** The cloud's gateway: class, controller, data-plane peers, health checks (lib/<cloud>/kubernetes-traffic.ts). */
export function trafficOf(scope: IConstruct): KubernetesTraffic {
  return builderOf(scope, "kubernetes").traffic;
}

interface Listener {
  readonly host: string;
  readonly tls: boolean;
}

/** One namespace's Gateway on one cluster: its listeners grow with every `expose`. */
interface NamespaceGateway {
  readonly listeners: Listener[];
  readonly holder: Construct;
  readonly add: (id: string, produce: () => KubeObject) => void;
  tls: boolean;
  /** The cloud's managed certificates, when the cloud certifies the hosts instead of cert-manager. */
  certificates?: GatewayCertificates;
}

const CERT_MANAGER_ORDERED = new WeakSet<object>();
const GATEWAYS = new WeakMap<ICluster, Map<string, NamespaceGateway>>();
const CLASSES = new WeakMap<ICluster, true>();

/** A listener's name: `http`, or `https-` and the host with dots as dashes, cut to the SectionName limit. */
function listenerName(h: string): string {
  return `https-${h.replace(/\./g, "-")}`.slice(0, 253);
}

/** The Secret cert-manager writes a host's certificate to. */
function secretName(h: string): string {
  return `${h.replace(/\./g, "-").slice(0, 240)}-tls`;
}

function gatewayObject(traffic: KubernetesTraffic, namespace: string, gw: NamespaceGateway): KubeObject {
  const tls = gw.listeners.some((l) => l.tls);
  const annotations = !tls
    ? undefined
    : gw.certificates
      ? gw.certificates.annotations
      : { "cert-manager.io/issuer": ISSUER_NAME };
  return {
    apiVersion: GATEWAY_API,
    kind: "Gateway",
    metadata: {
      name: GATEWAY_NAME,
      namespace,
      labels: { "app.kubernetes.io/managed-by": "landform" },
      // cert-manager's gateway-shim issues each HTTPS listener's certificate (cert-manager docs "Annotated Gateway resource").
      // With cloud certificates, the cloud's annotation (GKE: networking.gke.io/certmap) names them.
      ...(annotations ? { annotations: { ...annotations } } : {}),
    },
    spec: {
      gatewayClassName: traffic.gatewayClass.name,
      listeners: [
        { name: "http", protocol: "HTTP", port: 80, allowedRoutes: { namespaces: { from: "Same" } } },
        ...gw.listeners
          .filter((l) => l.tls)
          .map((l) => ({
            name: listenerName(l.host),
            hostname: l.host,
            protocol: "HTTPS",
            port: 443,
            // GKE docs "Secure a Gateway": with a certificate map, an HTTPS listener has no `tls`.
            ...(gw.certificates
              ? {}
              : { tls: { mode: "Terminate", certificateRefs: [{ kind: "Secret", name: secretName(l.host) }] } }),
            allowedRoutes: { namespaces: { from: "Same" } },
          })),
      ],
    },
  };
}

/** What an Application tells `expose` about itself. */
export interface ExposeTarget {
  readonly scope: Construct;
  readonly cluster: ICluster;
  readonly name: string;
  readonly namespace: string;
  readonly strategy: "rolling" | "canary" | "blueGreen";
  readonly services: { readonly main: string; readonly second?: string; readonly stable?: string };
  readonly tcpPorts: readonly number[];
  readonly add: (id: string, object: KubeObject, computedFields?: string[], extra?: object) => Manifest;
  /**
   * The readiness probe's HTTP path, when it checks the exposed port: GKE's load balancer health
   * check uses it (else GKE's default, GET "/" on the serving port).
   */
  readonly readinessPath?: (port: number) => string | undefined;
  /** What the namespace's objects wait for: the namespace resource, when Landform declares it. */
  readonly dependsOn: ITerraformDependable[];
}

/**
 * Declares the HTTPRoute(s) of `target` on its namespace's Gateway (created with the first route,
 * with its certificates: cert-manager's Issuer, or the cloud's managed ones; on AWS, the Envoy GatewayClass), and makes sure the gateway
 * controllers are installed. Returns the names of the routes a canary's weights are set on.
 */
export function exposeApplication(target: ExposeTarget, options: ExposeOptions): string[] {
  const { scope, cluster } = target;
  validateAllProps<ExposeOptions>(scope, options, EXPOSE_RULES, "expose.");
  const kubernetes = builderOf(scope, "kubernetes");
  const traffic = kubernetes.traffic;
  const certManager = kubernetes.gatewayCertificates === "cert-manager";
  const tls = options.tls ?? true;
  if (target.tcpPorts.length === 0)
    throw invalidConfig(scope, "the application has no TCP port to expose", "give the application a TCP port", "ports");
  const port = options.port ?? target.tcpPorts[0];
  if (!target.tcpPorts.includes(port))
    throw invalidProp(
      scope,
      "expose.port",
      port,
      `is not one of the application's TCP ports (${target.tcpPorts.join(", ")})`,
      "expose one of its TCP ports",
    );
  if (options.previewHost !== undefined && target.strategy !== "blueGreen")
    throw invalidProp(
      scope,
      "expose.previewHost",
      options.previewHost,
      `is for blue-green, and the strategy is ${target.strategy}`,
      "remove previewHost, or use RolloutStrategy.blueGreen()",
    );
  if (options.previewHost === options.host)
    throw invalidProp(scope, "expose.previewHost", options.previewHost, "is the same as host", "use another host");

  // The CRDs: Gateway API (Envoy Gateway's chart on AWS; GKE's own on GCP) and cert-manager's.
  if (traffic.gatewayController) requireController(cluster, scope, traffic.gatewayController);
  if (tls && certManager) requireController(cluster, scope, "cert-manager");
  // cert-manager with enableGatewayAPI watches Gateways from its start: where Landform installs the
  // gateway controller (Envoy Gateway on AWS), the Gateway API CRDs come with its release, so
  // cert-manager is installed after it.
  if (traffic.gatewayController && tls && certManager && "addons" in cluster) {
    const addons = (cluster as ICluster & { addons: IConstruct }).addons;
    const gateway = ClusterAddons.install(cluster, addons, traffic.gatewayController);
    const release = ClusterAddons.install(cluster, addons, "cert-manager");
    if (!CERT_MANAGER_ORDERED.has(release)) {
      CERT_MANAGER_ORDERED.add(release);
      release.dependsOn = [...(release.dependsOn ?? []), dependable(gateway)];
    }
  }

  const byNamespace = GATEWAYS.get(cluster) ?? new Map<string, NamespaceGateway>();
  GATEWAYS.set(cluster, byNamespace);
  let gw = byNamespace.get(target.namespace);
  const hosts = [options.host, ...(options.previewHost ? [options.previewHost] : [])];
  if (gw) {
    const taken = hosts.find((h) => gw!.listeners.some((l) => l.host === h));
    if (taken)
      throw invalidProp(
        scope,
        "expose.host",
        taken,
        `is already exposed on the Gateway of namespace '${target.namespace}'`,
        "give each route its own host",
      );
  } else {
    gw = declareGateway(target, traffic);
    byNamespace.set(target.namespace, gw);
  }
  // A Gateway holds at most 64 listeners (Gateway API v1 `spec.listeners` maxItems), one of them `http`.
  if (tls && gw.listeners.filter((l) => l.tls).length + hosts.length > 63)
    throw invalidProp(
      scope,
      "expose.host",
      options.host,
      `would be the 64th HTTPS host of the Gateway of namespace '${target.namespace}', which holds 63`,
      "expose further Applications from another namespace",
    );
  for (const h of hosts) gw.listeners.push({ host: h, tls });
  if (tls && !gw.tls) {
    const builder = kubernetes.gatewayCertificates;
    if (builder !== "cert-manager") gw.certificates = builder(gw.holder, { cluster, namespace: target.namespace });
    declareTls(target.namespace, gw);
  }
  if (tls && gw.certificates) {
    gw.certificates.addHost(scope, "Certificate", options.host);
    if (options.previewHost) gw.certificates.addHost(scope, "PreviewCertificate", options.previewHost);
  }

  const route = (name: string, h: string, backends: object[]): KubeObject => ({
    apiVersion: GATEWAY_API,
    kind: "HTTPRoute",
    metadata: { name, namespace: target.namespace, labels: { "app.kubernetes.io/name": target.name } },
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: tls ? listenerName(h) : "http" }],
      hostnames: [h],
      rules: [{ matches: [{ path: { type: "PathPrefix", value: options.path ?? "/" } }], backendRefs: backends }],
    },
  });
  const backend = (service: string, weight?: number) => ({
    kind: "Service",
    name: service,
    port,
    ...(weight === undefined ? {} : { weight }),
  });
  const s = target.services;
  if (target.strategy === "canary") {
    // Argo Rollouts' Gateway API plugin sets these weights during a canary: Terraform does not
    // reset them unless the route's config changes, and then it wins over the plugin's field
    // ownership (server-side apply) rather than failing; the plugin sets them again at its next step.
    target.add(
      "HttpRoute",
      route(target.name, options.host, [backend(s.stable!, 100), backend(s.second!, 0)]),
      ["metadata.labels", "metadata.annotations", "spec.rules"],
      { fieldManager: { forceConflicts: true } },
    );
  } else {
    target.add("HttpRoute", route(target.name, options.host, [backend(s.main)]));
  }
  if (options.previewHost)
    target.add("PreviewHttpRoute", route(`${target.name}-preview`, options.previewHost, [backend(s.second!)]));
  const path = target.readinessPath?.(port);
  if (traffic.healthCheckPolicy && path) {
    // GKE health-checks each backend Service with GET "/" unless a HealthCheckPolicy says otherwise
    // (GKE docs "Configure Gateway resources using Policies"; networking.gke.io/v1, CRD from
    // GoogleCloudPlatform/gke-gateway-api): check the readiness path instead.
    const backends =
      target.strategy === "canary"
        ? [
            ["HealthCheckPolicy", s.stable!],
            ["CanaryHealthCheckPolicy", s.second!],
          ]
        : [["HealthCheckPolicy", s.main], ...(options.previewHost ? [["PreviewHealthCheckPolicy", s.second!]] : [])];
    for (const [id, service] of backends)
      target.add(id, {
        apiVersion: "networking.gke.io/v1",
        kind: "HealthCheckPolicy",
        metadata: { name: service, namespace: target.namespace },
        spec: {
          default: {
            config: { type: "HTTP", httpHealthCheck: { portSpecification: "USE_SERVING_PORT", requestPath: path } },
          },
          targetRef: { group: "", kind: "Service", name: service },
        },
      });
  }
  return [target.name];
}

function declareGateway(target: ExposeTarget, traffic: KubernetesTraffic): NamespaceGateway {
  const { scope, cluster, namespace } = target;
  const provider = connectionFor(cluster, scope).provider;
  const { Manifest: KubernetesManifest } =
    require("@cdktf/provider-kubernetes/lib/manifest") as typeof import("@cdktf/provider-kubernetes/lib/manifest");
  // The namespace's gateway objects live beside the first Application that exposes itself there.
  const holder = new Construct(scope, "Gateway");
  const add = (id: string, produce: () => KubeObject) => {
    new KubernetesManifest(holder, id, {
      provider,
      manifest: Lazy.anyValue({ produce }) as unknown as Record<string, unknown>,
      dependsOn: target.dependsOn,
    });
  };
  const gw: NamespaceGateway = { listeners: [], holder, add, tls: false };
  const controllerName = traffic.gatewayClass.controllerName;
  if (controllerName && !CLASSES.has(cluster)) {
    CLASSES.set(cluster, true);
    add("GatewayClass", () => ({
      apiVersion: GATEWAY_API,
      kind: "GatewayClass",
      metadata: { name: traffic.gatewayClass.name },
      spec: { controllerName },
    }));
  }
  add("Resource", () => gatewayObject(traffic, namespace, gw));
  return gw;
}

/** The route that redirects the namespace's HTTPS hosts' plain HTTP, and its cert-manager Issuer unless the cloud certifies them. */
function declareTls(namespace: string, gw: NamespaceGateway): void {
  gw.tls = true;
  gw.add("HttpsRedirect", () => ({
    apiVersion: GATEWAY_API,
    kind: "HTTPRoute",
    metadata: { name: `${GATEWAY_NAME}-https-redirect`, namespace },
    spec: {
      parentRefs: [{ name: GATEWAY_NAME, sectionName: "http" }],
      hostnames: gw.listeners.filter((l) => l.tls).map((l) => l.host),
      rules: [{ filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] }],
    },
  }));
  if (gw.certificates) return;
  gw.add("Issuer", () => ({
    apiVersion: "cert-manager.io/v1",
    kind: "Issuer",
    metadata: { name: ISSUER_NAME, namespace },
    spec: {
      acme: {
        server: "https://acme-v02.api.letsencrypt.org/directory",
        privateKeySecretRef: { name: `${ISSUER_NAME}-account` },
        // cert-manager docs "HTTP01 Gateway API": the solver's route attaches to the Gateway's HTTP listener.
        solvers: [
          {
            http01: {
              gatewayHTTPRoute: {
                parentRefs: [{ name: GATEWAY_NAME, namespace, kind: "Gateway", sectionName: "http" }],
              },
            },
          },
        ],
      },
    },
  }));
}
