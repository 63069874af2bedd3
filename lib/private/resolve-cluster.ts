import { Token } from "cdktf";
import { cidrProblem } from "../core/cidr";
import { invalidConfig, invalidProp } from "../core/errors";
import { checkEncryptionKey } from "../core/keys";
import { objectProp, recordProp, rejectNulls, stringProp, stringRecordProp } from "../core/prop-types";
import { perCloud, targetOf } from "../core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "../core/sizes";
import { StackInfo } from "../core/stack-info";
import { Check, Checks, PropRules, validateAllProps } from "../core/validate";
import type { Cloud } from "../core/cloud";
import { checkReaders } from "../cluster-readers";
import { requireNetwork } from "../network";
import { NODE_POOL_LABEL } from "../contracts/cluster";
import type {
  ClusterProps,
  ClusterSpec,
  EndpointAccess,
  NodePoolProps,
  NodePoolSpec,
  NodeTaint,
  ReleaseChannel,
  TaintEffect,
} from "../contracts/cluster";
import type { Construct, IConstruct } from "constructs";

/** Kubernetes minor versions each cloud offers for new clusters, and their support tier (from each cloud's data file). */
export const KUBERNETES_VERSIONS = perCloud((t) => t.data.kubernetesVersions);

export const DEFAULT_VERSION = "1.33";

const CHANNELS: ReleaseChannel[] = ["rapid", "regular", "stable", "extended"];
const EFFECTS: TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const POOL_KEY = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const ENDPOINT_FIX =
  'list the networks allowed to reach the API, e.g. { public: ["203.0.113.0/24"] }, or use "private"';

/** A whole number of nodes from `min` to 1000. */
const nodes = (min: number): Check =>
  Checks.all(
    Checks.number(),
    Checks.that(
      (n: number) => Number.isInteger(n) && n >= min && n <= 1000,
      `must be a whole number from ${min} to 1000`,
      (_, prop) => `set ${prop.split(".").pop()} to ${min} or more`,
    ),
  );

const labels: Check = (scope, prop, value) => {
  for (const [k, v] of Object.entries(stringRecordProp(scope, prop, value))) {
    if (!LABEL_KEY.test(k))
      throw invalidProp(scope, prop, k, "is not a Kubernetes label key", 'use e.g. "workload" or "example.com/team"');
    if (k === NODE_POOL_LABEL)
      throw invalidProp(
        scope,
        prop,
        k,
        "is the label Landform sets to the pool's name",
        "use another key; workloads select a pool with nodePool",
      );
    if (!LABEL_VALUE.test(v))
      throw invalidProp(
        scope,
        `${prop}.${k}`,
        v,
        "is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
      );
  }
};

/** One taint's fields typed; their Kubernetes rules are checked over the whole list. */
const taint: Check = (scope, prop, value) => {
  const t = objectProp(
    scope,
    prop,
    value,
    'pass each taint as { key, effect }, e.g. { key: "gpu", effect: "NoSchedule" }',
  );
  rejectNulls(scope, t, `${prop}.`);
  stringProp(scope, `${prop}.key`, t.key, { required: true });
  stringProp(scope, `${prop}.value`, t.value);
};

const taints: Check = (scope, prop, value) => {
  // Kubernetes keeps one taint per key and effect.
  Checks.list(taint, { unique: (t) => `${(t as NodeTaint).key}:${(t as NodeTaint).effect}` })(scope, prop, value);
  for (const t of (value ?? []) as NodeTaint[]) {
    if (!EFFECTS.includes(t.effect))
      throw invalidProp(
        scope,
        prop,
        t,
        `has effect ${JSON.stringify(t.effect)}`,
        'use "NoSchedule", "PreferNoSchedule" or "NoExecute"',
      );
    if (!LABEL_KEY.test(t.key))
      throw invalidProp(
        scope,
        prop,
        t,
        "has a key that is not a Kubernetes label key",
        'use e.g. "dedicated" or "example.com/gpu"',
      );
    if (t.value !== undefined && !LABEL_VALUE.test(t.value))
      throw invalidProp(
        scope,
        prop,
        t,
        "has a value that is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.'",
      );
  }
};

// Pools relate minNodes, maxNodes and desiredNodes to each other in resolvePool.
const POOL_RULES: PropRules<NodePoolProps> = {
  size: Checks.that(isSizeName, "is not a size", `use one of ${SIZE_NAMES.map((s) => JSON.stringify(s)).join(", ")}`),
  machineType: checkMachineTypes,
  minNodes: nodes(0),
  maxNodes: nodes(1),
  desiredNodes: nodes(0),
  spot: Checks.boolean(),
  diskGb: Checks.all(
    Checks.number(),
    Checks.that(
      (gb: number) => Number.isInteger(gb) && gb >= 20 && gb <= 16384,
      "must be a whole number from 20 to 16384",
      "set diskGb to 20 or more",
    ),
  ),
  labels,
  taints,
};

const nodePools: Check = (scope, prop, value) => {
  if (value === undefined) return;
  const pools = recordProp(scope, prop, value);
  if (Object.keys(pools).length === 0) {
    throw invalidProp(
      scope,
      prop,
      pools,
      "has no node pool",
      'add at least one, e.g. nodePools: { general: { size: "medium" } }',
    );
  }
  for (const [key, pool] of Object.entries(pools)) {
    if (!POOL_KEY.test(key)) {
      throw invalidProp(
        scope,
        `${prop} key`,
        key,
        "is not a node pool name",
        "use 1-20 lowercase letters, digits and dashes, starting with a letter",
      );
    }
    validateAllProps<NodePoolProps>(scope, pool, POOL_RULES, {
      prefix: `${prop}.${key}.`,
      fix: 'pass each pool as an object, e.g. { size: "medium", maxNodes: 5 }',
      nullsFirst: true,
    });
  }
};

const version: Check = (scope, prop, value) => {
  if (value === undefined) return;
  const { data } = targetOf(scope);
  const offered = data.kubernetesVersions;
  if (typeof value !== "string" || !Object.prototype.hasOwnProperty.call(offered, value)) {
    throw invalidProp(
      scope,
      prop,
      value,
      `is not a Kubernetes version ${data.kubernetesProduct} offers`,
      `use one of ${Object.keys(offered)
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
    );
  }
};

const endpointAccess: Check = (scope, prop, access) => {
  if (access === undefined || access === "private") return;
  const given = access as Exclude<EndpointAccess, "private">;
  if (typeof access !== "object" || access === null || !Array.isArray(given.public)) {
    throw invalidProp(scope, prop, access, 'is not "private" or { public: [cidrs] }', ENDPOINT_FIX);
  }
  if (given.public.length === 0) {
    throw invalidProp(scope, `${prop}.public`, given.public, "lists no CIDRs", ENDPOINT_FIX);
  }
  const seen = new Set<string>();
  for (const cidr of given.public) {
    if (Token.isUnresolved(cidr)) continue;
    const problem = typeof cidr === "string" ? cidrProblem(cidr) : "is not an IPv4 CIDR block";
    if (problem) throw invalidProp(scope, `${prop}.public`, cidr, problem, ENDPOINT_FIX);
    if (cidr.endsWith("/0")) {
      throw invalidProp(
        scope,
        `${prop}.public`,
        cidr,
        "opens the Kubernetes API to the whole internet",
        'list only the networks that need it, or use "private"',
      );
    }
    if (seen.has(cidr)) throw invalidProp(scope, `${prop}.public`, cidr, "is listed twice", "list each CIDR once");
    seen.add(cidr);
  }
};

const admins: Check = (scope, prop, value) => {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.some((a) => typeof a !== "string")) {
    throw invalidProp(scope, prop, value, "is not a list of strings", "pass admins as a list of principals");
  }
  // One access entry (AWS) or IAM member (GCP) per principal: a repeat would be declared twice.
  const repeated = value.find((a, i) => !Token.isUnresolved(a) && value.indexOf(a) !== i);
  if (repeated !== undefined) {
    throw invalidProp(scope, prop, repeated, "names a principal twice", "list each admin once");
  }
};

const RULES: PropRules<ClusterProps> = {
  network: (scope, _prop, network) => void requireNetwork(scope as Construct, network as never),
  version,
  nodePools,
  endpointAccess,
  admins,
  readers: checkReaders,
  releaseChannel: Checks.that(
    (channel) => CHANNELS.includes(channel),
    "is not a release channel",
    'use "rapid", "regular", "stable" or "extended"',
  ),
  deletionProtection: Checks.boolean(),
  secretsEncryptionKey: checkEncryptionKey,
  // GCP only, and shaped by the GCP checks (the AWS checks refuse them with the cloud's name).
  maintenanceWindow: Checks.any(),
  maintenanceExclusions: Checks.any(),
  globalAccess: Checks.any(),
};

export function resolveCluster(scope: Construct, stack: StackInfo, props: ClusterProps): ClusterSpec {
  validateAllProps<ClusterProps>(scope, props, RULES, {
    fix: "pass ClusterProps with at least network",
    nullsFirst: true,
  });
  const data = targetOf(scope).data;
  const access = props.endpointAccess ?? "private";
  return {
    network: props.network,
    name: stack.nameFor(scope, data.clusterNameRule),
    version: props.version ?? DEFAULT_VERSION,
    nodePools: Object.entries(props.nodePools ?? { default: {} }).map(([key, pool]) =>
      resolvePool(scope, stack.cloud, key, pool),
    ),
    publicAccessCidrs: access === "private" ? [] : [...access.public],
    admins: [...(props.admins ?? [])],
    readers: (props.readers ?? []).map((r) => ({
      identity: r.identity,
      ...(r.namespaces ? { namespaces: [...r.namespaces] } : {}),
    })),
    releaseChannel: props.releaseChannel ?? data.defaultReleaseChannel,
    deletionProtection: props.deletionProtection ?? stack.production,
    secretsEncryptionKey: props.secretsEncryptionKey,
    zones: props.network.zones,
    logRetentionDays: stack.production ? 365 : 90,
    maintenanceWindow: props.maintenanceWindow,
    maintenanceExclusions: props.maintenanceExclusions,
    globalAccess: props.globalAccess,
  };
}

/** Portable rules that come after the cloud's own, more specific ones. */
export function checkClusterSpec(scope: Construct, stack: StackInfo, spec: ClusterSpec): void {
  if (stack.production && spec.zones < 2) {
    throw invalidConfig(
      scope,
      `production clusters spread nodes over more than one zone, but network '${spec.network.node.path}' spans ${spec.zones}`,
      "set zones to 2 or more on the Network, or production: false on the stack",
    );
  }
}

/** A pool's defaults, and the rules between its node counts. Its props are checked by POOL_RULES. */
function resolvePool(scope: IConstruct, cloud: Cloud, key: string, pool: NodePoolProps): NodePoolSpec {
  const minNodes = pool.minNodes ?? 1;
  const maxNodes = pool.maxNodes ?? Math.max(3, minNodes);
  if (minNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: minNodes ${minNodes} is more than maxNodes ${maxNodes}`,
      "set minNodes to at most maxNodes",
    );
  }
  const desiredNodes = pool.desiredNodes ?? minNodes;
  if (desiredNodes < minNodes || desiredNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: desiredNodes ${desiredNodes} is outside minNodes ${minNodes} to maxNodes ${maxNodes}`,
      "set desiredNodes between them",
    );
  }
  return {
    key,
    machineType: machineType(cloud, "node", pool.size ?? "medium", pool.machineType),
    minNodes,
    maxNodes,
    desiredNodes,
    spot: pool.spot ?? false,
    diskGb: pool.diskGb ?? 50,
    labels: { ...pool.labels },
    taints: (pool.taints ?? []).map((t) => ({
      key: t.key,
      ...(t.value === undefined ? {} : { value: t.value }),
      effect: t.effect,
    })),
  };
}
