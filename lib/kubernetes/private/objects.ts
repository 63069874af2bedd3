import { Lazy } from "cdktf";
import { AnalysisTemplateProps, guardedConditions } from "../analysis";
import { Probe } from "../probe";
import { ApplicationSpec, PortSpec } from "./application-spec";
import { IN_CLUSTER_PROMETHEUS, PROMETHEUS_PEER } from "./addons-prometheus";
import { podTemplate as buildPodTemplate } from "./pod";

/** A Kubernetes object as the API takes it. */
export type KubeObject = { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec?: unknown };

export const NAME_LABEL = "app.kubernetes.io/name";
const MANAGED = { "app.kubernetes.io/managed-by": "landform" };
const ROLLOUTS = "argoproj.io/v1alpha1";

function meta(spec: ApplicationSpec, name = spec.name): Record<string, unknown> {
  return { name, namespace: spec.namespace, labels: { [NAME_LABEL]: spec.name, ...MANAGED } };
}

/** What every object of the Application selects its pods by. */
export function selectorOf(spec: ApplicationSpec): Record<string, string> {
  return { [NAME_LABEL]: spec.name };
}

function seconds(duration: string): number {
  const n = Number(duration.slice(0, -1));
  return duration.endsWith("h") ? n * 3600 : duration.endsWith("m") ? n * 60 : n;
}

function probe(p: Probe | undefined, ports: readonly PortSpec[]): object | undefined {
  if (!p) return undefined;
  const s = p.spec;
  // The first TCP port: a UDP port never answers an HTTP GET or a TCP connect (review R4).
  const port = s.kind === "exec" ? undefined : (s.port ?? ports.find((p) => p.protocol === "TCP")!.port);
  const how =
    s.kind === "http"
      ? { httpGet: { path: s.path, port } }
      : s.kind === "tcp"
        ? { tcpSocket: { port } }
        : { exec: { command: [...s.command] } };
  return {
    ...how,
    periodSeconds: s.periodSeconds ?? 10,
    failureThreshold: s.failureThreshold ?? 3,
    initialDelaySeconds: s.initialDelaySeconds ?? 0,
    timeoutSeconds: s.timeoutSeconds ?? 1,
  };
}

/** The hardened pod template (see `pod.ts`), with the main container's ports and probes. */
export function podTemplate(spec: ApplicationSpec, serviceAccount: string | undefined): object {
  return buildPodTemplate({
    workload: spec.name,
    selector: selectorOf(spec),
    managed: MANAGED,
    main: {
      name: "app",
      image: spec.image,
      command: spec.command,
      args: spec.args,
      env: spec.env,
      resources: spec.resources,
    },
    mainExtra: {
      ...(spec.ports.length > 0
        ? { ports: spec.ports.map((p) => ({ name: p.name, containerPort: p.port, protocol: p.protocol })) }
        : {}),
      ...definedEntries({
        readinessProbe: probe(spec.probes.readiness, spec.ports),
        livenessProbe: probe(spec.probes.liveness, spec.ports),
        startupProbe: probe(spec.probes.startup, spec.ports),
      }),
    },
    // The in-cluster Prometheus's `kubernetes-pods` job scrapes pods by annotation.
    pod: { ...spec.pod, annotations: { ...spec.pod.annotations, ...scrapeAnnotations(spec) } },
    serviceAccount,
    runAsUser: spec.runAsUser,
    // Deployments label each revision's pods pod-template-hash, Argo Rollouts rollouts-pod-template-hash.
    spread: { revisionLabel: spec.strategy.kind === "rolling" ? "pod-template-hash" : "rollouts-pod-template-hash" },
  });
}

/** The annotations the in-cluster Prometheus's `kubernetes-pods` job scrapes pods by. */
function scrapeAnnotations(spec: ApplicationSpec): Record<string, string> {
  if (!spec.metrics) return {};
  return {
    "prometheus.io/scrape": "true",
    "prometheus.io/port": String(spec.metrics.port),
    "prometheus.io/path": spec.metrics.path,
  };
}

function definedEntries(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/**
 * The Services each strategy needs. `main` is the one clients use. A canary's `main` selects every
 * pod of the Application (both ReplicaSets: in-cluster traffic splits by pod count, approximate),
 * while Argo Rollouts pins `stable` to the stable ReplicaSet and `second` to the canary one
 * (argo-rollouts v1.9.0 `rollout/service.go` `reconcileStableAndCanaryService`): the gateway's
 * HTTPRoute weights those two, and analyses query the canary one. Blue-green: `main` is the
 * active Service, `second` the preview.
 */
export function serviceNames(spec: ApplicationSpec): { main: string; second?: string; stable?: string } {
  if (spec.ports.length === 0) return { main: spec.name };
  if (spec.strategy.kind === "canary")
    return { main: spec.name, second: `${spec.name}-canary`, stable: `${spec.name}-stable` };
  if (spec.strategy.kind === "blueGreen") return { main: spec.name, second: `${spec.name}-preview` };
  return { main: spec.name };
}

export function service(spec: ApplicationSpec, name: string): KubeObject {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: meta(spec, name),
    spec: {
      type: "ClusterIP",
      selector: selectorOf(spec),
      ports: spec.ports.map((p) => ({ name: p.name, port: p.port, targetPort: p.name, protocol: p.protocol })),
    },
  };
}

/** The arguments every Landform AnalysisTemplate takes (see `PrometheusMetric.query`). */
const ANALYSIS_ARGS = ["app", "namespace", "canary-hash", "service"];

function analysisRef(spec: ApplicationSpec, a: AnalysisTemplateProps): object {
  const names = serviceNames(spec);
  return {
    templates: [{ templateName: `${spec.name}-${a.name}` }],
    args: [
      { name: "app", value: spec.name },
      { name: "namespace", value: spec.namespace },
      // The new release's pod-template hash (argo-rollouts docs/features/analysis.md "Analysis
      // Template Arguments": valueFrom.podTemplateHashValue Latest).
      { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
      // The Service that selects only the new release; the Application's name when it has no ports.
      { name: "service", value: names.second ?? names.main },
    ],
  };
}

/** Where a canary's weights are set: the HTTPRoutes of `Application.expose`, by the Gateway API plugin. */
export interface TrafficRoutes {
  readonly routes: () => readonly string[];
}

/** The Argo Rollouts Gateway API plugin's name, as its installation registers it. */
export const GATEWAY_PLUGIN = "argoproj-labs/gatewayAPI";

/** The workload: a Deployment for rolling updates, an Argo Rollouts Rollout for canary and blue-green. */
export function workload(
  spec: ApplicationSpec,
  serviceAccount: string | undefined,
  traffic?: TrafficRoutes,
): KubeObject {
  const s = spec.strategy;
  const common = {
    // With an HPA the replica count is the autoscaler's: Terraform must not reset it on every apply.
    ...(spec.autoscaling ? {} : { replicas: spec.replicas }),
    revisionHistoryLimit: 5,
    selector: { matchLabels: selectorOf(spec) },
    template: podTemplate(spec, serviceAccount),
  };
  if (s.kind === "rolling") {
    return {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: meta(spec),
      spec: {
        ...common,
        strategy: {
          type: "RollingUpdate",
          rollingUpdate: { maxSurge: s.maxSurge ?? "25%", maxUnavailable: s.maxUnavailable ?? 0 },
        },
      },
    };
  }
  const services = serviceNames(spec);
  const strategyOf = (routes: readonly string[]) =>
    s.kind === "canary"
      ? {
          canary: {
            ...(services.stable ? { stableService: services.stable, canaryService: services.second } : {}),
            // Exact weights on the exposed HTTPRoutes (rollouts-plugin-trafficrouter-gatewayapi
            // docs/quick-start.md, docs/features/multiple-routes.md); none: pod counts only.
            ...trafficRouting(spec, routes),
            ...(s.abortScaleDownDelay ? { abortScaleDownDelaySeconds: seconds(s.abortScaleDownDelay) } : {}),
            steps: s.steps.map(({ step }) =>
              step.kind === "setWeight"
                ? { setWeight: step.percent }
                : step.kind === "pause"
                  ? { pause: step.duration ? { duration: step.duration } : {} }
                  : { analysis: analysisRef(spec, step.analysis) },
            ),
            ...(s.analysis ? { analysis: analysisRef(spec, s.analysis) } : {}),
          },
        }
      : {
          blueGreen: {
            activeService: services.main,
            previewService: services.second,
            autoPromotionEnabled: s.autoPromote ?? false,
            ...(s.autoPromoteAfter ? { autoPromotionSeconds: seconds(s.autoPromoteAfter) } : {}),
            ...(s.previewReplicas !== undefined ? { previewReplicaCount: s.previewReplicas } : {}),
            scaleDownDelaySeconds: seconds(s.scaleDownDelay ?? "30s"),
            ...(s.prePromotionAnalysis ? { prePromotionAnalysis: analysisRef(spec, s.prePromotionAnalysis) } : {}),
            ...(s.postPromotionAnalysis ? { postPromotionAnalysis: analysisRef(spec, s.postPromotionAnalysis) } : {}),
          },
        };
  // The routes are known once every `expose` call ran, so a canary's strategy is produced at synth.
  const strategy =
    traffic && s.kind === "canary" ? Lazy.anyValue({ produce: () => strategyOf(traffic.routes()) }) : strategyOf([]);
  return { apiVersion: ROLLOUTS, kind: "Rollout", metadata: meta(spec), spec: { ...common, strategy } };
}

function trafficRouting(spec: ApplicationSpec, routes: readonly string[]): object {
  if (routes.length === 0) return {};
  return {
    trafficRouting: {
      plugins: { [GATEWAY_PLUGIN]: { httpRoutes: routes.map((name) => ({ name })), namespace: spec.namespace } },
    },
  };
}

export function analysisTemplate(spec: ApplicationSpec, a: AnalysisTemplateProps): KubeObject {
  return {
    apiVersion: ROLLOUTS,
    kind: "AnalysisTemplate",
    metadata: meta(spec, `${spec.name}-${a.name}`),
    spec: {
      args: ANALYSIS_ARGS.map((name) => ({ name })),
      metrics: a.metrics.map((m) => ({
        name: m.name,
        interval: m.interval ?? "1m",
        count: m.count ?? 5,
        ...(m.initialDelay ? { initialDelay: m.initialDelay } : {}),
        failureLimit: m.failureLimit ?? 1,
        inconclusiveLimit: m.inconclusiveLimit ?? 1,
        consecutiveErrorLimit: m.consecutiveErrorLimit ?? 4,
        ...guardedConditions(m),
        provider: {
          prometheus: {
            address: m.address ?? IN_CLUSTER_PROMETHEUS,
            query: m.query,
            ...(m.timeoutSeconds !== undefined ? { timeout: m.timeoutSeconds } : {}),
            ...(m.sigv4
              ? {
                  authentication: {
                    sigv4: { region: m.sigv4.region, ...definedEntries({ roleArn: m.sigv4.roleArn }) },
                  },
                }
              : {}),
          },
        },
      })),
    },
  };
}

export function autoscaler(spec: ApplicationSpec, target: KubeObject): KubeObject | undefined {
  if (!spec.autoscaling) return undefined;
  return {
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: meta(spec),
    spec: {
      scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name: spec.name },
      minReplicas: spec.replicas,
      maxReplicas: spec.autoscaling.maxReplicas,
      metrics: [
        {
          type: "Resource",
          resource: {
            name: "cpu",
            target: { type: "Utilization", averageUtilization: spec.autoscaling.targetCpuPercent },
          },
        },
      ],
    },
  };
}

export function disruptionBudget(spec: ApplicationSpec): KubeObject {
  return {
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: meta(spec),
    // One pod at a time may be evicted by node drains and upgrades.
    // An unready pod (a broken canary, a waiting preview) may always be evicted, so it cannot
    // block the drain of healthy ones (policy/v1 unhealthyPodEvictionPolicy, Kubernetes 1.31 GA).
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: "AlwaysAllow", selector: { matchLabels: selectorOf(spec) } },
  };
}

/** One `from` or `to` peer of a NetworkPolicy rule. */
export type Peer = Record<string, unknown>;

/** One egress rule: peers and, optionally, the ports they may be reached on. */
export interface EgressRule {
  readonly to: readonly Peer[];
  readonly ports?: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
}

/** Cluster DNS (CoreDNS on EKS, kube-dns on GKE; both label their pods `k8s-app: kube-dns`). */
export const DNS_EGRESS: EgressRule = {
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

/**
 * Default deny for ingress to the Application's pods; each peer may reach its ports. With egress
 * rules (`Application.allowTo`), egress is default deny too, except cluster DNS and those rules.
 */
export function networkPolicy(
  spec: ApplicationSpec,
  peers: readonly Peer[],
  egress?: readonly EgressRule[],
): KubeObject {
  const ports = spec.ports.map((p) => ({ port: p.port, protocol: p.protocol }));
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(spec),
    spec: {
      podSelector: { matchLabels: selectorOf(spec) },
      policyTypes: egress ? ["Ingress", "Egress"] : ["Ingress"],
      ingress: [
        ...(peers.length > 0 && ports.length > 0 ? [{ from: [...peers], ports }] : []),
        // The in-cluster Prometheus, on the metrics port only.
        ...(spec.metrics ? [{ from: [PROMETHEUS_PEER], ports: [{ port: spec.metrics.port, protocol: "TCP" }] }] : []),
      ],
      ...(egress
        ? {
            egress: [DNS_EGRESS, ...egress].map((r) => ({
              to: [...r.to],
              ...(r.ports ? { ports: r.ports.map((p) => ({ port: p.port, protocol: p.protocol })) } : {}),
            })),
          }
        : {}),
    },
  };
}
