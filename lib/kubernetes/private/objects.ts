import { AnalysisTemplateProps } from "../analysis";
import { Probe } from "../probe";
import { ApplicationSpec, PortSpec } from "./application-spec";
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
  const port = s.kind === "exec" ? undefined : (s.port ?? ports[0].port);
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
    pod: spec.pod,
    serviceAccount,
    runAsUser: spec.runAsUser,
    // Deployments label each revision's pods pod-template-hash, Argo Rollouts rollouts-pod-template-hash.
    spread: { revisionLabel: spec.strategy.kind === "rolling" ? "pod-template-hash" : "rollouts-pod-template-hash" },
  });
}

function definedEntries(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** The names of the Services each strategy needs: the main one, and the canary or preview one. */
export function serviceNames(spec: ApplicationSpec): { main: string; second?: string } {
  if (spec.ports.length === 0) return { main: spec.name };
  if (spec.strategy.kind === "canary") return { main: spec.name, second: `${spec.name}-canary` };
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

function analysisRef(spec: ApplicationSpec, a: AnalysisTemplateProps): object {
  return {
    templates: [{ templateName: `${spec.name}-${a.name}` }],
    args: [
      { name: "app", value: spec.name },
      { name: "namespace", value: spec.namespace },
    ],
  };
}

/** The workload: a Deployment for rolling updates, an Argo Rollouts Rollout for canary and blue-green. */
export function workload(spec: ApplicationSpec, serviceAccount: string | undefined): KubeObject {
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
  const strategy =
    s.kind === "canary"
      ? {
          canary: {
            ...(services.second ? { stableService: services.main, canaryService: services.second } : {}),
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
            ...(s.previewReplicas !== undefined ? { previewReplicaCount: s.previewReplicas } : {}),
            scaleDownDelaySeconds: seconds(s.scaleDownDelay ?? "30s"),
            ...(s.prePromotionAnalysis ? { prePromotionAnalysis: analysisRef(spec, s.prePromotionAnalysis) } : {}),
            ...(s.postPromotionAnalysis ? { postPromotionAnalysis: analysisRef(spec, s.postPromotionAnalysis) } : {}),
          },
        };
  return { apiVersion: ROLLOUTS, kind: "Rollout", metadata: meta(spec), spec: { ...common, strategy } };
}

export function analysisTemplate(spec: ApplicationSpec, a: AnalysisTemplateProps): KubeObject {
  return {
    apiVersion: ROLLOUTS,
    kind: "AnalysisTemplate",
    metadata: meta(spec, `${spec.name}-${a.name}`),
    spec: {
      args: [{ name: "app" }, { name: "namespace" }],
      metrics: a.metrics.map((m) => ({
        name: m.name,
        interval: m.interval ?? "1m",
        count: m.count ?? 5,
        failureLimit: m.failureLimit ?? 1,
        successCondition: m.successCondition,
        provider: { prometheus: { address: m.address, query: m.query } },
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

/** One `from` peer of a NetworkPolicy ingress rule. */
export type Peer = Record<string, unknown>;

/** Default deny for ingress to the Application's pods; each peer may reach its ports. */
export function networkPolicy(spec: ApplicationSpec, peers: readonly Peer[]): KubeObject {
  const ports = spec.ports.map((p) => ({ port: p.port, protocol: p.protocol }));
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: meta(spec),
    spec: {
      podSelector: { matchLabels: selectorOf(spec) },
      policyTypes: ["Ingress"],
      ingress: peers.length > 0 && ports.length > 0 ? [{ from: [...peers], ports }] : [],
    },
  };
}
