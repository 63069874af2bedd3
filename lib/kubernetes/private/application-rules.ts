import { Construct } from "constructs";
import { SIZE_NAMES } from "../../core/sizes";
import { Check, Checks, PropRules, validateAllProps } from "../../core/validate";
import type { ApplicationMetrics, ApplicationPort, ApplicationProps } from "../application";
import type { AnalysisTemplateProps, PrometheusMetric, PrometheusSigV4 } from "../analysis";
import { Probe, ProbeOptions, Probes } from "../probe";
import { ENV, POD_RULES } from "./pod";
import { BlueGreenOptions, CanaryOptions, CanaryStep, RollingOptions, RolloutStrategy } from "../strategy";
import { Shapes } from "./shapes";

// Jobs are recognised by their kind, not by class: job.ts imports what imports this file.
const isJob = (v: unknown) =>
  Construct.isConstruct(v) && (v.constructor as { landformKind?: string }).landformKind === "Job";

// One rule table per prop object of an Application, applied before anything is declared. Rules
// that span props (weights that rise, a readiness probe for a progressive rollout) stay in
// resolveApplication.

// IsValidPortName: at most 15 characters, a letter somewhere, no "--".
const PORT_NAME = /^(?=.*[a-z])(?!.*--)[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$/;

/** The value's own spec object without its `kind`, validated by the rule table of that kind. */
function byKind<S extends { kind: string }>(
  test: (v: unknown) => boolean,
  what: string,
  fix: string,
  specOf: (v: never) => S,
  rules: { readonly [K in S["kind"]]: PropRules<object> },
): Check {
  const isIt = Checks.instance(test, what, fix);
  return (scope, prop, value) => {
    if (value === undefined) return;
    isIt(scope, prop, value);
    const { kind, ...options } = specOf(value as never);
    validateAllProps(scope, options, rules[kind as S["kind"]], `${prop}.`);
  };
}

const METRIC_RULES: PropRules<PrometheusMetric> = {
  name: Checks.required(Checks.string({ nonEmpty: true })),
  address: Checks.string({ pattern: /^https?:\/\/\S+$/, hint: 'a URL such as "http://prometheus.monitoring:9090"' }),
  query: Checks.required(Checks.string({ nonEmpty: true })),
  successCondition: Checks.required(Checks.string({ nonEmpty: true })),
  failureCondition: Checks.string({ nonEmpty: true }),
  interval: Shapes.duration(),
  count: Checks.number({ integer: true, min: 1, max: 1000 }),
  initialDelay: Shapes.duration(),
  failureLimit: Checks.number({ integer: true, min: 0, max: 1000 }),
  inconclusiveLimit: Checks.number({ integer: true, min: 0, max: 1000 }),
  consecutiveErrorLimit: Checks.number({ integer: true, min: 0, max: 1000 }),
  timeoutSeconds: Checks.number({ integer: true, min: 1, max: 3600 }),
  sigv4: Checks.object<PrometheusSigV4>({
    region: Checks.required(
      Checks.string({ pattern: /^[a-z]{2}(-[a-z]+)+-\d$/, hint: 'an AWS region such as "eu-west-1"' }),
    ),
    roleArn: Checks.string({ pattern: /^arn:aws[-a-z]*:iam::\d{12}:role\/\S+$/, hint: "an IAM role ARN" }),
  }),
};

const ANALYSIS_RULES: PropRules<AnalysisTemplateProps> = {
  name: Checks.required(Shapes.name()),
  metrics: Checks.required(
    Checks.list(Checks.object(METRIC_RULES), { minLength: 1, unique: (m) => (m as PrometheusMetric).name }),
  ),
};
const analysis = () => Checks.object(ANALYSIS_RULES);

type Options<T> = Omit<T, "kind">;
const STEP_RULES = {
  setWeight: { percent: Checks.required(Checks.number({ integer: true, min: 1, max: 100 })) },
  pause: { duration: Shapes.duration() },
  analysis: { analysis: Checks.required(analysis()) },
} satisfies { [K in CanaryStep["step"]["kind"]]: PropRules<Options<Extract<CanaryStep["step"], { kind: K }>>> };

const step = byKind(
  (v) => v instanceof CanaryStep,
  "a canary step",
  "use CanaryStep.setWeight(percent), .pause(duration) or .analysis(template)",
  (v: CanaryStep) => v.step,
  STEP_RULES,
);

const STRATEGY_RULES = {
  rolling: {
    maxSurge: Checks.intOrPercent(),
    maxUnavailable: Checks.intOrPercent(),
  } satisfies PropRules<RollingOptions>,
  canary: {
    steps: Checks.required(Checks.list(step, { minLength: 1 })),
    analysis: analysis(),
    abortScaleDownDelay: Shapes.duration(),
  } satisfies PropRules<CanaryOptions>,
  blueGreen: {
    autoPromote: Checks.boolean(),
    autoPromoteAfter: Shapes.duration(),
    previewReplicas: Checks.number({ integer: true, min: 1, max: 1000 }),
    scaleDownDelay: Shapes.duration(),
    prePromotionAnalysis: analysis(),
    postPromotionAnalysis: analysis(),
  } satisfies PropRules<BlueGreenOptions>,
};

const PROBE_OPTIONS: PropRules<ProbeOptions> = {
  periodSeconds: Checks.number({ integer: true, min: 1, max: 3600 }),
  failureThreshold: Checks.number({ integer: true, min: 1, max: 1000 }),
  initialDelaySeconds: Checks.number({ integer: true, min: 0, max: 3600 }),
  timeoutSeconds: Checks.number({ integer: true, min: 1, max: 3600 }),
};
const probe = byKind(
  (v) => v instanceof Probe,
  "a probe",
  "use Probe.http(path), Probe.tcp() or Probe.exec(command)",
  (v: Probe) => v.spec,
  {
    http: {
      ...PROBE_OPTIONS,
      path: Checks.required(Checks.string({ pattern: /^\/\S*$/, hint: 'a path starting with "/", e.g. "/healthz"' })),
      port: Shapes.port(),
    },
    tcp: { ...PROBE_OPTIONS, port: Shapes.port() },
    exec: {
      ...PROBE_OPTIONS,
      command: Checks.required(Checks.list(Checks.string({ nonEmpty: true }), { minLength: 1 })),
    },
  },
);

const PORT_RULES: PropRules<ApplicationPort> = {
  port: Checks.required(Shapes.port()),
  protocol: Checks.oneOf(["TCP", "UDP"]),
  name: Checks.string({
    pattern: PORT_NAME,
    hint: "up to 15 lowercase letters, digits and dashes, with a letter, no '--', starting and ending with a letter or digit",
  }),
};
const PORT: Check = (scope, prop, value) =>
  typeof value === "number" ? Shapes.port()(scope, prop, value) : Checks.object(PORT_RULES)(scope, prop, value);

/** The name a port gets, as `portOf` gives it. */
export function portName(p: number | ApplicationPort): string {
  const port = typeof p === "number" ? { port: p } : p;
  return port.name ?? `${(port.protocol ?? "TCP").toLowerCase()}-${port.port}`;
}

export const APPLICATION_RULES: PropRules<ApplicationProps> = {
  cluster: Checks.required(
    Checks.instance(
      (v) => Construct.isConstruct(v),
      "a cluster",
      "pass the Cluster (or Cluster.fromAttributes) to run on",
    ),
  ),
  namespace: Checks.required(Shapes.namespace()),
  name: Shapes.name(),
  // Parsed with ImageRef.of, which names what is wrong.
  image: Checks.required(Checks.any()),
  command: Checks.list(Checks.string({ nonEmpty: true }), { minLength: 1 }),
  args: Checks.list(Checks.string()),
  env: ENV,
  ports: Checks.all(
    Checks.list(PORT, { unique: (p) => portName(p as ApplicationPort) }),
    Checks.list(Checks.any(), {
      unique: (p) =>
        typeof p === "number"
          ? `${p}/TCP`
          : `${(p as ApplicationPort).port}/${(p as ApplicationPort).protocol ?? "TCP"}`,
    }),
  ),
  probes: Checks.object<Probes>({ readiness: probe, liveness: probe, startup: probe }),
  size: Checks.oneOf(SIZE_NAMES),
  replicas: Checks.number({ integer: true, min: 1, max: 1000 }),
  maxReplicas: Checks.number({ integer: true, min: 1, max: 1000 }),
  targetCpuPercent: Checks.number({ integer: true, min: 10, max: 100 }),
  strategy: byKind(
    (v) => v instanceof RolloutStrategy,
    "a rollout strategy",
    "use RolloutStrategy.rolling(), .canary({ steps }) or .blueGreen()",
    (v: RolloutStrategy) => v.spec,
    STRATEGY_RULES,
  ),
  identity: Checks.boolean(),
  runAsUser: Checks.number({ integer: true, min: 1, max: 2147483647 }),
  // Each source is checked as it is added (Application.allowFrom).
  allowFrom: Checks.list(Checks.any()),
  // Each destination is checked as it is added (Application.allowTo).
  allowTo: Checks.list(Checks.any()),
  waitForRollout: Checks.boolean(),
  rolloutStatusImage: Checks.any(),
  metrics: Checks.object<ApplicationMetrics>({
    port: Checks.required(Shapes.port()),
    path: Checks.string({ pattern: /^\/\S*$/, hint: 'a path starting with "/", e.g. "/metrics"' }),
  }),
  runAfter: Checks.list(Checks.instance(isJob, "a Job", "pass Jobs declared with new Job(...)"), { unique: (j) => j }),
  ...POD_RULES,
};
