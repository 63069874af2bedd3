import { Token } from "cdktf";
import { cidrProblem } from "../core/cidr";
import { invalidConfig, invalidProp } from "../core/errors";
import { checkEncryptionKey } from "../core/keys";
import {
  booleanProp,
  listProp,
  numberProp,
  objectProp,
  recordProp,
  rejectNulls,
  stringProp,
  stringRecordProp,
} from "../core/prop-types";
import { perCloud, targetOf } from "../core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "../core/sizes";
import { StackInfo } from "../core/stack-info";
import type { Cloud } from "../core/cloud";
import { requireNetwork } from "../network";
import type {
  ClusterProps,
  ClusterSpec,
  NodePoolProps,
  NodePoolSpec,
  NodeTaint,
  ReleaseChannel,
  TaintEffect,
} from "../contracts/cluster";
import type { Construct } from "constructs";

/** Kubernetes minor versions each cloud offers for new clusters, and their support tier (from each cloud's data file). */
export const KUBERNETES_VERSIONS = perCloud((t) => t.data.kubernetesVersions);

export const DEFAULT_VERSION = "1.33";

const CHANNELS: ReleaseChannel[] = ["rapid", "regular", "stable", "extended"];
const EFFECTS: TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const POOL_KEY = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

export function resolveCluster(scope: Construct, stack: StackInfo, props: ClusterProps): ClusterSpec {
  if (typeof props !== "object" || props === null) {
    throw invalidProp(scope, "props", props, "is missing", "pass ClusterProps with at least network");
  }
  rejectNulls(scope, props);
  const cloud = stack.cloud;
  const data = targetOf(scope).data;
  const network = requireNetwork(scope, props.network);

  const version = props.version ?? DEFAULT_VERSION;
  const offered = data.kubernetesVersions;
  const product = data.kubernetesProduct;
  if (typeof version !== "string" || !Object.prototype.hasOwnProperty.call(offered, version)) {
    throw invalidProp(
      scope,
      "version",
      version,
      `is not a Kubernetes version ${product} offers`,
      `use one of ${Object.keys(offered)
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
    );
  }

  const channel = props.releaseChannel;
  if (channel !== undefined && !CHANNELS.includes(channel)) {
    throw invalidProp(
      scope,
      "releaseChannel",
      channel,
      "is not a release channel",
      'use "rapid", "regular", "stable" or "extended"',
    );
  }
  const zones = network.zones;

  const pools = props.nodePools === undefined ? { default: {} } : recordProp(scope, "nodePools", props.nodePools);
  if (Object.keys(pools).length === 0) {
    throw invalidProp(
      scope,
      "nodePools",
      pools,
      "has no node pool",
      'add at least one, e.g. nodePools: { general: { size: "medium" } }',
    );
  }

  const secretsKey = checkEncryptionKey(scope, "secretsEncryptionKey", props.secretsEncryptionKey);

  return {
    network,
    name: stack.nameFor(scope, data.clusterNameRule),
    version,
    nodePools: Object.entries(pools).map(([key, pool]) => resolvePool(scope, cloud, key, pool)),
    publicAccessCidrs: resolveEndpointAccess(scope, props),
    admins: resolveAdmins(scope, props.admins ?? []),
    releaseChannel: channel ?? data.defaultReleaseChannel,
    deletionProtection: booleanProp(scope, "deletionProtection", props.deletionProtection, stack.production),
    secretsEncryptionKey: secretsKey,
    zones,
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

function resolveEndpointAccess(scope: Construct, props: ClusterProps): string[] {
  const access = props.endpointAccess ?? "private";
  if (access === "private") return [];
  const fix = 'list the networks allowed to reach the API, e.g. { public: ["203.0.113.0/24"] }, or use "private"';
  if (typeof access !== "object" || access === null || !Array.isArray(access.public)) {
    throw invalidProp(scope, "endpointAccess", access, 'is not "private" or { public: [cidrs] }', fix);
  }
  if (access.public.length === 0) {
    throw invalidProp(scope, "endpointAccess.public", access.public, "lists no CIDRs", fix);
  }
  for (const cidr of access.public) {
    if (Token.isUnresolved(cidr)) continue;
    const problem = typeof cidr === "string" ? cidrProblem(cidr) : "is not an IPv4 CIDR block";
    if (problem) throw invalidProp(scope, "endpointAccess.public", cidr, problem, fix);
    if (cidr.endsWith("/0")) {
      throw invalidProp(
        scope,
        "endpointAccess.public",
        cidr,
        "opens the Kubernetes API to the whole internet",
        'list only the networks that need it, or use "private"',
      );
    }
  }
  return [...access.public];
}

function resolveAdmins(scope: Construct, admins: unknown): string[] {
  if (!Array.isArray(admins) || admins.some((a) => typeof a !== "string")) {
    throw invalidProp(scope, "admins", admins, "is not a list of strings", "pass admins as a list of principals");
  }
  return [...admins];
}

function resolvePool(scope: Construct, cloud: Cloud, key: string, value: unknown): NodePoolSpec {
  if (!POOL_KEY.test(key)) {
    throw invalidProp(
      scope,
      "nodePools key",
      key,
      "is not a node pool name",
      "use 1-20 lowercase letters, digits and dashes, starting with a letter",
    );
  }
  const prop = (name: string) => `nodePools.${key}.${name}`;
  objectProp(scope, `nodePools.${key}`, value, 'pass each pool as an object, e.g. { size: "medium", maxNodes: 5 }');
  rejectNulls(scope, value as object, `nodePools.${key}.`);
  const pool = value as NodePoolProps;
  const size = pool.size ?? "medium";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      prop("size"),
      size,
      "is not a size",
      `use one of ${SIZE_NAMES.map((s) => JSON.stringify(s)).join(", ")}`,
    );
  }
  const minNodes = numberProp(scope, prop("minNodes"), pool.minNodes, 1);
  wholeNumber(scope, prop("minNodes"), minNodes, 0);
  const maxNodes = numberProp(scope, prop("maxNodes"), pool.maxNodes, Math.max(3, minNodes));
  wholeNumber(scope, prop("maxNodes"), maxNodes, 1);
  if (minNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: minNodes ${minNodes} is more than maxNodes ${maxNodes}`,
      "set minNodes to at most maxNodes",
    );
  }
  const desiredNodes = numberProp(scope, prop("desiredNodes"), pool.desiredNodes, minNodes);
  wholeNumber(scope, prop("desiredNodes"), desiredNodes, 0);
  if (desiredNodes < minNodes || desiredNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: desiredNodes ${desiredNodes} is outside minNodes ${minNodes} to maxNodes ${maxNodes}`,
      "set desiredNodes between them",
    );
  }
  const diskGb = numberProp(scope, prop("diskGb"), pool.diskGb, 50);
  if (!Token.isUnresolved(diskGb) && (!Number.isInteger(diskGb) || diskGb < 20 || diskGb > 16384)) {
    throw invalidProp(
      scope,
      prop("diskGb"),
      diskGb,
      "must be a whole number from 20 to 16384",
      "set diskGb to 20 or more",
    );
  }
  const labels = stringRecordProp(scope, prop("labels"), pool.labels);
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_KEY.test(k))
      throw invalidProp(
        scope,
        prop("labels"),
        k,
        "is not a Kubernetes label key",
        'use e.g. "workload" or "example.com/team"',
      );
    if (!LABEL_VALUE.test(v))
      throw invalidProp(
        scope,
        prop(`labels.${k}`),
        v,
        "is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
      );
  }
  const taints = listProp(scope, prop("taints"), pool.taints).map((entry, i) =>
    resolveTaint(scope, prop(`taints[${i}]`), entry),
  );
  for (const t of taints) {
    if (!EFFECTS.includes(t.effect))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        `has effect ${JSON.stringify(t.effect)}`,
        'use "NoSchedule", "PreferNoSchedule" or "NoExecute"',
      );
    if (!LABEL_KEY.test(t.key))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        "has a key that is not a Kubernetes label key",
        'use e.g. "dedicated" or "example.com/gpu"',
      );
    if (t.value !== undefined && !LABEL_VALUE.test(t.value))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        "has a value that is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.'",
      );
  }
  return {
    key,
    machineType: machineType(cloud, "node", size, checkMachineTypes(scope, prop("machineType"), pool.machineType)),
    minNodes,
    maxNodes,
    desiredNodes,
    spot: booleanProp(scope, prop("spot"), pool.spot, false),
    diskGb,
    labels: { ...labels },
    taints: taints.map((t) => ({ ...t })),
  };
}

function wholeNumber(scope: Construct, prop: string, value: number, min: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > 1000) {
    throw invalidProp(
      scope,
      prop,
      value,
      `must be a whole number from ${min} to 1000`,
      `set ${prop.split(".").pop()} to ${min} or more`,
    );
  }
}

/** One taint's fields typed; their Kubernetes rules are checked with the pool's. */
function resolveTaint(scope: Construct, prop: string, value: unknown): NodeTaint {
  const t = objectProp(
    scope,
    prop,
    value,
    'pass each taint as { key, effect }, e.g. { key: "gpu", effect: "NoSchedule" }',
  );
  rejectNulls(scope, t, `${prop}.`);
  const key = stringProp(scope, `${prop}.key`, t.key, { required: true })!;
  const taintValue = stringProp(scope, `${prop}.value`, t.value);
  return { key, ...(taintValue === undefined ? {} : { value: taintValue }), effect: t.effect as TaintEffect };
}
