import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidConfig, invalidProp, LandformError } from "../../core/errors";
import { isSizeName, SIZE_NAMES } from "../../core/sizes";
import { ImageRef } from "../image-ref";
import type { ApplicationProps } from "../application";
import { AnalysisTemplateProps } from "../analysis";
import { EnvValue, Probe, Probes } from "../probe";
import { POD_SIZES, PodResources } from "../sizes";
import { RolloutStrategy, StrategySpec } from "../strategy";

export const K8S_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DURATION = /^[1-9][0-9]*(s|m|h)$/;
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
}

/** Defaults and portable rules, in one place. */
export function resolveApplication(
  scope: IConstruct,
  props: ApplicationProps,
  namespace: string,
  production: boolean,
): ApplicationSpec {
  const name = props.name ?? scope.node.id;
  if (!K8S_NAME.test(name)) throw invalidProp(scope, "name", name, "is not a Kubernetes name", NAME_FIX);
  if (!Token.isUnresolved(namespace) && !K8S_NAME.test(namespace)) {
    throw invalidProp(scope, "namespace", namespace, "is not a Kubernetes name", NAME_FIX);
  }
  const image = imageOf(scope, props.image);
  const ports = (props.ports ?? []).map((p, i) => portOf(scope, `ports[${i}]`, p));
  const size = props.size ?? "small";
  if (!isSizeName(size)) {
    throw invalidProp(scope, "size", size, "is not a portable size", `use one of ${SIZE_NAMES.join(", ")}`);
  }
  const replicas = props.replicas ?? (production ? 3 : 2);
  wholeNumber(scope, "replicas", replicas, 1, 1000);
  const maxReplicas = props.maxReplicas ?? replicas * 3;
  wholeNumber(scope, "maxReplicas", maxReplicas, replicas, 1000);
  const targetCpuPercent = props.targetCpuPercent ?? 70;
  wholeNumber(scope, "targetCpuPercent", targetCpuPercent, 10, 100);
  const runAsUser = props.runAsUser ?? 65532;
  wholeNumber(scope, "runAsUser", runAsUser, 1, 2147483647);
  const strategyValue = props.strategy ?? RolloutStrategy.rolling();
  if (!(strategyValue instanceof RolloutStrategy)) {
    throw invalidProp(
      scope,
      "strategy",
      strategyValue,
      "is not a rollout strategy",
      "use RolloutStrategy.rolling(), .canary({ steps }) or .blueGreen()",
    );
  }
  const probes = props.probes ?? {};
  for (const [key, probe] of Object.entries(probes)) {
    if (probe !== undefined && !(probe instanceof Probe))
      throw invalidProp(
        scope,
        `probes.${key}`,
        probe,
        "is not a probe",
        "use Probe.http(path), Probe.tcp() or Probe.exec(command)",
      );
    if (probe && probe.spec.kind !== "exec" && probe.spec.port === undefined && ports.length === 0)
      throw invalidProp(
        scope,
        `probes.${key}`,
        probe.spec,
        "has no port and the application has none",
        "give the probe a port, or the application ports",
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
  const env = Object.entries(props.env ?? {}).map(([key, value]) => {
    if (!ENV_NAME.test(key))
      throw invalidProp(
        scope,
        `env.${key}`,
        key,
        "is not an environment variable name",
        "use letters, digits, '_', '-' and '.', not starting with a digit",
      );
    if (typeof value === "string") return [key, EnvValue.value(value)] as const;
    if (value instanceof EnvValue) return [key, value] as const;
    throw invalidProp(
      scope,
      `env.${key}`,
      value,
      "is neither a string nor an EnvValue",
      "use a string or EnvValue.fromSecret(secretName, key)",
    );
  });
  for (const prop of ["command", "args"] as const) {
    const list = props[prop];
    if (list !== undefined && !(Array.isArray(list) && list.every((s) => typeof s === "string")))
      throw invalidProp(scope, prop, list, "is not a list of strings", `pass ${prop} as ["..."]`);
  }
  return {
    name,
    namespace,
    image,
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

function portOf(
  scope: IConstruct,
  prop: string,
  p: ApplicationProps["ports"] extends (infer T)[] | undefined ? T : never,
): PortSpec {
  const port = typeof p === "number" ? { port: p } : p;
  wholeNumber(scope, `${prop}.port`, port?.port, 1, 65535);
  const protocol = port.protocol ?? "TCP";
  if (protocol !== "TCP" && protocol !== "UDP")
    throw invalidProp(scope, `${prop}.protocol`, protocol, "is not a protocol", 'use "TCP" or "UDP"');
  const name = port.name ?? (protocol === "TCP" ? `tcp-${port.port}` : `udp-${port.port}`);
  if (!/^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/.test(name))
    throw invalidProp(
      scope,
      `${prop}.name`,
      name,
      "is not a port name",
      "use up to 15 lowercase letters, digits and dashes",
    );
  return { name, port: port.port, protocol };
}

function wholeNumber(scope: IConstruct, prop: string, value: unknown, min: number, max: number): void {
  if (!(typeof value === "number" && Number.isInteger(value) && value >= min && value <= max)) {
    throw invalidProp(
      scope,
      prop,
      value,
      `is not a whole number from ${min} to ${max}`,
      `set ${prop} between ${min} and ${max}`,
    );
  }
}

function duration(scope: IConstruct, prop: string, value: unknown): void {
  if (value !== undefined && !(typeof value === "string" && DURATION.test(value))) {
    throw invalidProp(
      scope,
      prop,
      value,
      "is not a duration",
      'use a whole number of seconds, minutes or hours, e.g. "30s", "5m" or "1h"',
    );
  }
}

/** Checks canary steps and blue-green options; returns the analyses the strategy runs. */
function checkStrategy(scope: IConstruct, s: StrategySpec, ports: number): AnalysisTemplateProps[] {
  const analyses: AnalysisTemplateProps[] = [];
  if (s.kind === "rolling") return analyses;
  if (s.kind === "blueGreen") {
    if (ports === 0)
      throw invalidConfig(
        scope,
        "a blue-green rollout switches Services, and the application has no ports",
        "give the application ports",
        "ports",
      );
    if (s.autoPromote !== undefined && typeof s.autoPromote !== "boolean")
      throw invalidProp(scope, "strategy.autoPromote", s.autoPromote, "is not a boolean", "use true or false");
    if (s.previewReplicas !== undefined) wholeNumber(scope, "strategy.previewReplicas", s.previewReplicas, 1, 1000);
    duration(scope, "strategy.scaleDownDelay", s.scaleDownDelay);
    for (const a of [s.prePromotionAnalysis, s.postPromotionAnalysis]) if (a) analyses.push(a);
  } else {
    if (!Array.isArray(s.steps) || s.steps.length === 0)
      throw invalidProp(
        scope,
        "strategy.steps",
        s.steps,
        "is empty",
        'give steps such as [CanaryStep.setWeight(20), CanaryStep.pause("5m"), CanaryStep.setWeight(100)]',
      );
    let weight = 0;
    s.steps.forEach((step, i) => {
      const spec = step?.step;
      const prop = `strategy.steps[${i}]`;
      if (spec?.kind === "setWeight") {
        const p = spec.percent;
        if (!(typeof p === "number" && Number.isInteger(p) && p >= 1 && p <= 100))
          throw invalidProp(
            scope,
            `${prop}.setWeight`,
            p,
            "is not a percentage from 1 to 100",
            "use a whole number of percent; the last weight is 100",
          );
        if (p <= weight)
          throw invalidProp(
            scope,
            `${prop}.setWeight`,
            p,
            `does not rise above the previous weight ${weight}`,
            "make each weight larger than the one before, ending at 100",
          );
        weight = p;
      } else if (spec?.kind === "pause") duration(scope, `${prop}.pause`, spec.duration);
      else if (spec?.kind === "analysis") analyses.push(spec.analysis);
      else
        throw invalidProp(scope, prop, step, "is not a canary step", "use CanaryStep.setWeight, .pause or .analysis");
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
  const names = new Set<string>();
  for (const a of analyses) {
    if (!a || !K8S_NAME.test(a.name) || !Array.isArray(a.metrics) || a.metrics.length === 0)
      throw invalidProp(
        scope,
        "strategy analysis",
        a,
        "needs a Kubernetes name and at least one metric",
        "give { name, metrics: [{ name, address, query, successCondition }] }",
      );
    for (const m of a.metrics) {
      for (const key of ["name", "address", "query", "successCondition"] as const)
        if (typeof m?.[key] !== "string" || m[key] === "")
          throw invalidProp(
            scope,
            `analysis ${a.name} metric ${key}`,
            m?.[key],
            "is missing",
            `set ${key} on every metric`,
          );
      duration(scope, `analysis ${a.name} interval`, m.interval);
    }
    if (names.has(a.name) && !analyses.filter((x) => x.name === a.name).every((x) => x === a))
      throw invalidProp(
        scope,
        "strategy analysis name",
        a.name,
        "is used by two different analyses",
        "give each analysis its own name",
      );
    names.add(a.name);
  }
  return analyses;
}
