import { createHash } from "crypto";
import { Construct, IConstruct } from "constructs";
import { invalidProp, LandformError } from "../../core/errors";
import { targetOf } from "../../core/registry";
import { SIZE_NAMES } from "../../core/sizes";
import { Check, Checks, PropRules, validateAllProps } from "../../core/validate";
import type { ICluster } from "../../contracts/cluster";
import type { IDatabase } from "../../contracts/database";
import { hasBrand } from "../../private/brand";
import { ConfigMap } from "../config-map";
import { ImageRef } from "../image-ref";
import type { ContainerOptions, PodOptions } from "../pod-options";
import { DatabaseField, EnvValue } from "../probe";
import { POD_SIZES, PodResources } from "../sizes";
import { K8S_NAME, Shapes } from "./shapes";

// What Applications, Jobs and CronJobs share about their pods: the extra containers, metadata,
// scheduling and configuration of PodOptions, the environment (including the Kubernetes Secrets
// External Secrets Operator fills from a database's managed secret), and the hardened template.

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
const DATABASE_FIELDS: readonly DatabaseField[] = ["username", "password", "host", "port"];
const MOUNT_PATH = /^\/[-._a-zA-Z0-9/]*$/;

/** One environment value: a string, or an EnvValue whose kind is checked with its own rules. */
export const ENV_VALUE: Check = (scope, prop, value) => {
  if (typeof value === "string") return;
  Checks.instance(
    (v) => v instanceof EnvValue,
    "a string or an EnvValue",
    "use a string, EnvValue.fromSecret(secretName, key), EnvValue.fromDatabase(database, field) or EnvValue.fromConfigMap(configMap, key)",
  )(scope, prop, value);
  const spec = (value as EnvValue).spec;
  if (spec.database) {
    if (!hasBrand(spec.database.database, "IDatabase"))
      throw invalidProp(
        scope,
        `${prop}.database`,
        spec.database.database,
        "is not a database",
        "pass a Database or one from Database.fromAttributes",
      );
    Checks.required(Checks.oneOf(DATABASE_FIELDS))(scope, `${prop}.field`, spec.database.field);
    return;
  }
  if (spec.configMap) {
    const { configMap, key } = spec.configMap;
    Checks.required(Checks.instance((v) => v instanceof ConfigMap, "a ConfigMap", "pass a Landform ConfigMap"))(
      scope,
      `${prop}.configMap`,
      configMap,
    );
    Checks.required(Shapes.dataKey())(scope, `${prop}.key`, key);
    configMap.checkKey(scope as Construct, `${prop}.key`, key);
    return;
  }
  validateAllProps<EnvValue["spec"]>(
    scope,
    spec,
    {
      value: spec.secret ? Checks.any() : Checks.required(Checks.string()),
      secret: Checks.object({ name: Checks.required(Shapes.subdomain()), key: Checks.required(Shapes.dataKey()) }),
      database: Checks.any(),
      configMap: Checks.any(),
    },
    `${prop}.`,
  );
};

/** Environment variables by name. */
export const ENV: Check = Checks.record(ENV_VALUE, {
  pattern: ENV_NAME,
  hint: "letters, digits, '_', '-' and '.', not starting with a digit",
});

const CONTAINER_RULES: PropRules<ContainerOptions> = {
  name: Checks.required(
    Checks.all(
      Shapes.name(),
      Checks.must((n) => n !== "app", 'is the main container\'s name "app"', "give the container another name"),
    ),
  ),
  // Parsed with ImageRef.of, which names what is wrong.
  image: Checks.required(Checks.any()),
  command: Checks.list(Checks.string({ nonEmpty: true }), { minLength: 1 }),
  args: Checks.list(Checks.string()),
  env: ENV,
  size: Checks.oneOf(SIZE_NAMES),
};
const containers = Checks.list(Checks.object(CONTAINER_RULES), {
  unique: (c) => (c as ContainerOptions).name,
});

const CONFIG_FILES: Check = (scope, prop, value) => {
  Checks.record(
    Checks.instance((v) => v instanceof ConfigMap, "a ConfigMap", "pass a Landform ConfigMap"),
    {
      pattern: MOUNT_PATH,
      hint: 'an absolute directory such as "/etc/orders"',
    },
  )(scope, prop, value);
  for (const path of Object.keys((value as object) ?? {}))
    if (path === "/" || path === "/tmp" || path.startsWith("/tmp/"))
      throw invalidProp(
        scope,
        `${prop}.${path}`,
        path,
        "would hide the root or the writable /tmp",
        "mount it elsewhere",
      );
};

/** The rules of PodOptions, shared by every workload's rule table. */
export const POD_RULES: PropRules<PodOptions> = {
  automountServiceAccountToken: Checks.boolean(),
  podAnnotations: Checks.record(Checks.string(), {
    pattern:
      /^(?:(?=[^/]{1,253}\/)[a-z0-9]([-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/,
    hint: "a name of up to 63 letters, digits, '-', '_' and '.', with an optional DNS prefix and \"/\"",
  }),
  podLabels: Shapes.labels(),
  // Checked against the cluster's pools in resolvePod.
  nodePool: Checks.string({ nonEmpty: true }),
  nodeSelector: Shapes.labels(),
  initContainers: containers,
  sidecars: containers,
  configFiles: CONFIG_FILES,
};

export type Env = ReadonlyArray<readonly [string, EnvValue]>;

export interface ContainerSpec {
  readonly name: string;
  readonly image: ImageRef;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: Env;
  readonly resources: PodResources;
}

/** PodOptions after defaults and validation. */
export interface PodSpec {
  readonly automountToken: boolean;
  readonly annotations: Readonly<Record<string, string>>;
  readonly labels: Readonly<Record<string, string>>;
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /** The taints of the `nodePool` the pods run on, tolerated. */
  readonly tolerations: readonly Toleration[];
  readonly initContainers: readonly ContainerSpec[];
  readonly sidecars: readonly ContainerSpec[];
  readonly configFiles: ReadonlyArray<readonly [string, ConfigMap]>;
}

export interface Toleration {
  readonly key: string;
  readonly operator: "Equal" | "Exists";
  readonly value?: string;
  readonly effect: string;
}

/**
 * Where the pods may run: `nodeSelector`, plus with `nodePool` the labels that select that pool of
 * `cluster` and tolerations of its taints (a pool is tainted to keep other pods off it, not the
 * ones placed on it). A pool the cluster does not declare, or a `nodeSelector` label that
 * contradicts the pool's own, is an error: such pods would never be scheduled.
 */
function placementOf(
  scope: IConstruct,
  props: PodOptions,
  cluster: unknown,
): Pick<PodSpec, "nodeSelector" | "tolerations"> {
  const name = props.nodePool;
  if (name === undefined) return { nodeSelector: props.nodeSelector, tolerations: [] };
  const { nodePools, node } = cluster as ICluster;
  if (nodePools === undefined)
    throw invalidProp(
      scope,
      "nodePool",
      name,
      `names a node pool of cluster '${node.path}', whose pools Landform does not know (it was made elsewhere)`,
      "select the pool's nodes by their labels with nodeSelector",
    );
  const declared = Object.keys(nodePools)
    .map((n) => JSON.stringify(n))
    .join(", ");
  const pool = Object.prototype.hasOwnProperty.call(nodePools, name) ? nodePools[name] : undefined;
  if (pool === undefined)
    throw invalidProp(
      scope,
      "nodePool",
      name,
      `is not a node pool of cluster '${node.path}', which declares ${declared}`,
      `use one of ${declared}, or add the pool to the cluster's nodePools`,
    );
  const carried: Record<string, string> = { ...pool.labels, ...pool.selector };
  for (const [key, value] of Object.entries(props.nodeSelector ?? {}))
    if (Object.prototype.hasOwnProperty.call(carried, key) && carried[key] !== value)
      throw invalidProp(
        scope,
        `nodeSelector.${key}`,
        value,
        `contradicts nodePool ${JSON.stringify(name)}, whose nodes carry ${key}=${carried[key]}`,
        `drop nodeSelector.${key}, or set it to ${JSON.stringify(carried[key])}`,
      );
  return {
    nodeSelector: { ...props.nodeSelector, ...pool.selector },
    tolerations: pool.taints.map((t) =>
      t.value === undefined
        ? { key: t.key, operator: "Exists" as const, effect: t.effect }
        : { key: t.key, operator: "Equal" as const, value: t.value, effect: t.effect },
    ),
  };
}

/** The image of a container, parsed; errors name `prop`. */
export function imageOf(scope: IConstruct, prop: string, value: unknown): ImageRef {
  if (ImageRef.isImageRef(value)) return value;
  try {
    return ImageRef.of(value as string);
  } catch (e) {
    if (!LandformError.isLandformError(e)) throw e;
    throw invalidProp(scope, prop, value, e.problem, e.fix ?? "pin the image");
  }
}

/** An environment record as [name, EnvValue] pairs. */
export function envOf(env: Record<string, string | EnvValue> | undefined): Env {
  return Object.entries(env ?? {})
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => [key, typeof value === "string" ? EnvValue.value(value) : value] as const);
}

/** PodOptions after defaults; the props were checked with POD_RULES. */
export function resolvePod(scope: IConstruct, props: PodOptions, cluster: unknown): PodSpec {
  const container =
    (prop: string) =>
    (c: ContainerOptions, i: number): ContainerSpec => ({
      name: c.name,
      image: imageOf(scope, `${prop}[${i}].image`, c.image),
      command: c.command,
      args: c.args,
      env: envOf(c.env),
      resources: POD_SIZES[c.size ?? "small"],
    });
  const initContainers = (props.initContainers ?? []).map(container("initContainers"));
  const sidecars = (props.sidecars ?? []).map(container("sidecars"));
  const names = new Set<string>();
  for (const [prop, c] of [
    ...initContainers.map((c) => ["initContainers", c] as const),
    ...sidecars.map((c) => ["sidecars", c] as const),
  ]) {
    if (names.has(c.name))
      throw invalidProp(scope, prop, c.name, "is the name of another container of the pod", "give each its own name");
    names.add(c.name);
  }
  const configFiles = Object.entries(props.configFiles ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  for (const [path, config] of configFiles)
    if (config.cluster !== cluster)
      throw invalidProp(
        scope,
        `configFiles.${path}`,
        config.node.path,
        "is a ConfigMap of another cluster",
        "declare the ConfigMap on the workload's cluster",
      );
  return {
    automountToken: props.automountServiceAccountToken ?? false,
    annotations: props.podAnnotations ?? {},
    labels: props.podLabels ?? {},
    ...placementOf(scope, props, cluster),
    initContainers,
    sidecars,
    configFiles,
  };
}

/** Every env of the pod: the main container's and the extra containers'. */
export function allEnv(main: Env, pod: PodSpec): Env {
  return [main, ...pod.initContainers.map((c) => c.env), ...pod.sidecars.map((c) => c.env)].flat();
}

/** The databases the pod's environment reads secrets of, each once, in order of first use. */
export function databasesOf(env: Env): IDatabase[] {
  const out: IDatabase[] = [];
  for (const [, v] of env) {
    const db = v.spec.database;
    if (db && v.spec.value === undefined && !out.includes(db.database)) out.push(db.database);
  }
  return out;
}

/** The ConfigMaps the pod reads: mounted or in its environment. */
function configMapsOf(env: Env, pod: PodSpec): ConfigMap[] {
  const out = new Set<ConfigMap>(pod.configFiles.map(([, c]) => c));
  for (const [, v] of env) if (v.spec.configMap) out.add(v.spec.configMap.configMap);
  return [...out];
}

/** The Kubernetes Secret (and its ExternalSecret and SecretStore) that holds `database`'s credentials for `workload`. */
export function databaseSecretName(workload: string, database: IDatabase): string {
  const digest = createHash("sha256").update(database.node.path).digest("hex").slice(0, 8);
  return `${workload}-db-${digest}`;
}

function renderEnv(workload: string, env: Env): object[] {
  return env.map(([name, v]) => {
    const s = v.spec;
    if (s.value !== undefined) return { name, value: s.value };
    if (s.secret) return { name, valueFrom: { secretKeyRef: { name: s.secret.name, key: s.secret.key } } };
    if (s.configMap)
      return { name, valueFrom: { configMapKeyRef: { name: s.configMap.configMap.name, key: s.configMap.key } } };
    const db = s.database!;
    return { name, valueFrom: { secretKeyRef: { name: databaseSecretName(workload, db.database), key: db.field } } };
  });
}

/** The hardened security context every container gets. */
export const CONTAINER_SECURITY = {
  allowPrivilegeEscalation: false,
  privileged: false,
  readOnlyRootFilesystem: true,
  runAsNonRoot: true,
  capabilities: { drop: ["ALL"] },
};

/** The mounts every container gets: a writable /tmp, and the configuration files. */
function mountsOf(pod: PodSpec): object[] {
  return [
    // A read-only root still needs somewhere to write temporary files.
    { name: "tmp", mountPath: "/tmp" },
    ...pod.configFiles.map(([path], i) => ({ name: `config-${i}`, mountPath: path, readOnly: true })),
  ];
}

/** A container of the pod, hardened; `extra` holds the main container's ports and probes. */
export function container(workload: string, c: ContainerSpec, pod: PodSpec, extra: object = {}): object {
  const env = renderEnv(workload, c.env);
  return {
    name: c.name,
    image: c.image.toString(),
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...extra,
    resources: {
      requests: { cpu: c.resources.cpu, memory: c.resources.memory },
      limits: { memory: c.resources.memory },
    },
    securityContext: CONTAINER_SECURITY,
    volumeMounts: mountsOf(pod),
  };
}

export interface TemplateInput {
  /** The workload's name: the prefix of the Secrets it reads databases through. */
  readonly workload: string;
  /** Labels that select the pods (and carry no user label). */
  readonly selector: Readonly<Record<string, string>>;
  /** Labels every Landform object carries. */
  readonly managed: Readonly<Record<string, string>>;
  readonly main: ContainerSpec;
  /** The main container's ports and probes. */
  readonly mainExtra?: object;
  readonly pod: PodSpec;
  readonly serviceAccount?: string;
  readonly runAsUser: number;
  /** For long-running pods: spread over zones and hosts, each revision on its own (`matchLabelKeys`). */
  readonly spread?: { readonly revisionLabel: string };
  readonly restartPolicy?: "OnFailure" | "Never";
  readonly terminationGracePeriodSeconds?: number;
}

/**
 * The hardened pod template: non-root, read-only root, no privilege escalation, no capabilities,
 * RuntimeDefault seccomp, no API token unless asked for, and the annotation that lets Cluster
 * Autoscaler drain its node (the `tmp` emptyDir is scratch space: cluster-autoscaler
 * `utils/drain/drain.go` `HasBlockingLocalStorage` blocks on any non-memory emptyDir otherwise).
 */
export function podTemplate(input: TemplateInput): object {
  const { pod, selector } = input;
  const env = allEnv(input.main.env, pod);
  const configs = configMapsOf(env, pod).filter((c) => c.digest !== "");
  const annotations = {
    ...pod.annotations,
    "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "tmp",
    // A changed ConfigMap rolls the pods that read it.
    ...Object.fromEntries(configs.map((c) => [`landform.dev/config-${c.name}`, c.digest])),
  };
  const spread = (topologyKey: string, revisionLabel: string) => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: "ScheduleAnyway",
    labelSelector: { matchLabels: selector },
    // Skew per revision: old and new pods of a rollout are not counted together.
    matchLabelKeys: [revisionLabel],
  });
  return {
    metadata: { labels: { ...pod.labels, ...selector, ...input.managed }, annotations },
    spec: {
      ...(input.serviceAccount ? { serviceAccountName: input.serviceAccount } : {}),
      automountServiceAccountToken: pod.automountToken,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: input.runAsUser,
        runAsGroup: input.runAsUser,
        fsGroup: input.runAsUser,
        seccompProfile: { type: "RuntimeDefault" },
      },
      ...(pod.initContainers.length > 0
        ? { initContainers: pod.initContainers.map((c) => container(input.workload, c, pod)) }
        : {}),
      containers: [
        container(input.workload, input.main, pod, input.mainExtra),
        ...pod.sidecars.map((c) => container(input.workload, c, pod)),
      ],
      volumes: [
        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        ...pod.configFiles.map(([, c], i) => ({ name: `config-${i}`, configMap: { name: c.name } })),
      ],
      ...(pod.nodeSelector ? { nodeSelector: { ...pod.nodeSelector } } : {}),
      ...(pod.tolerations.length > 0 ? { tolerations: pod.tolerations.map((t) => ({ ...t })) } : {}),
      ...(input.spread
        ? {
            topologySpreadConstraints: [
              spread("topology.kubernetes.io/zone", input.spread.revisionLabel),
              spread("kubernetes.io/hostname", input.spread.revisionLabel),
            ],
          }
        : {}),
      ...(input.restartPolicy ? { restartPolicy: input.restartPolicy } : {}),
      terminationGracePeriodSeconds: input.terminationGracePeriodSeconds ?? 30,
    },
  };
}

/**
 * The SecretStore and ExternalSecret that copy `database`'s managed secret into the Kubernetes
 * Secret `databaseSecretName(workload, database)`, read with the workload's own service account
 * (ESO `auth.jwt.serviceAccountRef` on AWS with IRSA, `auth.workloadIdentity.serviceAccountRef`
 * on GKE), so the store can read only what that service account was granted. The store is a
 * namespaced SecretStore, not a ClusterSecretStore: ESO's GCP docs warn that anyone who can
 * create ExternalSecrets against a store reads everything its identity can, and a namespaced
 * store is reachable only from its namespace.
 */
export function externalSecretObjects(
  workload: string,
  namespace: string,
  serviceAccount: string,
  database: IDatabase,
): { store: object; secret: object } {
  const name = databaseSecretName(workload, database);
  const labels = { "app.kubernetes.io/name": workload, "app.kubernetes.io/managed-by": "landform" };
  const target = targetOf(database).database;
  if (!target.secretStore)
    throw invalidProp(
      database,
      "secretRef",
      database.secretRef,
      "has no External Secrets provider on this cloud",
      "read the secret yourself",
    );
  const { provider, key } = target.secretStore(database.secretRef, serviceAccount);
  return {
    store: {
      apiVersion: "external-secrets.io/v1",
      kind: "SecretStore",
      metadata: { name, namespace, labels },
      spec: { provider },
    },
    secret: {
      apiVersion: "external-secrets.io/v1",
      kind: "ExternalSecret",
      metadata: { name, namespace, labels },
      spec: {
        refreshInterval: "1h",
        secretStoreRef: { kind: "SecretStore", name },
        target: { name, creationPolicy: "Owner", deletionPolicy: "Retain" },
        data: (["username", "password"] as const).map((field) => ({
          secretKey: field,
          remoteRef: { key, property: field },
        })),
      },
    },
  };
}

/** Checks a name given for a workload. */
export function checkName(scope: IConstruct, name: string): void {
  if (!K8S_NAME.test(name))
    throw invalidProp(
      scope,
      "name",
      name,
      "is not a Kubernetes name",
      "use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit",
    );
}
