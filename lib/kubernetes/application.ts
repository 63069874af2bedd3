import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { ITerraformDependable, Lazy } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { ClusterServiceAccount, IClusterServiceAccount } from "../cluster-service-account";
import { cidrProblem } from "../core/cidr";
import { Connectable, Connections, isConnectable } from "../core/connections";
import { invalidProp, unsupportedOnCloud } from "../core/errors";
import { SizeName } from "../core/sizes";
import { stackOf } from "../core/stack-info";
import { Policy } from "../policy/policy";
import { connectionFor } from "./private/kubernetes";
import { claimObjects, claimWorkload } from "./private/claims";
import type { ICluster } from "../contracts/cluster";
import type { Identity } from "../contracts/identity";
import { requireController } from "./addons";
import { ImageRef } from "./image-ref";
import { ApplicationSpec, K8S_NAME, resolveApplication } from "./private/application-spec";
import {
  analysisTemplate,
  autoscaler,
  disruptionBudget,
  EgressRule,
  KubeObject,
  networkPolicy,
  Peer,
  selectorOf,
  service,
  serviceNames,
  workload,
} from "./private/objects";
import { ExposeOptions, exposeApplication, trafficOf } from "./expose";
import { ApplicationDestination, baseEgress, egressRuleFor } from "./private/traffic";
import {
  checkStrategyChange,
  healthWait,
  ROLLOUT_STATUS_WAIT,
  rolloutStatusName,
  rolloutStatusObjects,
} from "./private/rollout-health";
import { EnvValue, Probes } from "./probe";
import { RolloutStrategy } from "./strategy";
import type { PodOptions } from "./pod-options";
import type { Job } from "./job";
import { databaseSecretObjects, reloadOnDatabaseSecrets } from "./private/database-secrets";

/** A port the Application listens on; its Service exposes the same port. */
export interface ApplicationPort {
  readonly port: number;
  /** @default "TCP" */
  readonly protocol?: "TCP" | "UDP";
  /** @default - "tcp-<port>" or "udp-<port>" */
  readonly name?: string;
}

/** Who may open connections to an Application: another Application, a namespace, or an IPv4 CIDR. */
export type ApplicationSource = Application | { readonly namespace: string } | string;

/** Where an Application may open connections to, once egress is restricted (see `Application.allowTo`). */
export type { ApplicationDestination } from "./private/traffic";

export interface ApplicationProps extends PodOptions {
  /** The cluster to run on: a Landform Cluster or one from `Cluster.fromAttributes`. */
  readonly cluster: ICluster;
  /** The namespace, by name or as the namespace resource (which also orders creation after it). */
  readonly namespace: string | NamespaceV1;
  /** The Kubernetes name of every object. @default - the construct id */
  readonly name?: string;
  /** The image, pinned by digest or full commit SHA (a string is parsed with `ImageRef.of`). */
  readonly image: ImageRef | string;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's cmd */
  readonly args?: string[];
  /**
   * Environment variables: plain strings, `EnvValue.fromDatabase(database, field)`,
   * `EnvValue.fromConfigMap(config, key)` or `EnvValue.fromSecret(secret, key)`. @default - none
   */
  readonly env?: Record<string, string | EnvValue>;
  /** @default - none: no Service, and no ingress allowed */
  readonly ports?: (number | ApplicationPort)[];
  /** Readiness is required for canary and blue-green. @default - none */
  readonly probes?: Probes;
  /** Requests and limits per pod, from the portable pod size table. @default "small" */
  readonly size?: SizeName;
  /** Pods to run (the HPA's minimum when it can scale). @default - 3 in production, else 2 */
  readonly replicas?: number;
  /** The most pods the HPA may scale to on CPU; equal to replicas turns the HPA off. @default - 3 x replicas */
  readonly maxReplicas?: number;
  /** Average CPU use, in percent of the request, the HPA aims for. @default 70 */
  readonly targetCpuPercent?: number;
  /** How new releases replace old ones. @default RolloutStrategy.rolling() */
  readonly strategy?: RolloutStrategy;
  /** Give the pods a cloud identity of their own (IRSA / GKE workload identity). @default true */
  readonly identity?: boolean;
  /** The user and group id the container runs as (never 0). @default 65532 */
  readonly runAsUser?: number;
  /** Who may connect, besides nobody. @default - none */
  readonly allowFrom?: ApplicationSource[];
  /**
   * Restrict egress to cluster DNS and these destinations (see `allowTo`). @default - egress is
   * open, unless `allowTo` is called
   */
  readonly allowTo?: ApplicationDestination[];
  /**
   * Terraform waits, on every apply, until the workload is healthy: a Deployment's rollout is
   * complete; a Rollout's release is judged by a Job running `kubectl argo rollouts status` (it
   * waits until Argo has observed the new spec and it is Healthy, including any step that waits
   * for a person, and fails on Degraded). A failed release fails the apply. @default true
   */
  readonly waitForRollout?: boolean;
  /**
   * The Argo Rollouts kubectl plugin image that the release's status Job runs (canary and
   * blue-green, with `waitForRollout`), pinned by digest or commit SHA like `image`, e.g. a mirror
   * of `quay.io/argoproj/kubectl-argo-rollouts` pinned by its digest.
   * @default - `quay.io/argoproj/kubectl-argo-rollouts:v1.9.0` (the installed controller's release), by tag, with a `kubernetes-images-pinned` suppression saying so
   */
  readonly rolloutStatusImage?: string | ImageRef;
  /**
   * Where the pods serve Prometheus metrics. The cluster's Prometheus (installed by the add-ons
   * stack) scrapes them, and the NetworkPolicy lets only it reach that port. Analyses query it by
   * default. @default - not scraped
   */
  readonly metrics?: ApplicationMetrics;
  /**
   * Jobs that must have succeeded before the workload changes, such as a database migration: each
   * apply runs a changed Job, waits for it, then rolls the workload out. @default - none
   */
  readonly runAfter?: Job[];
}

/** Where an Application serves Prometheus metrics. */
export interface ApplicationMetrics {
  /** The container port. */
  readonly port: number;
  /** @default "/metrics" */
  readonly path?: string;
}

/**
 * One workload on a Kubernetes cluster, the same on every cloud: hardened pods with a cloud
 * identity, a Service, an HPA, a PodDisruptionBudget, zone spread and a default-deny
 * NetworkPolicy, rolled out as a Deployment or, for canary and blue-green, an Argo Rollouts
 * Rollout. Declare it in a stack other than the cluster's own (`cluster.workloads`).
 */
export class Application extends Construct implements Connectable {
  /** @internal */
  static readonly landformKind = "Application";

  readonly name: string;
  readonly namespace: string;
  readonly cluster: ICluster;
  /** The cloud identity the pods run as, when `identity` is on. Grant it what the workload needs. */
  readonly identity?: Identity;
  /** The service account with the cloud identity, when `identity` is on. */
  readonly serviceAccount?: IClusterServiceAccount;
  /** The Kubernetes objects, by kind (`Rollout`, `Service`, ...), as `kubernetes_manifest` resources: the escape hatch. */
  readonly manifests: Readonly<Record<string, Manifest>> = {};
  /** @internal */
  readonly spec: ApplicationSpec;
  private readonly peers: Peer[] = [];
  private egress?: EgressRule[];
  private readonly routes: string[] = [];
  private readonly addManifest: (id: string, object: KubeObject, computedFields?: string[], extra?: object) => Manifest;
  private readonly namespaceResource: ITerraformDependable[];

  constructor(scope: Construct, id: string, props: ApplicationProps) {
    super(scope, id);
    const given = props?.namespace;
    this.spec = resolveApplication(this, props, stackOf(this).production);
    this.name = this.spec.name;
    this.namespace = this.spec.namespace;
    this.cluster = props.cluster;
    const provider = connectionFor(this.cluster, this).provider;
    const claimed = claimObjects(this);
    for (const [i, source] of (props.allowFrom ?? []).entries()) this.addPeer(`allowFrom[${i}]`, source);
    for (const [i, job] of (props.runAfter ?? []).entries())
      if (job.cluster !== this.cluster || stackOf(job) !== stackOf(this))
        throw invalidProp(
          this,
          `runAfter[${i}]`,
          job.node.path,
          "is a Job of another cluster or stack",
          "declare the Job on the Application's cluster, in its stack",
        );
    if (this.spec.strategy.kind !== "rolling") requireController(this.cluster, this, "argo-rollouts");
    // The in-cluster Prometheus: it scrapes `metrics`, and analyses without an address query it.
    if (this.spec.metrics || this.spec.analyses.some((a) => a.metrics.some((m) => m.address === undefined)))
      requireController(this.cluster, this, "prometheus");
    if (this.spec.image.pin === "unpinned") {
      Policy.suppress(this, "kubernetes-images-pinned", this.spec.image.unpinnedReason!);
    }

    let account: ClusterServiceAccount | undefined;
    if (props.identity ?? true) {
      account = new ClusterServiceAccount(this, "ServiceAccount", {
        cluster: this.cluster,
        namespace: given,
        name: this.spec.name,
      });
      this.serviceAccount = account;
      this.identity = account.identity;
    }
    const { Manifest: KubernetesManifest } =
      require("@cdktf/provider-kubernetes/lib/manifest") as typeof import("@cdktf/provider-kubernetes/lib/manifest");
    const manifests = this.manifests as Record<string, Manifest>;
    const after = [
      ...(typeof given === "object" && given ? [given] : []),
      ...(account ? [account.serviceAccount] : []),
      ...(props.runAfter ?? []).map((job) => job.manifest),
    ];
    const add = (id: string, object: KubeObject, computedFields?: string[], extra: object = {}) => {
      manifests[id] = new KubernetesManifest(this, id, {
        provider,
        manifest: object,
        computedFields,
        dependsOn: after,
        ...extra,
      });
      return manifests[id];
    };
    this.addManifest = add;
    this.namespaceResource = typeof given === "object" && given ? [given] : [];

    // Database credentials, copied from the cloud's secret store by External Secrets Operator.
    const databaseSecrets = databaseSecretObjects(
      this,
      this.spec.name,
      this.spec.namespace,
      this.spec.env,
      this.spec.pod,
      account,
    );
    for (const [id, object] of databaseSecrets) add(id, object);
    // Rotated credentials reach the pods only at start: Reloader restarts them (docs/delivery.md).
    const reload = reloadOnDatabaseSecrets(this, databaseSecrets, this.spec.strategy.kind !== "rolling");

    const analyses = new Map(this.spec.analyses.map((a) => [a.name, a]));
    for (const a of analyses.values()) add(`AnalysisTemplate-${a.name}`, analysisTemplate(this.spec, a));
    const names = serviceNames(this.spec);
    // Argo Rollouts adds a pod-template-hash to the selectors of the Services it switches.
    const switched =
      this.spec.strategy.kind === "rolling" ? undefined : ["metadata.annotations", "metadata.labels", "spec.selector"];
    if (this.spec.ports.length > 0) {
      // A canary's main Service spans both ReplicaSets; Argo switches only the stable and canary ones.
      add("Service", service(this.spec, names.main), names.stable ? undefined : switched);
      if (names.second)
        add(
          this.spec.strategy.kind === "canary" ? "CanaryService" : "PreviewService",
          service(this.spec, names.second),
          switched,
        );
    }
    if (names.stable) add("StableService", service(this.spec, names.stable), switched);
    const target = workload(
      this.spec,
      this.serviceAccount?.name,
      this.spec.strategy.kind === "canary" ? { routes: () => this.routes } : undefined,
    );
    if (Object.keys(reload).length > 0)
      target.metadata.annotations = { ...(target.metadata.annotations as object | undefined), ...reload };
    checkStrategyChange(this, target);
    const wait = props.waitForRollout !== false;
    const resource = add("Resource", target, undefined, wait ? healthWait(target) : {});
    if (wait && target.kind === "Rollout") this.addRolloutStatus(resource, after);
    const hpa = autoscaler(this.spec, target);
    if (hpa) add("Autoscaler", hpa);
    add("DisruptionBudget", disruptionBudget(this.spec));
    const policy = networkPolicy(this.spec, []);
    // Peers and egress rules may be added after construction (allowFrom, allowTo, expose).
    add("NetworkPolicy", {
      ...policy,
      spec: Lazy.anyValue({ produce: () => networkPolicy(this.spec, this.peers, this.egress).spec }),
    });
    for (const [i, destination] of (props.allowTo ?? []).entries()) this.addEgress(`allowTo[${i}]`, destination);
    claimed();
  }

  /**
   * The read-only identity, egress rule and per-release Job that judge the Rollout's release with
   * Argo's own `kubectl argo rollouts status` (private/rollout-health.ts); the apply waits for the
   * Job to complete.
   */
  private addRolloutStatus(rollout: Manifest, after: ITerraformDependable[]): void {
    const status = rolloutStatusObjects(this.spec);
    // Its account, role and policy are named `<name>-rollout-status`: no other workload may be.
    claimWorkload(this, this.cluster, this.namespace, status.serviceAccount.metadata.name as string, {
      prop: "waitForRollout",
      value: true,
      fix: `rename the other workload, or set waitForRollout: false on this one`,
    })();
    const account = this.addManifest("RolloutStatusServiceAccount", status.serviceAccount);
    const role = this.addManifest("RolloutStatusRole", status.role);
    const binding = this.addManifest("RolloutStatusRoleBinding", status.roleBinding, undefined, {
      dependsOn: [...after, account, role],
    });
    const policy = this.addManifest("RolloutStatusNetworkPolicy", status.networkPolicy);
    const { spec } = status.job("");
    const name = Lazy.stringValue({
      produce: (context) => {
        // cdktf resolves every stack once while preparing (cross-stack references only): the name
        // is read when writing, so the Rollout is not resolved a second time for it.
        if (context.preparing) return "";
        const synthesized = context.resolve(rollout.toTerraform()) as {
          resource: { kubernetes_manifest: Record<string, { manifest: unknown }> };
        };
        const manifest = synthesized.resource.kubernetes_manifest[rollout.friendlyUniqueId].manifest;
        return rolloutStatusName(this.spec.name, manifest, spec);
      },
    });
    const job = this.addManifest("RolloutStatus", status.job(name), undefined, {
      ...ROLLOUT_STATUS_WAIT,
      timeouts: status.timeouts,
      dependsOn: [...after, rollout, binding, policy],
    });
    // Only the status Job: the Application's own image stays under the rule.
    const image = this.spec.rolloutStatusImage;
    if (image.pin === "unpinned") Policy.suppress(job, "kubernetes-images-pinned", image.unpinnedReason!);
  }

  /**
   * Publishes the Application on its namespace's Gateway (Gateway API): an HTTPRoute for `host`
   * and `path`, HTTPS with a cert-manager certificate by default. The Gateway runs on Envoy Gateway
   * on EKS and on GKE's own Gateway controller on GKE, both installed or enabled by Landform. A
   * canary's weights are then set on this route by Argo Rollouts, so `setWeight(20)` is 20% of
   * requests; the NetworkPolicy admits the gateway's data plane, nothing else. Call it once.
   */
  expose(options: ExposeOptions): void {
    if (this.routes.length > 0)
      throw invalidProp(this, "expose", options?.host, "is a second exposure of the Application", "call expose once");
    const names = serviceNames(this.spec);
    const routes = exposeApplication(
      {
        scope: this,
        cluster: this.cluster,
        name: this.name,
        namespace: this.namespace,
        strategy: this.spec.strategy.kind,
        services: names,
        tcpPorts: this.spec.ports.filter((p) => p.protocol === "TCP").map((p) => p.port),
        add: (id, object, computed, extra) => this.addManifest(id, object, computed, extra),
        dependsOn: this.namespaceResource,
        readinessPath: (port) => {
          const probe = this.spec.probes.readiness?.spec;
          return probe?.kind === "http" && (probe.port ?? port) === port ? probe.path : undefined;
        },
      },
      options,
    );
    this.routes.push(...routes);
    this.peers.push(...trafficOf(this).gatewayPeers);
  }

  /**
   * Restricts the pods' egress to cluster DNS and the destinations allowed so far, adding
   * `destination`: a Database (its address and port), another Application (its ports), a
   * `{ namespace }`, or `{ cidr, port? }`. Follows cdk8s-plus `connections.allowTo`. Before the
   * first call egress is open. With a cloud identity on GKE, Workload Identity's metadata server
   * (169.254.169.254:80) is allowed; on EKS, IRSA needs STS over HTTPS: allow
   * `{ cidr: "0.0.0.0/0", port: 443 }` or the CIDR of an STS VPC endpoint.
   */
  allowTo(destination: ApplicationDestination): void {
    this.addEgress("allowTo", destination);
  }

  private addEgress(prop: string, destination: ApplicationDestination): void {
    const rules = egressRuleFor(this, prop, destination);
    this.egress ??= baseEgress(this);
    this.egress.push(...rules);
  }

  /** Lets `source` (another Application, a namespace, or an IPv4 CIDR) connect to this Application's ports. */
  allowFrom(source: ApplicationSource): void {
    this.addPeer("allowFrom", source);
  }

  /**
   * As a source of traffic for cloud firewalls (`database.allowFrom(app)`): pods leave the node
   * with the node's identity on both clouds (GKE firewall rules match node service accounts; EKS
   * pods share the cluster security group), so this is the cluster's, not the pods' own.
   */
  get connections(): Connections {
    const cluster = this.cluster as unknown;
    if (!isConnectable(cluster)) {
      throw unsupportedOnCloud(
        this,
        "connections",
        stackOf(this).cloud,
        "the cluster was imported, and cloud firewalls only see pod traffic as its nodes'",
        "allow the cluster's node or pod CIDR instead",
      );
    }
    return cluster.connections;
  }

  private addPeer(prop: string, source: ApplicationSource): void {
    if (source instanceof Application) {
      if (source.cluster !== this.cluster)
        throw invalidProp(this, prop, source.node.path, "runs on another cluster", "allow its cluster's CIDR instead");
      this.peers.push({
        podSelector: { matchLabels: selectorOf(source.spec) },
        namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": source.namespace } },
      });
    } else if (typeof source === "string") {
      const problem = cidrProblem(source);
      if (problem) throw invalidProp(this, prop, source, problem, 'use an IPv4 CIDR such as "10.0.0.0/16"');
      this.peers.push({ ipBlock: { cidr: source } });
    } else if (
      typeof source === "object" &&
      source !== null &&
      typeof source.namespace === "string" &&
      K8S_NAME.test(source.namespace)
    ) {
      this.peers.push({ namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": source.namespace } } });
    } else {
      throw invalidProp(
        this,
        prop,
        source instanceof Construct ? (source as IConstruct).node.path : source,
        "is not an Application, a { namespace } or a CIDR",
        'allow another Application, { namespace: "name" } or an IPv4 CIDR',
      );
    }
  }
}
