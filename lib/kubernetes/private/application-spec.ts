import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidConfig, invalidProp, LandformError } from "../../core/errors";
import { validateAllProps } from "../../core/validate";
import { ImageRef } from "../image-ref";
import type { ApplicationPort, ApplicationProps } from "../application";
import { AnalysisTemplateProps } from "../analysis";
import { EnvValue, Probe, Probes } from "../probe";
import { envOf, imageOf as podImageOf, PodSpec, resolvePod } from "./pod";
import { ROLLOUT_STATUS_IMAGE, ROLLOUT_STATUS_IMAGE_REASON } from "./rollout-status-image";
import { POD_SIZES, PodResources } from "../sizes";
import { RolloutStrategy, StrategySpec } from "../strategy";
import { APPLICATION_RULES, portName } from "./application-rules";
import { namespaceName } from "./kubernetes";
import { checkNamespaceCluster } from "../namespace";

import { K8S_NAME } from "./shapes";

// Defined in shapes.ts (the rule tables need it before this file loads); importers keep this path.
export { K8S_NAME };
const NAME_FIX = "use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit";

export interface PortSpec {
  readonly name: string;
  readonly port: number;
  readonly protocol: "TCP" | "UDP";
}

/** An Application's props after defaults and validation. */
export interface ApplicationSpec {
  readonly name: string;
  readonly namespace: string;
  readonly image: ImageRef;
  /** The Argo Rollouts kubectl plugin image of the release's status Job (rollout-health.ts). */
  readonly rolloutStatusImage: ImageRef;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: ReadonlyArray<readonly [string, EnvValue]>;
  readonly ports: readonly PortSpec[];
  readonly probes: Probes;
  readonly resources: PodResources;
  readonly replicas: number;
  /** Undefined when the replica count is fixed (no HPA). */
  readonly autoscaling?: { readonly maxReplicas: number; readonly targetCpuPercent: number };
  readonly strategy: StrategySpec;
  readonly runAsUser: number;
  readonly analyses: readonly AnalysisTemplateProps[];
  /** Where the in-cluster Prometheus scrapes the pods. */
  readonly metrics?: { readonly port: number; readonly path: string };
  /** Pod metadata, scheduling, extra containers and configuration files. */
  readonly pod: PodSpec;
}

/** Defaults and portable rules, in one place. */
export function resolveApplication(scope: IConstruct, props: ApplicationProps, production: boolean): ApplicationSpec {
  validateAllProps<ApplicationProps>(scope, props, APPLICATION_RULES);
  const given = props.namespace;
  const namespace = typeof given === "string" ? given : (namespaceName(given) ?? given.metadata?.name);
  checkNamespaceCluster(scope, given, props.cluster, "the Application's");
  const name = props.name ?? scope.node.id;
  if (!K8S_NAME.test(name)) throw invalidProp(scope, "name", name, "is not a Kubernetes name", NAME_FIX);
  if (!Token.isUnresolved(namespace) && !(typeof namespace === "string" && K8S_NAME.test(namespace))) {
    throw invalidProp(scope, "namespace", namespace, "is not a Kubernetes name", NAME_FIX);
  }
  const image = imageOf(scope, props.image);
  const ports = (props.ports ?? []).map(portOf);
  const size = props.size ?? "small";
  const replicas = props.replicas ?? (production ? 3 : 2);
  const maxReplicas = props.maxReplicas ?? replicas * 3;
  if (maxReplicas < replicas) {
    throw invalidProp(
      scope,
      "maxReplicas",
      maxReplicas,
      `is below replicas (${replicas})`,
      `set maxReplicas to ${replicas} or more (equal turns the autoscaler off)`,
    );
  }
  const targetCpuPercent = props.targetCpuPercent ?? 70;
  const runAsUser = props.runAsUser ?? 65532;
  const strategyValue = props.strategy ?? RolloutStrategy.rolling();
  const probes = props.probes ?? {};
  for (const [key, probe] of Object.entries(probes) as [string, Probe | undefined][]) {
    if (probe && probe.spec.kind !== "exec" && probe.spec.port === undefined && ports.length === 0)
      throw invalidProp(
        scope,
        `probes.${key}`,
        probe.spec,
        "has no port and the application has none",
        "give the probe a port, or the application ports",
      );
    // A probe defaults to the first TCP port: a UDP port never answers a GET or a TCP connect.
    if (
      probe &&
      probe.spec.kind !== "exec" &&
      probe.spec.port === undefined &&
      !ports.some((p) => p.protocol === "TCP")
    )
      throw invalidProp(
        scope,
        `probes.${key}`,
        probe.spec,
        "has no port and the application's ports are all UDP, which an HTTP or TCP probe cannot check",
        "give the probe the port of a TCP listener, or use Probe.exec",
      );
  }
  const strategy = strategyValue.spec;
  if (strategyValue.progressive && probes.readiness === undefined) {
    throw invalidConfig(
      scope,
      `a ${strategy.kind} rollout has no readiness probe, so a broken release would count as healthy and be promoted`,
      'set probes.readiness, e.g. Probe.http("/healthz")',
      "probes.readiness",
    );
  }
  const analyses = checkStrategy(scope, strategy, ports.length);
  const env = envOf(props.env);
  const pod = resolvePod(scope, props, props.cluster);
  return {
    name,
    namespace,
    image,
    rolloutStatusImage:
      props.rolloutStatusImage === undefined
        ? ImageRef.unpinned(ROLLOUT_STATUS_IMAGE, ROLLOUT_STATUS_IMAGE_REASON)
        : podImageOf(scope, "rolloutStatusImage", props.rolloutStatusImage),
    command: props.command,
    args: props.args,
    env,
    ports,
    probes,
    resources: POD_SIZES[size],
    replicas,
    autoscaling: maxReplicas > replicas ? { maxReplicas, targetCpuPercent } : undefined,
    strategy,
    runAsUser,
    analyses,
    metrics: props.metrics ? { port: props.metrics.port, path: props.metrics.path ?? "/metrics" } : undefined,
    pod,
  };
}

function imageOf(scope: IConstruct, value: unknown): ImageRef {
  if (ImageRef.isImageRef(value)) return value;
  try {
    return ImageRef.of(value as string);
  } catch (e) {
    if (!LandformError.isLandformError(e)) throw e;
    throw invalidProp(scope, "image", value, e.problem, e.fix ?? "pin the image");
  }
}

function portOf(p: number | ApplicationPort): PortSpec {
  const port = typeof p === "number" ? { port: p } : p;
  return { name: portName(p), port: port.port, protocol: port.protocol ?? "TCP" };
}

/** Checks what spans a strategy's options (the shapes are APPLICATION_RULES'); returns the analyses it runs. */
function checkStrategy(scope: IConstruct, s: StrategySpec, ports: number): AnalysisTemplateProps[] {
  const analyses: AnalysisTemplateProps[] = [];
  if (s.kind === "rolling") {
    const surge = s.maxSurge ?? "25%";
    const unavailable = s.maxUnavailable ?? 0;
    if ((surge === 0 || surge === "0%") && (unavailable === 0 || unavailable === "0%"))
      throw invalidProp(
        scope,
        "strategy.maxUnavailable",
        unavailable,
        "is 0 and so is maxSurge, so an update could never replace a pod",
        "let maxSurge or maxUnavailable be more than 0",
      );
    return analyses;
  }
  if (s.kind === "blueGreen") {
    if (ports === 0)
      throw invalidConfig(
        scope,
        "a blue-green rollout switches Services, and the application has no ports",
        "give the application ports",
        "ports",
      );
    for (const a of [s.prePromotionAnalysis, s.postPromotionAnalysis]) if (a) analyses.push(a);
  } else {
    let weight = 0;
    s.steps.forEach(({ step }, i) => {
      if (step.kind === "setWeight") {
        if (step.percent <= weight)
          throw invalidProp(
            scope,
            `strategy.steps[${i}].setWeight`,
            step.percent,
            `does not rise above the previous weight ${weight}`,
            "make each weight larger than the one before, ending at 100",
          );
        weight = step.percent;
      } else if (step.kind === "analysis") analyses.push(step.analysis);
    });
    if (weight !== 100)
      throw invalidProp(
        scope,
        "strategy.steps",
        weight,
        "is the last weight, and canary weights must rise to 100",
        "end the steps with CanaryStep.setWeight(100)",
      );
    if (s.analysis) analyses.push(s.analysis);
  }
  const byName = new Map<string, AnalysisTemplateProps>();
  for (const a of analyses) {
    const first = byName.get(a.name);
    if (first && first !== a)
      throw invalidProp(
        scope,
        "strategy analysis name",
        a.name,
        "is used by two different analyses",
        "give each analysis its own name, or pass the same object",
      );
    byName.set(a.name, a);
  }
  return analyses;
}
