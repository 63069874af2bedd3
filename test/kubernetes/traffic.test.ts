import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { Application, CanaryStep, Cloud, CloudStack, ClusterAddons, Database, Probe, RolloutStrategy } from "../../lib";
import { CLOUDS, resourcesOf, stackProps, synth } from "../helpers";
import { crdErrors, hasCrd } from "./crd";
import { DIGEST_IMAGE, importedCluster, manifestsOf, SHA_IMAGE, withCluster } from "./fixtures";

// Canary-scoped, as docs/delivery.md shows: the new release's pods are <app>-<canary-hash>-<suffix>.
const scoped = (extra: string) => `namespace="{{args.namespace}}",pod=~"{{args.app}}-{{args.canary-hash}}-.*"${extra}`;
const SUCCESS_RATE = {
  name: "success-rate",
  metrics: [
    {
      name: "success-rate",
      address: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234/",
      query: `sum(rate(http_requests_total{${scoped(',code!~"5.."')}}[2m])) / sum(rate(http_requests_total{${scoped("")}}[2m]))`,
      successCondition: "result[0] >= 0.99",
      initialDelay: "1m",
      inconclusiveLimit: 2,
      timeoutSeconds: 20,
      sigv4: { region: "eu-west-1" },
    },
  ],
};

const canary = (analysis = false) =>
  RolloutStrategy.canary({
    steps: [
      CanaryStep.setWeight(20),
      CanaryStep.pause("5m"),
      ...(analysis ? [CanaryStep.analysis(SUCCESS_RATE)] : []),
      CanaryStep.setWeight(100),
    ],
  });

function exposedCanary(cloud: Cloud) {
  const { cluster, namespace, network, stack } = withCluster(cloud);
  const app = new Application(cluster.workloads, "shop", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [
      { port: 9090, name: "metrics" },
      { port: 8080, name: "http" },
      { port: 53, protocol: "UDP" },
    ],
    probes: { readiness: Probe.http("/ready", { port: 8080 }) },
    strategy: canary(true),
  });
  app.expose({ host: "shop.example.com", port: 8080 });
  return { cluster, app, network, stack, ...manifestsOf(cluster.workloads) };
}

/** Every custom resource with a CRD here must be valid against it, strictly. */
function expectValid(objects: Record<string, Record<string, unknown>>) {
  let checked = 0;
  for (const [key, object] of Object.entries(objects) as [string, { apiVersion: string; kind: string }][]) {
    if (!hasCrd(object)) continue;
    checked++;
    expect({ key, errors: crdErrors(object) }).toEqual({ key, errors: [] });
  }
  return checked;
}

describe.each(CLOUDS)("traffic on %s", (cloud: Cloud) => {
  test("expose: an HTTPRoute on the namespace's Gateway whose stable/canary weights Argo Rollouts sets (M1, M6, R1)", () => {
    const { objects, config } = exposedCanary(cloud);
    const route = objects["HTTPRoute/shop"] as any;
    expect(route.spec).toEqual({
      parentRefs: [{ name: "landform", sectionName: "https-shop-example-com" }],
      hostnames: ["shop.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/" } }],
          backendRefs: [
            { kind: "Service", name: "shop-stable", port: 8080, weight: 100 },
            { kind: "Service", name: "shop-canary", port: 8080, weight: 0 },
          ],
        },
      ],
    });
    // The plugin edits the weights: Terraform must not reset them mid-rollout.
    const routeResource = resourcesOf(config, "kubernetes_manifest").find(
      (r: any) => r.manifest.kind === "HTTPRoute" && r.manifest.metadata.name === "shop",
    ) as any;
    expect(routeResource.computed_fields).toContain("spec.rules");
    expect(routeResource.field_manager).toEqual({ force_conflicts: true });
    const canaryStrategy = (objects["Rollout/shop"] as any).spec.strategy.canary;
    expect(canaryStrategy.stableService).toBe("shop-stable");
    expect(canaryStrategy.canaryService).toBe("shop-canary");
    expect(canaryStrategy.trafficRouting).toEqual({
      plugins: { "argoproj-labs/gatewayAPI": { httpRoutes: [{ name: "shop" }], namespace: "apps" } },
    });
    const gateway = objects["Gateway/landform"] as any;
    expect(gateway.spec.gatewayClassName).toBe(cloud === "gcp" ? "gke-l7-global-external-managed" : "landform-envoy");
    expect(gateway.spec.listeners.map((l: any) => [l.name, l.protocol, l.port, l.hostname])).toEqual([
      ["http", "HTTP", 80, undefined],
      ["https-shop-example-com", "HTTPS", 443, "shop.example.com"],
    ]);
    expect((objects["HTTPRoute/landform-https-redirect"] as any).spec.rules).toEqual([
      { filters: [{ type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } }] },
    ]);
    if (cloud === "gcp") {
      // Google-managed certificates in a certificate map the Gateway names; no cert-manager, no HTTP-01 solver.
      const map = resourcesOf(config, "google_certificate_manager_certificate_map") as any[];
      expect(map).toHaveLength(1);
      const mapRef = /^\$\{google_certificate_manager_certificate_map\.[-\w]+\.name\}$/;
      expect(gateway.metadata.annotations).toEqual({ "networking.gke.io/certmap": expect.stringMatching(mapRef) });
      expect(gateway.spec.listeners[1].tls).toBeUndefined();
      const certificates = resourcesOf(config, "google_certificate_manager_certificate") as any[];
      expect(certificates.map((c) => [c.managed, c.scope])).toEqual([[{ domains: ["shop.example.com"] }, undefined]]);
      const entries = resourcesOf(config, "google_certificate_manager_certificate_map_entry") as any[];
      expect(entries.map((e) => [e.hostname, e.map])).toEqual([
        ["shop.example.com", gateway.metadata.annotations["networking.gke.io/certmap"]],
      ]);
      expect(entries[0].certificates).toEqual([
        expect.stringMatching(/^\$\{google_certificate_manager_certificate\.[-\w]+\.id\}$/),
      ]);
      expect(Object.keys(objects).filter((k) => k.startsWith("Issuer/"))).toEqual([]);
    } else {
      expect(gateway.metadata.annotations).toEqual({ "cert-manager.io/issuer": "landform-letsencrypt" });
      expect(gateway.spec.listeners[1].tls).toEqual({
        mode: "Terminate",
        certificateRefs: [{ kind: "Secret", name: "shop-example-com-tls" }],
      });
      expect(resourcesOf(config, "google_certificate_manager_certificate")).toEqual([]);
      expect((objects["Issuer/landform-letsencrypt"] as any).spec.acme.solvers).toEqual([
        {
          http01: {
            gatewayHTTPRoute: {
              parentRefs: [{ name: "landform", namespace: "apps", kind: "Gateway", sectionName: "http" }],
            },
          },
        },
      ]);
    }
    expect(objects["GatewayClass/landform-envoy"] !== undefined).toBe(cloud === "aws");
    // GKE's load balancer checks the readiness path of each backend Service, not "/".
    if (cloud === "gcp") {
      for (const service of ["shop-stable", "shop-canary"])
        expect((objects[`HealthCheckPolicy/${service}`] as any).spec).toEqual({
          default: {
            config: { type: "HTTP", httpHealthCheck: { portSpecification: "USE_SERVING_PORT", requestPath: "/ready" } },
          },
          targetRef: { group: "", kind: "Service", name: service },
        });
    } else expect(Object.keys(objects).filter((k) => k.startsWith("HealthCheckPolicy/"))).toEqual([]);
    // Rollout, AnalysisTemplate, Gateway, HTTPRoutes, and AWS's GatewayClass and Issuer or GKE's HealthCheckPolicies.
    expect(expectValid(objects)).toBe(7);
  });

  test("snapshot: an exposed canary with an analysis", () => {
    expect(exposedCanary(cloud).objects).toMatchSnapshot();
  });

  test("expose: the NetworkPolicy admits the gateway's data plane and health checks, nothing else", () => {
    const { objects } = exposedCanary(cloud);
    const policy = (objects["NetworkPolicy/shop"] as any).spec;
    const from =
      cloud === "gcp"
        ? [{ ipBlock: { cidr: "35.191.0.0/16" } }, { ipBlock: { cidr: "130.211.0.0/22" } }]
        : [
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
          ];
    expect(policy.ingress).toEqual([
      {
        from,
        ports: [
          { port: 9090, protocol: "TCP" },
          { port: 8080, protocol: "TCP" },
          { port: 53, protocol: "UDP" },
        ],
      },
    ]);
    expect(policy.policyTypes).toEqual(["Ingress"]);
  });

  test("expose: the add-ons stack installs the pinned gateway controllers and the Rollouts Gateway API plugin", () => {
    const { cluster, stack } = exposedCanary(cloud);
    const releases = resourcesOf(synth(cluster.addons).config, "helm_release") as any[];
    const byChart = Object.fromEntries(releases.map((r) => [r.chart, r]));
    const rollouts = JSON.parse(byChart["argo-rollouts"].values[0]);
    expect(rollouts.controller.trafficRouterPlugins).toEqual([
      { name: "argoproj-labs/gatewayAPI", location: "file:///plugins/rollouts-plugin-trafficrouter-gatewayapi" },
    ]);
    expect(rollouts.controller.initContainers[0].image).toBe(
      "ghcr.io/argoproj-labs/rollouts-plugin-trafficrouter-gatewayapi:v0.9.0",
    );
    expect(rollouts.controller.volumeMounts).toEqual([{ name: "gatewayapi-plugin", mountPath: "/plugins" }]);
    if (cloud === "aws") {
      expect(byChart["cert-manager"]).toMatchObject({
        repository: "https://charts.jetstack.io",
        version: "v1.21.1",
        namespace: "cert-manager",
      });
      expect(JSON.parse(byChart["cert-manager"].values[0]).config.enableGatewayAPI).toBe(true);
      // cert-manager watches Gateways from its start: after the release that installs their CRDs.
      expect(byChart["cert-manager"].depends_on).toEqual([
        expect.stringMatching(/^helm_release\.[-\w]+_EnvoyGateway_\w+$/),
      ]);
      expect(byChart["gateway-helm"]).toMatchObject({
        repository: "oci://docker.io/envoyproxy",
        version: "v1.9.0",
        namespace: "envoy-gateway-system",
      });
    } else {
      // Google-managed certificates: cert-manager is not needed on GKE.
      expect(byChart["cert-manager"]).toBeUndefined();
      expect(byChart["gateway-helm"]).toBeUndefined();
      // GKE's own Gateway controller and CRDs.
      const gke = resourcesOf(synth(stack).config, "google_container_cluster")[0] as any;
      expect(gke.gateway_api_config).toEqual({ channel: "CHANNEL_STANDARD" });
    }
  });

  test("expose: rolling and plain HTTP route to the one Service on the http listener, with no issuer", () => {
    const { cluster, namespace } = withCluster(cloud);
    const app = new Application(cluster.workloads, "web", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    app.expose({ host: "web.example.com", path: "/app", tls: false });
    const { objects } = manifestsOf(cluster.workloads);
    expect((objects["HTTPRoute/web"] as any).spec).toEqual({
      parentRefs: [{ name: "landform", sectionName: "http" }],
      hostnames: ["web.example.com"],
      rules: [
        {
          matches: [{ path: { type: "PathPrefix", value: "/app" } }],
          backendRefs: [{ kind: "Service", name: "web", port: 80 }],
        },
      ],
    });
    expect(objects["Issuer/landform-letsencrypt"]).toBeUndefined();
    expect(objects["HTTPRoute/landform-https-redirect"]).toBeUndefined();
    expect((objects["Gateway/landform"] as any).metadata.annotations).toBeUndefined();
    expectValid(objects);
  });

  test("expose: blue-green routes its active Service, and previewHost reaches the preview Service", () => {
    const { cluster, namespace } = withCluster(cloud);
    const app = new Application(cluster.workloads, "pay", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [8443],
      probes: { readiness: Probe.http("/ready") },
      strategy: RolloutStrategy.blueGreen(),
    });
    app.expose({ host: "pay.example.com", previewHost: "preview.pay.example.com" });
    const { objects, config } = manifestsOf(cluster.workloads);
    // On GCP each host, the preview host too, has its Google-managed certificate and map entry.
    const certified = (resourcesOf(config, "google_certificate_manager_certificate_map_entry") as any[]).map((e) => [
      e.hostname,
      e.certificates,
    ]);
    expect(certified).toEqual(
      cloud === "gcp"
        ? [
            [
              "pay.example.com",
              [expect.stringMatching(/^\$\{google_certificate_manager_certificate\.pay_Certificate_\w+\.id\}$/)],
            ],
            [
              "preview.pay.example.com",
              [expect.stringMatching(/^\$\{google_certificate_manager_certificate\.pay_PreviewCertificate_\w+\.id\}$/)],
            ],
          ]
        : [],
    );
    expect(resourcesOf(config, "google_certificate_manager_certificate").map((c: any) => c.managed.domains)).toEqual(
      cloud === "gcp" ? [["pay.example.com"], ["preview.pay.example.com"]] : [],
    );
    expect((objects["HTTPRoute/pay"] as any).spec.rules[0].backendRefs).toEqual([
      { kind: "Service", name: "pay", port: 8443 },
    ]);
    expect((objects["HTTPRoute/pay-preview"] as any).spec.rules[0].backendRefs).toEqual([
      { kind: "Service", name: "pay-preview", port: 8443 },
    ]);
    expect((objects["Gateway/landform"] as any).spec.listeners.map((l: any) => l.name)).toEqual([
      "http",
      "https-pay-example-com",
      "https-preview-pay-example-com",
    ]);
    expect((objects["HTTPRoute/landform-https-redirect"] as any).spec.hostnames).toEqual([
      "pay.example.com",
      "preview.pay.example.com",
    ]);
    expect((objects["Rollout/pay"] as any).spec.strategy.blueGreen.trafficRouting).toBeUndefined();
    expectValid(objects);
  });

  test("expose: two Applications share their namespace's Gateway; each host once", () => {
    const { cluster, namespace } = withCluster(cloud);
    const a = new Application(cluster.workloads, "a", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    const b = new Application(cluster.workloads, "b", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    a.expose({ host: "a.example.com" });
    b.expose({ host: "b.example.com" });
    const { objects, config } = manifestsOf(cluster.workloads);
    const gateways = resourcesOf(config, "kubernetes_manifest").filter((r: any) => r.manifest.kind === "Gateway");
    expect(gateways).toHaveLength(1);
    // On GCP one certificate map per Gateway, an entry per host.
    expect(resourcesOf(config, "google_certificate_manager_certificate_map")).toHaveLength(cloud === "gcp" ? 1 : 0);
    expect(resourcesOf(config, "google_certificate_manager_certificate_map_entry").map((e: any) => e.hostname)).toEqual(
      cloud === "gcp" ? ["a.example.com", "b.example.com"] : [],
    );
    expect((objects["Gateway/landform"] as any).spec.listeners.map((l: any) => l.hostname)).toEqual([
      undefined,
      "a.example.com",
      "b.example.com",
    ]);
    const c = new Application(cluster.workloads, "c", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    expect(() => c.expose({ host: "a.example.com" })).toThrow(
      /expose\.host.*"a\.example\.com" is already exposed on the Gateway of namespace 'apps'/,
    );
    expect(() => a.expose({ host: "other.example.com" })).toThrow(/call expose once/);
    // A Gateway holds 64 listeners: http and 63 HTTPS hosts.
    for (let i = 0; i < 61; i++)
      new Application(cluster.workloads, `n${i}`, { cluster, namespace, image: SHA_IMAGE, ports: [80] }).expose({
        host: `n${i}.example.com`,
      });
    const last = new Application(cluster.workloads, "last", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    expect(() => last.expose({ host: "last.example.com" })).toThrow(
      /"last\.example\.com" would be the 64th HTTPS host of the Gateway of namespace 'apps', which holds 63/,
    );
  });

  test("expose: bad options fail at construction, naming the prop, value and fix", () => {
    const { cluster, namespace } = withCluster(cloud);
    const udp = new Application(cluster.workloads, "dns", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [{ port: 53, protocol: "UDP" }],
    });
    expect(() => udp.expose({ host: "dns.example.com" })).toThrow(
      /no TCP port to expose.*give the application a TCP port/,
    );
    const web = new Application(cluster.workloads, "web", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    expect(() => web.expose({ host: "*.example.com" })).toThrow(/expose\.host.*"\*\.example\.com".*no wildcard/);
    expect(() => web.expose({ host: "web.example.com", path: "api" })).toThrow(/expose\.path.*"api"/);
    expect(() => web.expose({ host: "web.example.com", port: 81 })).toThrow(
      /expose\.port.*81 is not one of the application's TCP ports \(80\)/,
    );
    expect(() => web.expose({ host: "web.example.com", previewHost: "p.example.com" })).toThrow(
      /expose\.previewHost.*is for blue-green, and the strategy is rolling/,
    );
  });

  test("expose on a cluster made elsewhere: the gateway controllers must be installed or declared", () => {
    const app = Testing.app();
    const apps = new CloudStack(app, "apps", stackProps(cloud));
    const cluster = importedCluster(apps);
    const web = new Application(apps, "web", {
      cluster,
      namespace: "apps",
      image: SHA_IMAGE,
      ports: [80],
      identity: false,
    });
    if (cloud === "gcp") {
      // GKE runs the Gateway controller and Certificate Manager certifies the hosts: nothing to install.
      web.expose({ host: "web.example.com" });
      expect(manifestsOf(apps).objects["HTTPRoute/web"]).toBeDefined();
    } else {
      expect(() => web.expose({ host: "web.example.com" })).toThrow(
        `Application 'apps/web': envoy-gateway is not installed on cluster 'apps/shared', which was made elsewhere; install it with ClusterAddons.install(cluster, addonsStack, "envoy-gateway")`,
      );
      ClusterAddons.external(cluster, "envoy-gateway", "the platform team runs Envoy Gateway");
      expect(() => web.expose({ host: "web.example.com" })).toThrow(
        `Application 'apps/web': cert-manager is not installed on cluster 'apps/shared', which was made elsewhere; install it with ClusterAddons.install(cluster, addonsStack, "cert-manager")`,
      );
      ClusterAddons.external(cluster, "cert-manager", "the platform team runs cert-manager");
    }
    const other = new Application(apps, "other", {
      cluster,
      namespace: "apps",
      image: SHA_IMAGE,
      ports: [80],
      identity: false,
    });
    other.expose({ host: "other.example.com" });
    expect(manifestsOf(apps).objects["HTTPRoute/other"]).toBeDefined();
  });

  test("analysis: templates get the canary's pod-template hash and Service; no data is inconclusive (R2, M5)", () => {
    const { objects } = exposedCanary(cloud);
    const step = (objects["Rollout/shop"] as any).spec.strategy.canary.steps[2].analysis;
    expect(step.args).toEqual([
      { name: "app", value: "shop" },
      { name: "namespace", value: "apps" },
      { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
      { name: "service", value: "shop-canary" },
    ]);
    const template = (objects["AnalysisTemplate/shop-success-rate"] as any).spec;
    expect(template.args).toEqual([
      { name: "app" },
      { name: "namespace" },
      { name: "canary-hash" },
      { name: "service" },
    ]);
    expect(template.metrics[0]).toEqual({
      name: "success-rate",
      interval: "1m",
      count: 5,
      initialDelay: "1m",
      failureLimit: 1,
      inconclusiveLimit: 2,
      consecutiveErrorLimit: 4,
      successCondition: "len(result) > 0 && !isNaN(result[0]) && (result[0] >= 0.99)",
      failureCondition: "len(result) > 0 && !isNaN(result[0]) && !(result[0] >= 0.99)",
      provider: {
        prometheus: {
          address: "https://aps-workspaces.eu-west-1.amazonaws.com/workspaces/ws-1234/",
          query: SUCCESS_RATE.metrics[0].query,
          timeout: 20,
          authentication: { sigv4: { region: "eu-west-1" } },
        },
      },
    });
  });

  test("analysis: NaN and empty results are neither success nor failure, as Argo evaluates the conditions", () => {
    // argo-rollouts v1.9.0 utils/evaluate/evaluate.go: failure wins, then neither -> Inconclusive.
    // The emitted expressions are evaluated here in JavaScript, whose operators match expr's for them.
    const { objects } = exposedCanary(cloud);
    const metric = (objects["AnalysisTemplate/shop-success-rate"] as any).spec.metrics[0];
    const run = (expression: string, result: number[]) =>
      new Function("result", "len", "isNaN", `return ${expression};`)(result, (a: number[]) => a.length, Number.isNaN);
    const phase = (result: number[]) =>
      run(metric.failureCondition, result)
        ? "Failed"
        : run(metric.successCondition, result)
          ? "Successful"
          : "Inconclusive";
    expect(phase([0.995])).toBe("Successful");
    expect(phase([0.5])).toBe("Failed");
    expect(phase([NaN])).toBe("Inconclusive");
    expect(phase([])).toBe("Inconclusive");
  });

  test("metrics backend: the add-ons stack installs Prometheus, which scrapes `metrics` and is the analyses' default (M5)", () => {
    const { cluster, namespace } = withCluster(cloud);
    const { address: _omitted, sigv4: _none, ...inCluster } = SUCCESS_RATE.metrics[0];
    new Application(cluster.workloads, "shop", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [8080],
      metrics: { port: 9100 },
      probes: { readiness: Probe.http("/") },
      strategy: RolloutStrategy.canary({
        steps: [CanaryStep.analysis({ name: "ok", metrics: [inCluster] }), CanaryStep.setWeight(100)],
      }),
    });
    const { objects } = manifestsOf(cluster.workloads);
    expect((objects["Rollout/shop"] as any).spec.template.metadata.annotations).toEqual({
      "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "tmp",
      "prometheus.io/scrape": "true",
      "prometheus.io/port": "9100",
      "prometheus.io/path": "/metrics",
    });
    // Only the Prometheus server reaches the metrics port.
    expect((objects["NetworkPolicy/shop"] as any).spec.ingress).toEqual([
      {
        from: [
          {
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "prometheus" } },
            podSelector: {
              matchLabels: {
                "app.kubernetes.io/name": "prometheus",
                "app.kubernetes.io/instance": "prometheus",
                "app.kubernetes.io/component": "server",
              },
            },
          },
        ],
        ports: [{ port: 9100, protocol: "TCP" }],
      },
    ]);
    const metric = (objects["AnalysisTemplate/shop-ok"] as any).spec.metrics[0];
    expect(metric.provider.prometheus.address).toBe("http://prometheus-server.prometheus.svc.cluster.local");
    expect(metric.provider.prometheus.authentication).toBeUndefined();
    const releases = resourcesOf(synth(cluster.addons).config, "helm_release") as any[];
    const prometheus = releases.find((r) => r.chart === "prometheus");
    expect(prometheus).toMatchObject({
      name: "prometheus",
      namespace: "prometheus",
      repository: "https://prometheus-community.github.io/helm-charts",
      version: "29.27.0",
    });
    expect(JSON.parse(prometheus.values[0])).toMatchObject({
      alertmanager: { enabled: false },
      "prometheus-node-exporter": { enabled: false },
    });
    expectValid(objects);
  });

  test("metrics backend: an app without metrics or address-less analyses installs no Prometheus", () => {
    const { cluster, namespace } = withCluster(cloud);
    new Application(cluster.workloads, "web", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    manifestsOf(cluster.workloads);
    const releases = resourcesOf(synth(cluster.addons).config, "helm_release") as any[];
    expect(releases.find((r) => r.chart === "prometheus")).toBeUndefined();
  });

  test("analysis: bad props fail at construction", () => {
    const { cluster, namespace } = withCluster(cloud);
    let n = 0;
    const make = (metric: object) => () =>
      new Application(cluster.workloads, `x${n++}`, {
        cluster,
        namespace,
        image: SHA_IMAGE,
        ports: [80],
        probes: { readiness: Probe.http("/") },
        strategy: RolloutStrategy.canary({
          steps: [
            CanaryStep.analysis({ name: "a", metrics: [{ ...SUCCESS_RATE.metrics[0], ...metric }] }),
            CanaryStep.setWeight(100),
          ],
        }),
      });
    expect(make({ inconclusiveLimit: -1 })).toThrow(/inconclusiveLimit.*-1/);
    expect(make({ initialDelay: "1d" })).toThrow(/initialDelay.*"1d"/);
    expect(make({ sigv4: { region: "Ireland" } })).toThrow(/sigv4\.region.*"Ireland".*eu-west-1/);
  });

  test("allowTo: egress becomes default deny plus cluster DNS and the destinations (S6)", () => {
    const { cluster, namespace, network, stack } = withCluster(cloud);
    const database = new Database(stack, "db", { network });
    const api = new Application(cluster.workloads, "api", { cluster, namespace, image: SHA_IMAGE, ports: [8080] });
    const web = new Application(cluster.workloads, "web", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [80],
      allowTo: [api],
    });
    web.allowTo(database);
    web.allowTo({ cidr: "0.0.0.0/0", port: 443 });
    const { objects } = manifestsOf(cluster.workloads);
    const policy = (objects["NetworkPolicy/web"] as any).spec;
    expect(policy.policyTypes).toEqual(["Ingress", "Egress"]);
    const dns = {
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
          podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
        },
      ],
      ports: [
        { port: 53, protocol: "UDP" },
        { port: 53, protocol: "TCP" },
      ],
    };
    const metadata =
      cloud === "gcp"
        ? [{ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] }]
        : [];
    expect(policy.egress[0]).toEqual(dns);
    expect(policy.egress.slice(1, 1 + metadata.length)).toEqual(metadata);
    const rest = policy.egress.slice(1 + metadata.length);
    expect(rest[0]).toEqual({
      to: [
        {
          podSelector: { matchLabels: { "app.kubernetes.io/name": "api" } },
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } },
        },
      ],
      ports: [{ port: 8080, protocol: "TCP" }],
    });
    expect(rest[1].ports).toEqual([{ port: 5432, protocol: "TCP" }]);
    expect(rest[1].to[0].ipBlock.cidr).toMatch(cloud === "gcp" ? /^\$\{.*\}\/32$/ : /^10\.0\.0\.0\/16$/);
    expect(rest[2]).toEqual({ to: [{ ipBlock: { cidr: "0.0.0.0/0" } }], ports: [{ port: 443, protocol: "TCP" }] });
    // Without allowTo, egress stays open.
    expect((objects["NetworkPolicy/api"] as any).spec.policyTypes).toEqual(["Ingress"]);
    expect((objects["NetworkPolicy/api"] as any).spec.egress).toBeUndefined();
    expect(() => web.allowTo({ cidr: "10.0.0.0/33" })).toThrow(/allowTo\.cidr.*"10\.0\.0\.0\/33"/);
    expect(() => web.allowTo({ cidr: "10.0.0.0/8", port: 70000 })).toThrow(/allowTo\.port.*70000/);
    expect(() => web.allowTo("10.0.0.0/8" as any)).toThrow(/allowTo.*is not a Database, an Application/);
  });

  test("probes default to the first TCP port, and an all-UDP app needs an explicit one (R4)", () => {
    const { cluster, namespace } = withCluster(cloud);
    new Application(cluster.workloads, "dns", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [{ port: 53, protocol: "UDP" }, 8053],
      probes: { readiness: Probe.tcp(), liveness: Probe.http("/health") },
    });
    const container = (manifestsOf(cluster.workloads).objects["Deployment/dns"] as any).spec.template.spec
      .containers[0];
    expect(container.readinessProbe.tcpSocket).toEqual({ port: 8053 });
    expect(container.livenessProbe.httpGet).toEqual({ path: "/health", port: 8053 });
    expect(
      () =>
        new Application(cluster.workloads, "udp", {
          cluster,
          namespace,
          image: SHA_IMAGE,
          ports: [{ port: 53, protocol: "UDP" }],
          probes: { readiness: Probe.tcp() },
        }),
    ).toThrow(/probes\.readiness.*all UDP.*give the probe the port of a TCP listener/);
  });

  test("health feedback: the apply waits for the workload to be healthy (M8, issue 21)", () => {
    const { cluster, namespace } = withCluster(cloud);
    const ports = [80];
    const probes = { readiness: Probe.http("/") };
    new Application(cluster.workloads, "rolling", { cluster, namespace, image: SHA_IMAGE, ports });
    new Application(cluster.workloads, "timed", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports,
      probes,
      strategy: canary(true),
    });
    new Application(cluster.workloads, "manual", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports,
      probes,
      strategy: RolloutStrategy.blueGreen(),
    });
    new Application(cluster.workloads, "nowait", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports,
      waitForRollout: false,
    });
    const { config } = manifestsOf(cluster.workloads);
    const manifests = resourcesOf(config, "kubernetes_manifest") as any[];
    const workload = (name: string) =>
      manifests.find((r) => ["Deployment", "Rollout"].includes(r.manifest.kind) && r.manifest.metadata.name === name);
    const status = (name: string) =>
      manifests.find((r) => r.manifest.kind === "Job" && r.manifest.spec.template.spec.containers[0].args[1] === name);
    const args = (name: string) => status(name).manifest.spec.template.spec.containers[0].args.slice(-2);
    expect(workload("rolling").wait).toEqual({ rollout: true });
    // A Rollout is judged by Argo's status command in a Job, whose completion the apply waits for
    // (test/kubernetes/rollout-health.test.ts): a field wait passed on the previous release's Healthy.
    expect(workload("timed").wait).toBeUndefined();
    // 10 min, plus the 5m pause and the analysis (1m delay + 5 x 1m): 21 min, the Job 2 more, Terraform 1 more.
    expect(args("timed")).toEqual(["--timeout", "1260s"]);
    expect(status("timed").wait).toEqual({ condition: [{ type: "Complete", status: "True" }] });
    expect(status("timed").timeouts).toEqual({ create: "24m", update: "24m" });
    // A step that waits for a person: the check waits for the promotion, within 10 minutes.
    expect(args("manual")).toEqual(["--timeout", "600s"]);
    expect(status("rolling")).toBeUndefined();
    expect(status("nowait")).toBeUndefined();
    expect(workload("nowait").wait).toBeUndefined();
  });
});

describe.each(CLOUDS)("rollout options on %s (M6)", (cloud: Cloud) => {
  test("autoPromoteAfter and abortScaleDownDelay become Argo's seconds, and the wait follows them", () => {
    const { cluster, namespace } = withCluster(cloud);
    const common = { cluster, namespace, image: SHA_IMAGE, ports: [80], probes: { readiness: Probe.http("/") } };
    new Application(cluster.workloads, "bg", {
      ...common,
      strategy: RolloutStrategy.blueGreen({ autoPromoteAfter: "10m" }),
    });
    const c = new Application(cluster.workloads, "c", {
      ...common,
      strategy: RolloutStrategy.canary({
        steps: [CanaryStep.setWeight(50), CanaryStep.setWeight(100)],
        abortScaleDownDelay: "2m",
      }),
    });
    c.expose({ host: "c.example.com" });
    const { objects, config } = manifestsOf(cluster.workloads);
    expect((objects["Rollout/bg"] as any).spec.strategy.blueGreen).toMatchObject({
      autoPromotionEnabled: false,
      autoPromotionSeconds: 600,
    });
    expect((objects["Rollout/c"] as any).spec.strategy.canary.abortScaleDownDelaySeconds).toBe(120);
    const bg = resourcesOf(config, "kubernetes_manifest").find(
      (r: any) => r.manifest.kind === "Job" && r.manifest.spec.template.spec.containers[0].args[1] === "bg",
    ) as any;
    // Promoted by the timer: the status check waits 10 + 10 minutes, the Job 2 more, Terraform 1 more.
    expect(bg.manifest.spec.template.spec.containers[0].args.slice(-2)).toEqual(["--timeout", "1200s"]);
    expect(bg.timeouts).toEqual({ create: "23m", update: "23m" });
    expectValid(objects);
    expect(
      () =>
        new Application(cluster.workloads, "bad", {
          ...common,
          strategy: RolloutStrategy.blueGreen({ autoPromoteAfter: "10 minutes" }),
        }),
    ).toThrow(/strategy\.autoPromoteAfter.*"10 minutes"/);
  });
});

describe("strategy change (R3)", () => {
  const build = (outdir: string, strategy: RolloutStrategy) => {
    const { cluster, namespace, app } = withCluster("aws", new App({ outdir }));
    new Application(cluster.workloads, "orders", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [80],
      probes: { readiness: Probe.http("/") },
      strategy,
    });
    return { app, cluster };
  };

  test("a Deployment committed as rolling cannot become a Rollout in place; the error gives the recipe", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-r3-"));
    const first = build(outdir, RolloutStrategy.rolling());
    first.app.synth();
    const file = path.join(outdir, "stacks", first.cluster.workloads.node.id, "cdk.tf.json");
    expect(fs.existsSync(file)).toBe(true);
    // Same kind again: fine.
    expect(() => build(outdir, RolloutStrategy.rolling({ maxSurge: 1 }))).not.toThrow();
    expect(() => build(outdir, canary())).toThrow(
      /strategy.*changes from rolling \(a Deployment\) to canary \(an Argo Rollout\) for 'apps\/orders'.*delete the running workload.*add a second Application with the new strategy and another name \(e\.g\. "orders-v2"\)/s,
    );
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test("the project's configured output folder (cdktf.json output) counts, as landform synth runs in a scratch folder", () => {
    const project = fs.mkdtempSync(path.join(os.tmpdir(), "lf-r3-project-"));
    const cwd = process.cwd();
    try {
      fs.writeFileSync(path.join(project, "cdktf.json"), JSON.stringify({ output: "terraform" }));
      const first = build(path.join(project, "terraform"), RolloutStrategy.rolling());
      first.app.synth();
      process.chdir(project);
      const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "lf-r3-scratch-"));
      expect(() => build(scratch, RolloutStrategy.blueGreen())).toThrow(
        /changes from rolling \(a Deployment\) to blueGreen/,
      );
      fs.rmSync(scratch, { recursive: true, force: true });
    } finally {
      process.chdir(cwd);
      fs.rmSync(project, { recursive: true, force: true });
    }
  });

  test("no earlier synth output: nothing to compare", () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-r3-"));
    expect(() => build(outdir, canary())).not.toThrow();
    fs.rmSync(outdir, { recursive: true, force: true });
  });
});

test("a probe-free app with only UDP ports still synthesizes (no probe to default)", () => {
  const { cluster, namespace } = withCluster("aws");
  new Application(cluster.workloads, "udp", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [{ port: 53, protocol: "UDP" }],
  });
  expect(manifestsOf(cluster.workloads).objects["Deployment/udp"]).toBeDefined();
});
