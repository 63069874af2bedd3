import { Testing } from "cdktf";
import {
  Application,
  CanaryStep,
  Cloud,
  ClusterAddons,
  EnvValue,
  GitCredentials,
  GitOpsAgent,
  LandformError,
  Probe,
  RolloutStrategy,
} from "../../lib";
import { ModuleStack } from "../../lib/modules";
import { CLOUDS } from "../helpers";
import { DIGEST_IMAGE, withCluster } from "../kubernetes/fixtures";

// The exact messages of the Kubernetes and module constructs for bad input, one row each; the
// generated walk (walk-props.test.ts) checks that every prop has one.

type Ctx = ReturnType<typeof withCluster>;
const app = (extra: Record<string, unknown>) => (c: Ctx) =>
  new Application(c.cluster.workloads, "orders", {
    cluster: c.cluster,
    namespace: "apps",
    image: DIGEST_IMAGE,
    ...extra,
  } as never);
const agent = (extra: Record<string, unknown>) => (c: Ctx) =>
  new GitOpsAgent(GitOpsAgent.stackFor(c.cluster), "agent", {
    cluster: c.cluster,
    url: "ssh://git@github.com/acme/platform.git",
    credentials: GitCredentials.none(),
    ...extra,
  } as never);
const ready = { ports: [8080], probes: { readiness: Probe.http("/healthz") } };

/** [what, build, prop, message after "Kind 'path': "]; `<cloud>` is the stack's cloud. */
const CASES: [string, (c: Ctx) => unknown, string, string][] = [
  [
    "an Application name that is a number",
    app({ name: 42 }),
    "name",
    "name 42 is not a string; pass name as a string, not a number.",
  ],
  [
    "an Application without a namespace",
    app({ namespace: undefined }),
    "namespace",
    "namespace is missing; set namespace.",
  ],
  [
    "null taken for left out",
    app({ replicas: null }),
    "replicas",
    "replicas null is not a number; pass replicas as a number, or leave replicas out for its default.",
  ],
  [
    "a typo of a prop",
    app({ replica: 2 }),
    "replica",
    "replica 2 is not a known prop; use one of cluster, namespace, name, image, command, args, env, ports, probes, size, replicas, maxReplicas, targetCpuPercent, strategy, identity, runAsUser, allowFrom, allowTo, waitForRollout, rolloutStatusImage, metrics, runAfter, automountServiceAccountToken, podAnnotations, podLabels, nodePool, nodeSelector, initContainers, sidecars, configFiles.",
  ],
  [
    "maxUnavailable: lots",
    app({ strategy: RolloutStrategy.rolling({ maxUnavailable: "lots" }) }),
    "strategy.maxUnavailable",
    'strategy.maxUnavailable "lots" is not a count or a percentage; use a whole number from 0 to 2147483647, or a percentage from "0%" to "100%" such as "25%".',
  ],
  [
    "maxSurge and maxUnavailable both 0",
    app({ strategy: RolloutStrategy.rolling({ maxSurge: 0 }) }),
    "strategy.maxUnavailable",
    "strategy.maxUnavailable 0 is 0 and so is maxSurge, so an update could never replace a pod; let maxSurge or maxUnavailable be more than 0.",
  ],
  [
    "a probe port of 70000",
    app({ ports: [80], probes: { readiness: Probe.tcp({ port: 70000 }) } }),
    "probes.readiness.port",
    "probes.readiness.port 70000 is out of range; use a number from 1 to 65535.",
  ],
  [
    "two ports of one name",
    app({
      ports: [
        { port: 80, name: "http" },
        { port: 81, name: "http" },
      ],
    }),
    "ports[1]",
    'ports[1] "http" repeats ports[0]; give each entry its own value.',
  ],
  [
    "one port twice",
    app({ ports: [80, { port: 80, name: "web" }] }),
    "ports[1]",
    'ports[1] "80/TCP" repeats ports[0]; give each entry its own value.',
  ],
  [
    "a port name without a letter",
    app({ ports: [{ port: 80, name: "80" }] }),
    "ports[0].name",
    "ports[0].name \"80\" is not valid; use up to 15 lowercase letters, digits and dashes, with a letter, no '--', starting and ending with a letter or digit.",
  ],
  [
    "an empty secret name",
    app({ env: { PASSWORD: EnvValue.fromSecret("", "password") } }),
    "env.PASSWORD.secret.name",
    "env.PASSWORD.secret.name \"\" is not valid; use up to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.",
  ],
  [
    "a canary pause that is no duration",
    app({
      ...ready,
      strategy: RolloutStrategy.canary({ steps: [CanaryStep.pause("soon"), CanaryStep.setWeight(100)] }),
    }),
    "strategy.steps[0].duration",
    'strategy.steps[0].duration "soon" is not valid; use a whole number of seconds, minutes or hours, e.g. "30s", "5m" or "1h".',
  ],
  [
    "a metric without a query",
    app({
      ...ready,
      strategy: RolloutStrategy.canary({
        steps: [CanaryStep.setWeight(100)],
        analysis: { name: "rate", metrics: [{ name: "rate", successCondition: "true" }] },
      } as never),
    }),
    "strategy.analysis.metrics[0].query",
    "strategy.analysis.metrics[0].query is missing; set strategy.analysis.metrics[0].query.",
  ],
  [
    "maxReplicas below replicas",
    app({ replicas: 4, maxReplicas: 2 }),
    "maxReplicas",
    "maxReplicas 2 is below replicas (4); set maxReplicas to 4 or more (equal turns the autoscaler off).",
  ],
  [
    "an empty deploy-key secret name",
    agent({ credentials: GitCredentials.deployKey("") }),
    "credentials.secretName",
    "credentials.secretName \"\" is not valid; use up to 253 lowercase letters, digits, '-' and '.', starting and ending with a letter or digit.",
  ],
  [
    "a branch with ..",
    agent({ branch: "release/../main" }),
    "branch",
    'branch "release/../main" is not valid; use a Git branch name, e.g. "main".',
  ],
  [
    "autoApprove: 'false'",
    agent({ autoApprove: "false" }),
    "autoApprove",
    'autoApprove "false" is not a boolean; use true or false, not a string.',
  ],
];

describe.each(CLOUDS)("on %s", (cloud: Cloud) => {
  test.each(CASES)("%s", (_, build, prop, message) => {
    const c = withCluster(cloud);
    let error: unknown;
    try {
      build(c);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LandformError);
    const e = error as LandformError;
    expect(e.prop).toBe(prop);
    expect(e.message).toBe(`${e.kind} '${e.constructPath}': ${message}`);
    expect(e.constructPath).toMatch(new RegExp(`^${cloud}-test-(workloads/orders|agent/agent)$`));
  });

  test("two Applications of one name in one namespace on one cluster", () => {
    const c = withCluster(cloud);
    app({})(c);
    expect(
      () =>
        new Application(c.cluster.workloads, "orders2", {
          cluster: c.cluster,
          namespace: "apps",
          image: DIGEST_IMAGE,
          name: "orders",
        }),
    ).toThrow(
      `Application '${cloud}-test-workloads/orders2': name "orders" makes its workload "orders" in namespace "apps", which Application '${cloud}-test-workloads/orders' already declares on cluster '${cloud}-test/cluster'; give each Application on a cluster its own name, or another namespace.`,
    );
    // Another namespace is another object.
    expect(
      () =>
        new Application(c.cluster.workloads, "orders3", {
          cluster: c.cluster,
          namespace: "other",
          image: DIGEST_IMAGE,
          name: "orders",
        }),
    ).not.toThrow();
  });

  test("a canary's Service named like another Application", () => {
    const c = withCluster(cloud);
    app({ ...ready, strategy: RolloutStrategy.canary({ steps: [CanaryStep.setWeight(100)] }) })(c);
    expect(
      () =>
        new Application(c.cluster.workloads, "orders-canary", {
          cluster: c.cluster,
          namespace: "apps",
          image: DIGEST_IMAGE,
          ports: [80],
        }),
    ).toThrow(
      `Application '${cloud}-test-workloads/orders-canary': name "orders-canary" makes the Service "orders-canary" in namespace "apps", which Application '${cloud}-test-workloads/orders' already declares`,
    );
  });

  test("two agents on one cluster", () => {
    const c = withCluster(cloud);
    agent({})(c);
    expect(
      () =>
        new GitOpsAgent(GitOpsAgent.stackFor(c.cluster), "agent2", {
          cluster: c.cluster,
          url: "ssh://git@github.com/acme/platform.git",
          credentials: GitCredentials.none(),
        }),
    ).toThrow(
      `GitOpsAgent '${cloud}-test-agent/agent2': cluster "${cloud}-test/cluster" already has GitOpsAgent '${cloud}-test-agent/agent', and two agents would apply the same stacks; declare one GitOpsAgent per cluster.`,
    );
  });

  test("namespace label keys Kubernetes refuses, and one namespace twice", () => {
    const c = withCluster(cloud);
    expect(() => c.cluster.addNamespace(c.cluster.workloads, "bad", { name: "bad", labels: { "-team": "x" } })).toThrow(
      `Cluster '${cloud}-test/cluster': addNamespace labels.-team "-team" is not a valid key; use a name of up to 63 letters, digits, '-', '_' and '.', with an optional DNS prefix and "/" (e.g. "team" or "acme.com/team").`,
    );
    expect(() =>
      c.cluster.addNamespace(c.cluster.workloads, "ok", { name: "ok", labels: { "acme.com/team": "orders" } }),
    ).not.toThrow();
    expect(() => c.cluster.addNamespace(c.cluster.workloads, "again", { name: "apps" })).toThrow(
      `Cluster '${cloud}-test/cluster': addNamespace name "apps" is declared already by '${cloud}-test-workloads/apps'; declare each namespace once, and pass that namespace to what runs in it.`,
    );
  });

  test("ClusterAddons: a controller that does not exist, and external without a reason", () => {
    const c = withCluster(cloud);
    expect(() => ClusterAddons.install(c.cluster, c.cluster.addons, "istio" as never)).toThrow(
      `Cluster '${cloud}-test/cluster': controller "istio" is not supported; use one of "argo-rollouts", "flux", "tofu-controller", "envoy-gateway", "cert-manager", "prometheus", "external-secrets", "reloader".`,
    );
    expect(() => ClusterAddons.external(null as never, "flux", "ops")).toThrow(
      "ClusterAddons.external: cluster null is not a cluster; pass the Cluster to install on.",
    );
  });

  test("factories refuse null options", () => {
    expect(() => Probe.http("/", null as never)).toThrow(
      "Probe.http options null is null, not an object; pass options as an object ({ ... }), or leave them out.",
    );
    expect(() => RolloutStrategy.rolling(null as never)).toThrow("RolloutStrategy.rolling options null");
  });
});

describe("ModuleStack", () => {
  const stack = () =>
    new ModuleStack(Testing.app(), "mod", { cloud: "aws", description: "A module.", environment: "dev" });

  test.each([
    [
      "2fast",
      "ModuleStack 'mod': input \"2fast\" is not a Terraform name; start with a letter or underscore, then letters, digits, underscores and dashes.",
    ],
    [
      "count",
      "ModuleStack 'mod': input \"count\" is reserved by Terraform's module block; use another name than source, version, providers, count, for_each, lifecycle, depends_on, locals.",
    ],
    [
      "name",
      "ModuleStack 'mod': input \"name\" is taken by 'mod/name' (every module has a name input); give each input its own name.",
    ],
  ])("input %s", (id, message) => {
    expect(() => stack().input(id, { type: "string", description: "An input.", default: "x" })).toThrow(message);
  });

  test("null default and a repeated validation", () => {
    expect(() => stack().input("size", { type: "number", description: "A size.", default: null })).toThrow(
      "ModuleStack 'mod': input size.default null is not a value; leave input size.default out for its default, or set it.",
    );
    const rule = { condition: "${var.size > 0}", errorMessage: "Positive." };
    expect(() =>
      stack().input("size", { type: "number", description: "A size.", default: 1, validation: [rule, rule] }),
    ).toThrow(
      "ModuleStack 'mod': input size.validation[1] \"${var.size > 0}\" repeats input size.validation[0]; give each entry its own value.",
    );
  });
});
