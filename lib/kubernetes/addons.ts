import type { Release } from "@cdktf/provider-helm/lib/release";
import { dependable, Lazy, TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { invalidConfig, LandformError, show } from "../core/errors";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import { stackOf, StackInfo } from "../core/stack-info";
import { helmFor } from "./private/helm";
import {
  EXTERNAL_SECRETS_CHART,
  EXTERNAL_SECRETS_NAMESPACE,
  EXTERNAL_SECRETS_VALUES,
} from "./private/addons-external-secrets";
import { dependOn } from "./private/kubernetes";
import type { ICluster } from "../contracts/cluster";
import {
  GATEWAY_CHARTS,
  GATEWAY_NAMESPACES,
  GATEWAY_RELEASE_IDS,
  GATEWAY_VALUES,
  ROLLOUTS_PLUGIN_VALUES,
} from "./private/addons-gateway";
import { PROMETHEUS_CHART, PROMETHEUS_NAMESPACE, PROMETHEUS_VALUES } from "./private/addons-prometheus";
import { RELOADER_CHART, RELOADER_NAMESPACE, reloaderValues } from "./private/addons-reloader";

/** A controller Landform installs with Helm, and whose custom resources workloads then declare. */
export type ControllerName =
  | "argo-rollouts"
  | "flux"
  | "tofu-controller"
  | "envoy-gateway"
  | "cert-manager"
  | "prometheus"
  | "external-secrets"
  | "reloader";

/** A pinned Helm chart. */
export interface ChartPin {
  readonly repository: string;
  readonly chart: string;
  readonly version: string;
  /** The controller release the chart version installs (its appVersion), for the docs. */
  readonly appVersion: string;
}

/**
 * The charts, pinned. Each chart pins its controller images to its appVersion.
 * - Argo Rollouts: argoproj/argo-helm `charts/argo-rollouts/Chart.yaml`, tag `argo-rollouts-2.41.0`
 *   (commit 8796aeaa82428f96c3a20293f75a1a805f99d32b): version 2.41.0, appVersion v1.9.0.
 * - Flux: fluxcd-community/helm-charts `charts/flux2/Chart.yaml`, tag `flux2-2.18.3` (commit
 *   82a385b005eb07cdac34a8cfe8fcbce7539ca0da): version 2.18.3, Flux 2.8.5 (source-controller v1.8.2).
 * - tofu-controller: flux-iac/tofu-controller `charts/tofu-controller/Chart.yaml`, tag v0.16.5
 *   (commit 4cb9876f84af6e2bffc611f946371e5bc5c94ff9): version 0.16.5, appVersion v0.16.5.
 */
export const CHARTS: Readonly<Record<ControllerName, ChartPin>> = {
  "argo-rollouts": {
    repository: "https://argoproj.github.io/argo-helm",
    chart: "argo-rollouts",
    version: "2.41.0",
    appVersion: "v1.9.0",
  },
  flux: {
    repository: "https://fluxcd-community.github.io/helm-charts",
    chart: "flux2",
    version: "2.18.3",
    appVersion: "2.8.5",
  },
  "tofu-controller": {
    repository: "https://flux-iac.github.io/tofu-controller",
    chart: "tofu-controller",
    version: "0.16.5",
    appVersion: "v0.16.5",
  },
  ...GATEWAY_CHARTS,
  ...PROMETHEUS_CHART,
  "external-secrets": EXTERNAL_SECRETS_CHART,
  reloader: RELOADER_CHART,
};

/** The namespace each controller runs in. */
export const CONTROLLER_NAMESPACES: Readonly<Record<ControllerName, string>> = {
  "argo-rollouts": "argo-rollouts",
  flux: "flux-system",
  "tofu-controller": "flux-system",
  ...GATEWAY_NAMESPACES,
  prometheus: PROMETHEUS_NAMESPACE,
  "external-secrets": EXTERNAL_SECRETS_NAMESPACE,
  reloader: RELOADER_NAMESPACE,
};

const CONTROLLERS = Object.keys(CHARTS) as ControllerName[];
const isConstruct = (v: unknown) => Construct.isConstruct(v);
const CLUSTER = Checks.required(Checks.instance(isConstruct, "a cluster", "pass the Cluster to install on"));
const CONTROLLER = Checks.required(Checks.oneOf(CONTROLLERS));

interface InstallArgs {
  readonly cluster: ICluster;
  readonly stack: IConstruct;
  readonly controller: ControllerName;
  readonly values: object;
}
const INSTALL_RULES: PropRules<InstallArgs> = {
  cluster: CLUSTER,
  stack: Checks.required(Checks.instance(isConstruct, "a stack", "pass the stack that installs the controller")),
  controller: CONTROLLER,
  values: Checks.instance(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "an object of Helm values",
    "pass values as an object ({ key: value })",
  ),
};
const EXTERNAL_RULES: PropRules<{ cluster: ICluster; controller: ControllerName; reason: string }> = {
  cluster: CLUSTER,
  controller: CONTROLLER,
  reason: Checks.required(Checks.string({ nonEmpty: true })),
};

/** The arguments of a ClusterAddons call, checked against `rules`; errors name the cluster (or the stack). */
function checkArgs<P extends object>(call: string, args: P, rules: PropRules<P>): void {
  const { cluster, stack } = args as { cluster?: unknown; stack?: unknown };
  const scope = [cluster, stack].find(isConstruct) as IConstruct | undefined;
  if (!scope) {
    const problem = "is not a cluster";
    const fix = "pass the Cluster to install on";
    throw new LandformError({
      code: "invalid-prop",
      prop: "cluster",
      value: cluster,
      problem,
      fix,
      message: `ClusterAddons.${call}: cluster ${show(cluster)} ${problem}; ${fix}.`,
    });
  }
  validateAllProps(scope, args, rules);
}

/** Where a controller is: installed by Landform in a stack, or installed by someone else. */
type Installed = { readonly stack: StackInfo; readonly release: Release } | { readonly external: string };

const INSTALLED = new WeakMap<ICluster, Map<ControllerName, Installed>>();

/** A Landform Cluster, which has an add-ons stack of its own. */
interface WithAddons extends ICluster {
  readonly addons: TerraformStack & StackInfo;
}

function hasAddonsStack(cluster: ICluster): cluster is WithAddons {
  return cluster.resource !== undefined && "addons" in cluster;
}

function installed(cluster: ICluster): Map<ControllerName, Installed> {
  const map = INSTALLED.get(cluster) ?? new Map<ControllerName, Installed>();
  INSTALLED.set(cluster, map);
  return map;
}

/**
 * Installs the cluster's controllers with Helm. A Landform Cluster gets them in its add-ons
 * stack automatically; a cluster made elsewhere gets them in a stack you name, or you declare
 * that someone else installs them.
 */
export class ClusterAddons {
  /**
   * Installs `controller` on `cluster` with Helm in `stack` (not the cluster's own stack). Stacks
   * that declare the controller's custom resources must depend on `stack`.
   */
  static install(cluster: ICluster, stack: IConstruct, controller: ControllerName, values: object = {}): Release {
    checkArgs<InstallArgs>("install", { cluster, stack, controller, values }, INSTALL_RULES);
    const map = installed(cluster);
    const existing = map.get(controller);
    const target = stackOf(stack);
    if (existing && "release" in existing) {
      if (existing.stack !== target) {
        throw invalidConfig(
          cluster,
          `${controller} is already installed on this cluster from stack '${existing.stack.node.path}'`,
          "install each controller once, and make the stacks that use it depend on that stack",
        );
      }
      return existing.release;
    }
    if (existing) {
      throw invalidConfig(
        cluster,
        `${controller} was declared installed outside Landform (${existing.external})`,
        `remove ClusterAddons.external for ${controller}, or do not install it`,
      );
    }
    const helm = helmFor(cluster, target);
    const { Release: HelmRelease } =
      require("@cdktf/provider-helm/lib/release") as typeof import("@cdktf/provider-helm/lib/release");
    const pin = CHARTS[controller];
    // tofu-controller after Flux: its chart and its controller need the Flux source CRDs
    // (GitRepository, OCIRepository) that the flux2 release installs (kubernetes-delivery-review A3).
    const after = ORDER[controller]
      .map((c) => map.get(c))
      .flatMap((w) => (w && "release" in w && w.stack === target ? [w.release] : []));
    const release = new HelmRelease(helm.scope, RELEASE_IDS[controller], {
      provider: helm.provider,
      name: controller,
      namespace: CONTROLLER_NAMESPACES[controller],
      createNamespace: true,
      repository: pin.repository,
      chart: pin.chart,
      version: pin.version,
      // Roll back a failed upgrade instead of leaving a half-installed controller.
      atomic: true,
      cleanupOnFail: true,
      values: [valuesOf(cluster, controller, values)],
      ...(after.length > 0 ? { dependsOn: after } : {}),
    });
    // A controller installed earlier that must come after this one waits for it too.
    for (const [other, deps] of Object.entries(ORDER) as [ControllerName, readonly ControllerName[]][]) {
      const w = map.get(other);
      if (deps.includes(controller) && w && "release" in w && w.stack === target)
        w.release.dependsOn = [...(w.release.dependsOn ?? []), dependable(release)];
    }
    map.set(controller, { stack: target, release });
    return release;
  }

  /** True when `controller` was declared installed outside Landform on `cluster` (`external`). */
  static isExternal(cluster: ICluster, controller: ControllerName): boolean {
    const where = INSTALLED.get(cluster)?.get(controller);
    return where !== undefined && "external" in where;
  }

  /**
   * Declares that `controller` runs on `cluster` already, installed by someone else (`reason` says
   * who): Landform then installs no second copy, and objects that need it are still declared.
   */
  static external(cluster: ICluster, controller: ControllerName, reason: string): void {
    checkArgs("external", { cluster, controller, reason }, EXTERNAL_RULES);
    const map = installed(cluster);
    if (map.has(controller)) {
      throw invalidConfig(
        cluster,
        `${controller} is already installed or declared on this cluster`,
        "declare each controller once",
      );
    }
    map.set(controller, { external: reason });
  }
}

const RELEASE_IDS: Readonly<Record<ControllerName, string>> = {
  "argo-rollouts": "ArgoRollouts",
  flux: "Flux",
  "tofu-controller": "TofuController",
  ...GATEWAY_RELEASE_IDS,
  prometheus: "Prometheus",
  "external-secrets": "ExternalSecrets",
  reloader: "Reloader",
};

/** The controllers each one is installed after, when both are in one stack. */
const ORDER: Readonly<Record<ControllerName, readonly ControllerName[]>> = {
  "argo-rollouts": [],
  flux: [],
  "tofu-controller": ["flux"],
  "envoy-gateway": [],
  "cert-manager": [],
  prometheus: [],
  "external-secrets": [],
  // The chart grants Reloader access to Rollouts only when their CRD exists at install time.
  reloader: ["argo-rollouts"],
};

// Only what each controller needs; the charts' images stay at their pinned appVersion.
const DEFAULT_VALUES: Readonly<Record<ControllerName, object>> = {
  "argo-rollouts": {
    installCRDs: true,
    keepCRDs: true,
    // With the Gateway API traffic-router plugin, so canary weights are set on HTTPRoutes.
    controller: { replicas: 2, ...ROLLOUTS_PLUGIN_VALUES },
    dashboard: { enabled: false },
  },
  // Only source-controller: tofu-controller reads GitRepository artifacts from it.
  flux: {
    installCRDs: true,
    sourceController: { create: true },
    helmController: { create: false },
    kustomizeController: { create: false },
    notificationController: { create: false },
    imageAutomationController: { create: false },
    imageReflectionController: { create: false },
  },
  // flux-iac/tofu-controller v0.16.5 charts/tofu-controller/values.yaml: awsPackage.install (true by
  // default) renders an OCIRepository of AWS primitive modules that Landform never uses, and fails a
  // first install while the Flux CRDs are not there yet (review A3); eventsAddress defaults to the
  // notification-controller, which Landform does not install.
  "tofu-controller": {
    awsPackage: { install: false },
    eventsAddress: "",
  },
  ...GATEWAY_VALUES,
  prometheus: PROMETHEUS_VALUES,
  "external-secrets": EXTERNAL_SECRETS_VALUES,
  reloader: {},
};

/** Values computed from the whole cluster at synth time, under DEFAULT_VALUES and the caller's. */
const CLUSTER_VALUES: Partial<Record<ControllerName, (cluster: ICluster) => object>> = {
  reloader: reloaderValues,
};

/** The release's values: DEFAULT_VALUES, then the caller's; with CLUSTER_VALUES, read at synth time. */
function valuesOf(cluster: ICluster, controller: ControllerName, values: object): string {
  const fromCluster = CLUSTER_VALUES[controller];
  if (!fromCluster) return JSON.stringify({ ...DEFAULT_VALUES[controller], ...values });
  return Lazy.stringValue({
    produce: () => JSON.stringify({ ...fromCluster(cluster), ...DEFAULT_VALUES[controller], ...values }),
  });
}

/**
 * Makes sure `controller` runs on `cluster` before the custom resources declared in `scope`'s
 * stack: on a Landform Cluster it is installed in the add-ons stack (once) and `scope`'s stack
 * depends on it. A clear error when the stack cannot see the controller's CRDs at plan time
 * (hashicorp/terraform-provider-kubernetes#1367): objects in the same stack as the Helm release,
 * or in a stack that does not depend on it.
 */
export function requireController(
  cluster: ICluster,
  scope: IConstruct,
  controller: ControllerName,
  values?: object,
): void {
  const target = stackOf(scope);
  let where = installed(cluster).get(controller);
  if (!where && hasAddonsStack(cluster)) {
    ClusterAddons.install(cluster, cluster.addons, controller, values);
    where = installed(cluster).get(controller);
  }
  if (!where) {
    throw invalidConfig(
      scope,
      `${controller} is not installed on cluster '${cluster.node.path}', which was made elsewhere`,
      `install it with ClusterAddons.install(cluster, addonsStack, "${controller}") and make '${target.node.path}' depend on that stack, or declare it with ClusterAddons.external`,
    );
  }
  if (!("stack" in where)) return;
  if (where.stack === target) {
    throw invalidConfig(
      scope,
      `${controller} custom resources are declared in '${target.node.path}', the stack that installs the controller; their CRDs would not exist at plan time (hashicorp/terraform-provider-kubernetes#1367)`,
      "declare them in a stack that depends on the add-ons stack, such as cluster.workloads",
    );
  }
  if (hasAddonsStack(cluster) && where.stack === (cluster.addons as StackInfo)) {
    dependOn(target, where.stack);
    return;
  }
  if (!dependsOnTransitively(target, where.stack)) {
    throw invalidConfig(
      scope,
      `stack '${target.node.path}' declares ${controller} custom resources but does not depend on '${where.stack.node.path}', which installs the controller`,
      `call ${target.node.id}.addDependency(${where.stack.node.id}) so the CRDs exist before it is planned`,
    );
  }
}

/** True when `stack` depends on `on`, directly or through other stacks. */
export function dependsOnTransitively(stack: StackInfo, on: StackInfo): boolean {
  const seen = new Set<unknown>();
  const visit = (s: TerraformStack): boolean => {
    if ((s as unknown) === on) return true;
    if (seen.has(s)) return false;
    seen.add(s);
    return s.dependencies.some(visit);
  };
  return (stack as unknown as TerraformStack).dependencies.some(visit);
}

/** The construct that holds a cluster's controllers in `stack`. */
export function addonsScope(cluster: ICluster, stack: StackInfo): Construct {
  return helmFor(cluster, stack).scope;
}
