import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { createHash } from "crypto";
import { Construct } from "constructs";
import { ClusterServiceAccount, IClusterServiceAccount } from "../cluster-service-account";
import { invalidProp } from "../core/errors";
import { SIZE_NAMES, SizeName } from "../core/sizes";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import type { ICluster } from "../contracts/cluster";
import type { Identity } from "../contracts/identity";
import { ImageRef } from "./image-ref";
import { checkNamespaceCluster } from "./namespace";
import type { PodOptions } from "./pod-options";
import { claimWorkload } from "./private/claims";
import { databaseSecretObjects } from "./private/database-secrets";
import { connectionFor, namespaceName } from "./private/kubernetes";
import type { KubeObject } from "./private/objects";
import { ENV, envOf, imageOf, podTemplate, POD_RULES, resolvePod } from "./private/pod";
import { K8S_NAME, Shapes } from "./private/shapes";
import type { EnvValue } from "./probe";
import { POD_SIZES } from "./sizes";
import { Policy } from "../policy/policy";

/** What a Job and a CronJob run: one hardened container to completion, with the pod options of an Application. */
export interface JobProps extends PodOptions {
  /** The cluster to run on: a Landform Cluster or one from `Cluster.fromAttributes`. */
  readonly cluster: ICluster;
  /** The namespace, by name or as the namespace resource (which also orders creation after it). */
  readonly namespace: string | NamespaceV1;
  /** The Kubernetes name (a Job's gets a suffix per release). @default - the construct id */
  readonly name?: string;
  /** The image, pinned by digest or full commit SHA (a string is parsed with `ImageRef.of`). */
  readonly image: ImageRef | string;
  /** @default - the image's entrypoint */
  readonly command?: string[];
  /** @default - the image's cmd */
  readonly args?: string[];
  /** Environment variables, as an Application takes them (`EnvValue.fromDatabase` for credentials). @default - none */
  readonly env?: Record<string, string | EnvValue>;
  /** Requests and limits, from the portable pod size table. @default "small" */
  readonly size?: SizeName;
  /** Give the pods a cloud identity of their own (IRSA / GKE workload identity). @default true */
  readonly identity?: boolean;
  /** The user and group id the container runs as (never 0). @default 65532 */
  readonly runAsUser?: number;
  /** Retries of a failed pod before the Job fails. @default 2 */
  readonly backoffLimit?: number;
  /** Seconds the Job may run, retries included, before it fails. @default 1800 */
  readonly timeoutSeconds?: number;
}

/** The rules of JobProps, shared with CronJobProps. */
export const JOB_RULES: PropRules<JobProps> = {
  cluster: Checks.required(
    Checks.instance((v) => Construct.isConstruct(v), "a cluster", "pass the Cluster (or Cluster.fromAttributes)"),
  ),
  namespace: Checks.required(Shapes.namespace()),
  name: Shapes.name(),
  // Parsed with ImageRef.of, which names what is wrong.
  image: Checks.required(Checks.any()),
  command: Checks.list(Checks.string({ nonEmpty: true }), { minLength: 1 }),
  args: Checks.list(Checks.string()),
  env: ENV,
  size: Checks.oneOf(SIZE_NAMES),
  identity: Checks.boolean(),
  runAsUser: Checks.number({ integer: true, min: 1, max: 2147483647 }),
  backoffLimit: Checks.number({ integer: true, min: 0, max: 100 }),
  timeoutSeconds: Checks.number({ integer: true, min: 1, max: 7 * 24 * 3600 }),
  ...POD_RULES,
};

/** What a Job or a CronJob built: the pod template, the service account, the extra objects. */
export interface BuiltPod {
  readonly name: string;
  readonly namespace: string;
  readonly template: object;
  readonly serviceAccount?: ClusterServiceAccount;
  readonly extra: [string, KubeObject][];
  readonly after: Construct[];
  readonly image: ImageRef;
}

/**
 * The pod of a Job or CronJob: validated props, the service account, database secrets and the
 * hardened template. `maxName` is the longest name Kubernetes allows for the kind.
 */
export function buildJobPod(
  scope: Construct & { readonly cluster: ICluster },
  props: JobProps,
  rules: PropRules<JobProps>,
  maxName: number,
): BuiltPod {
  validateAllProps<JobProps>(scope, props, rules, { fix: "pass { cluster, namespace, image }" });
  const given = props.namespace;
  const namespace = typeof given === "string" ? given : (namespaceName(given) ?? given.metadata?.name);
  checkNamespaceCluster(scope, given, props.cluster, "the workload's");
  const name = props.name ?? scope.node.id;
  if (!K8S_NAME.test(name) || name.length > maxName)
    throw invalidProp(
      scope,
      "name",
      name,
      `is not a Kubernetes name of at most ${maxName} characters`,
      `use up to ${maxName} lowercase letters, digits and dashes, starting and ending with a letter or digit`,
    );
  const claimed = claimWorkload(scope, props.cluster, namespace, name);
  const image = imageOf(scope, "image", props.image);
  if (image.pin === "unpinned") Policy.suppress(scope, "kubernetes-images-pinned", image.unpinnedReason!);
  const pod = resolvePod(scope, props, props.cluster);
  const env = envOf(props.env);
  let serviceAccount: ClusterServiceAccount | undefined;
  if (props.identity ?? true)
    serviceAccount = new ClusterServiceAccount(scope, "ServiceAccount", {
      cluster: props.cluster,
      namespace: given,
      name,
    });
  const extra = databaseSecretObjects(scope, name, namespace, env, pod, serviceAccount);
  const labels = { "app.kubernetes.io/name": name };
  const template = podTemplate({
    workload: name,
    selector: labels,
    managed: { "app.kubernetes.io/managed-by": "landform" },
    main: {
      name: "app",
      image,
      command: props.command,
      args: props.args,
      env,
      resources: POD_SIZES[props.size ?? "small"],
    },
    pod,
    serviceAccount: serviceAccount?.name,
    runAsUser: props.runAsUser ?? 65532,
    restartPolicy: "Never",
  });
  const after = [
    ...(typeof given === "object" && given ? [given as unknown as Construct] : []),
    ...(serviceAccount ? [serviceAccount.serviceAccount as unknown as Construct] : []),
  ];
  claimed();
  return { name, namespace, template, serviceAccount, extra, after, image };
}

/** The Job spec both kinds run. */
export function jobSpec(props: JobProps, template: object): object {
  return {
    backoffLimit: props.backoffLimit ?? 2,
    activeDeadlineSeconds: props.timeoutSeconds ?? 1800,
    template,
  };
}

/** Declares `object` as a kubernetes_manifest of `scope`. */
export function manifestOf(
  scope: Construct & { readonly cluster: ICluster },
  id: string,
  object: KubeObject,
  after: Construct[],
  extra: Partial<import("@cdktf/provider-kubernetes/lib/manifest").ManifestConfig> = {},
): Manifest {
  const { Manifest: KubernetesManifest } =
    require("@cdktf/provider-kubernetes/lib/manifest") as typeof import("@cdktf/provider-kubernetes/lib/manifest");
  return new KubernetesManifest(scope, id, {
    provider: connectionFor(scope.cluster, scope).provider,
    manifest: object,
    dependsOn: after as never,
    ...extra,
  });
}

/** A digest of `value` that ignores tokens, whose text changes with unrelated constructs. */
export function digestOf(value: unknown): string {
  const text = JSON.stringify(value).replace(/\$\{TfToken\[[^\]]*\]\}/g, "<token>");
  return createHash("sha256").update(text).digest("hex").slice(0, 8);
}

/**
 * A Kubernetes Job that runs one hardened container to completion, such as a database migration
 * before a release: the apply waits until it has succeeded (and fails when it does not), so
 * workloads that depend on it (`dependsOn: [job]`) roll out after it. A Job's pod template
 * cannot change, so each release is a new Job, named `<name>-<digest of its spec>`; an unchanged
 * Job is left alone. Finished Jobs are kept (no TTL), or Terraform would run them again. Like
 * cdk8s-plus `Job`.
 */
export class Job extends Construct {
  /** @internal */
  static readonly landformKind = "Job";

  /** The Job's Kubernetes name, with its release digest. */
  readonly name: string;
  readonly namespace: string;
  readonly cluster: ICluster;
  /** The cloud identity the pods run as, when `identity` is on. */
  readonly identity?: Identity;
  /** The service account with the cloud identity, when `identity` is on. */
  readonly serviceAccount?: IClusterServiceAccount;
  /** The Job, as a `kubernetes_manifest` resource that waits for completion: the escape hatch, and what to depend on. */
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: JobProps) {
    super(scope, id);
    this.cluster = props?.cluster;
    // Job names go into the pods' job-name label (63 characters), with "-" and 8 digest characters.
    const built = buildJobPod(this, props, JOB_RULES, 54);
    this.namespace = built.namespace;
    this.serviceAccount = built.serviceAccount;
    this.identity = built.serviceAccount?.identity;
    for (const [oid, object] of built.extra) manifestOf(this, oid, object, built.after);
    const spec = jobSpec(props, built.template);
    this.name = `${built.name}-${digestOf(spec)}`;
    const timeout = props.timeoutSeconds ?? 1800;
    this.manifest = manifestOf(
      this,
      "Resource",
      {
        apiVersion: "batch/v1",
        kind: "Job",
        metadata: {
          name: this.name,
          namespace: built.namespace,
          labels: { "app.kubernetes.io/name": built.name, "app.kubernetes.io/managed-by": "landform" },
        },
        spec,
      },
      built.after,
      {
        // A failed Job fails the apply instead of passing silently.
        wait: { condition: [{ type: "Complete", status: "True" }] },
        timeouts: { create: `${Math.ceil(timeout / 60) + 1}m` },
      },
    );
  }
}
