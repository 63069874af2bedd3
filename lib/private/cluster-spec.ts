import { Token } from "cdktf";
import type { Cluster, ClusterProps, NodePoolProps, NodeTaint, ReleaseChannel, TaintEffect } from "../cluster";
import { cidrProblem } from "../core/cidr";
import { Cloud } from "../core/cloud";
import { CloudStack } from "../core/cloud-stack";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "../core/errors";
import { NameRule, NameRules } from "../core/naming";
import { isSizeName, machineType, SIZE_NAMES } from "../core/sizes";
import { requireNetwork } from "../network";

/**
 * Kubernetes minor versions each cloud offers for new clusters (as of late 2025), and on EKS
 * whether the version is still in standard support or only in (paid) extended support.
 * Update this table as the clouds release and retire versions.
 */
export const KUBERNETES_VERSIONS: Readonly<Record<Cloud, Readonly<Record<string, "standard" | "extended">>>> = {
  aws: { "1.30": "extended", "1.31": "extended", "1.32": "standard", "1.33": "standard", "1.34": "standard" },
  gcp: { "1.31": "standard", "1.32": "standard", "1.33": "standard", "1.34": "standard" },
};

export const DEFAULT_VERSION = "1.33";

/** GKE cluster and node pool names: RFC 1035, at most 40 characters. */
export const GKE_NAME: NameRule = { ...NameRules.gcp, maxLength: 40 };

export interface NodePoolSpec {
  /** The pool's key in `nodePools`: its construct id and part of its name. */
  readonly key: string;
  readonly machineType: string;
  readonly minNodes: number;
  readonly maxNodes: number;
  readonly desiredNodes: number;
  readonly spot: boolean;
  readonly diskGb: number;
  readonly labels: Record<string, string>;
  readonly taints: NodeTaint[];
}

/** A Cluster's props after defaults and validation: what a cloud implementation builds. */
export interface ClusterSpec {
  readonly name: string;
  readonly version: string;
  readonly nodePools: NodePoolSpec[];
  /** CIDRs allowed to reach a public endpoint; empty when the endpoint is private. */
  readonly publicAccessCidrs: string[];
  readonly admins: string[];
  /** GCP: the channel. AWS: "extended" or undefined (standard support). */
  readonly releaseChannel?: ReleaseChannel;
  readonly deletionProtection: boolean;
  readonly secretsEncryptionKey?: string;
  /** Zones nodes spread over: the network's. */
  readonly zones: number;
  /** AWS: days CloudWatch keeps control-plane logs. */
  readonly logRetentionDays: number;
}

const KIND = "Cluster";
const CHANNELS: ReleaseChannel[] = ["rapid", "regular", "stable", "extended"];
const EFFECTS: TaintEffect[] = ["NoSchedule", "PreferNoSchedule", "NoExecute"];
const POOL_KEY = /^[a-z]([a-z0-9-]{0,18}[a-z0-9])?$/;
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const LABEL_VALUE = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;
const AWS_ADMIN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
const GCP_ADMIN = /^(user|group|serviceAccount):[^@\s]+@[^@\s]+\.[^@\s]+$/;
const AWS_KMS_KEY = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const GCP_KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;

export function resolveCluster(scope: Cluster, stack: CloudStack, props: ClusterProps): ClusterSpec {
  const cloud = stack.cloud;
  const network = requireNetwork(scope, props.network, KIND);

  const version = props.version ?? DEFAULT_VERSION;
  const offered = KUBERNETES_VERSIONS[cloud];
  const product = cloud === "aws" ? "EKS" : "GKE";
  if (!(version in offered)) {
    throw invalidProp(
      scope,
      "version",
      version,
      `is not a Kubernetes version ${product} offers`,
      `use one of ${Object.keys(offered)
        .map((v) => JSON.stringify(v))
        .join(", ")}`,
      KIND,
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
      KIND,
    );
  }
  if (cloud === "aws" && channel !== undefined && channel !== "extended") {
    throw unsupportedOnCloud(
      scope,
      `releaseChannel ${JSON.stringify(channel)}`,
      "aws",
      "EKS has no release channels, only standard or extended support for the pinned version",
      'leave releaseChannel out for standard support, or use "extended"',
      KIND,
    );
  }
  if (cloud === "aws" && offered[version] === "extended" && channel !== "extended") {
    const standard = Object.keys(offered).filter((v) => offered[v] === "standard");
    throw invalidConfig(
      scope,
      `version ${JSON.stringify(version)} is only in EKS extended support`,
      `set releaseChannel to "extended", or use version ${standard.map((v) => JSON.stringify(v)).join(", ")}`,
      KIND,
    );
  }

  const zones = network.zones;
  if (cloud === "aws" && zones < 2) {
    throw invalidConfig(
      scope,
      `EKS needs subnets in at least two availability zones, but network '${network.node.path}' spans ${zones}`,
      "set zones to 2 or more on the Network",
      KIND,
    );
  }
  if (stack.production && zones < 2) {
    throw invalidConfig(
      scope,
      `production clusters spread nodes over more than one zone, but network '${network.node.path}' spans ${zones}`,
      "set zones to 2 or more on the Network, or production: false on the stack",
      KIND,
    );
  }

  const pools = props.nodePools ?? { default: {} };
  if (Object.keys(pools).length === 0) {
    throw invalidProp(
      scope,
      "nodePools",
      pools,
      "has no node pool",
      'add at least one, e.g. nodePools: { general: { size: "medium" } }',
      KIND,
    );
  }

  const secretsKey = props.secretsEncryptionKey;
  if (secretsKey !== undefined && !Token.isUnresolved(secretsKey)) {
    const [pattern, example] =
      cloud === "aws"
        ? [AWS_KMS_KEY, '"arn:aws:kms:eu-west-1:123456789012:key/<id>"']
        : [GCP_KMS_KEY, '"projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>"'];
    if (!pattern.test(secretsKey)) {
      throw invalidProp(
        scope,
        "secretsEncryptionKey",
        secretsKey,
        `is not a ${cloud === "aws" ? "KMS key ARN" : "Cloud KMS key id"}`,
        `use e.g. ${example}`,
        KIND,
      );
    }
  }

  return {
    name: stack.nameFor(scope, cloud === "aws" ? NameRules.awsStrict : GKE_NAME),
    version,
    nodePools: Object.entries(pools).map(([key, pool]) => resolvePool(scope, cloud, key, pool)),
    publicAccessCidrs: resolveEndpointAccess(scope, props),
    admins: resolveAdmins(scope, cloud, props.admins ?? []),
    releaseChannel: channel ?? (cloud === "gcp" ? "regular" : undefined),
    deletionProtection: props.deletionProtection ?? stack.production,
    secretsEncryptionKey: secretsKey,
    zones,
    logRetentionDays: stack.production ? 365 : 90,
  };
}

function resolveEndpointAccess(scope: Cluster, props: ClusterProps): string[] {
  const access = props.endpointAccess ?? "private";
  if (access === "private") return [];
  const fix = 'list the networks allowed to reach the API, e.g. { public: ["203.0.113.0/24"] }, or use "private"';
  if (typeof access !== "object" || access === null || !Array.isArray(access.public)) {
    throw invalidProp(scope, "endpointAccess", access, 'is not "private" or { public: [cidrs] }', fix, KIND);
  }
  if (access.public.length === 0) {
    throw invalidProp(scope, "endpointAccess.public", access.public, "lists no CIDRs", fix, KIND);
  }
  for (const cidr of access.public) {
    if (Token.isUnresolved(cidr)) continue;
    const problem = typeof cidr === "string" ? cidrProblem(cidr) : "is not an IPv4 CIDR block";
    if (problem) throw invalidProp(scope, "endpointAccess.public", cidr, problem, fix, KIND);
    if (cidr.endsWith("/0")) {
      throw invalidProp(
        scope,
        "endpointAccess.public",
        cidr,
        "opens the Kubernetes API to the whole internet",
        'list only the networks that need it, or use "private"',
        KIND,
      );
    }
  }
  return [...access.public];
}

function resolveAdmins(scope: Cluster, cloud: Cloud, admins: string[]): string[] {
  for (const admin of admins) {
    if (Token.isUnresolved(admin)) continue;
    if (cloud === "aws" && !AWS_ADMIN.test(admin)) {
      throw invalidProp(
        scope,
        "admins",
        admin,
        "is not an IAM role or user ARN",
        'use e.g. "arn:aws:iam::123456789012:role/platform-admins"',
        KIND,
      );
    }
    if (cloud === "gcp" && !GCP_ADMIN.test(admin)) {
      throw invalidProp(
        scope,
        "admins",
        admin,
        "is not a GCP IAM member",
        'use e.g. "user:alice@example.com" or "group:platform-admins@example.com"',
        KIND,
      );
    }
  }
  return [...admins];
}

function resolvePool(scope: Cluster, cloud: Cloud, key: string, pool: NodePoolProps): NodePoolSpec {
  if (!POOL_KEY.test(key)) {
    throw invalidProp(
      scope,
      "nodePools key",
      key,
      "is not a node pool name",
      "use 1-20 lowercase letters, digits and dashes, starting with a letter",
      KIND,
    );
  }
  const prop = (name: string) => `nodePools.${key}.${name}`;
  const size = pool.size ?? "medium";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      prop("size"),
      size,
      "is not a size",
      `use one of ${SIZE_NAMES.map((s) => JSON.stringify(s)).join(", ")}`,
      KIND,
    );
  }
  const minNodes = pool.minNodes ?? 1;
  wholeNumber(scope, prop("minNodes"), minNodes, 0);
  const maxNodes = pool.maxNodes ?? Math.max(3, minNodes);
  wholeNumber(scope, prop("maxNodes"), maxNodes, 1);
  if (minNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: minNodes ${minNodes} is more than maxNodes ${maxNodes}`,
      "set minNodes to at most maxNodes",
      KIND,
    );
  }
  const desiredNodes = pool.desiredNodes ?? minNodes;
  wholeNumber(scope, prop("desiredNodes"), desiredNodes, 0);
  if (desiredNodes < minNodes || desiredNodes > maxNodes) {
    throw invalidConfig(
      scope,
      `nodePools.${key}: desiredNodes ${desiredNodes} is outside minNodes ${minNodes} to maxNodes ${maxNodes}`,
      "set desiredNodes between them",
      KIND,
    );
  }
  const diskGb = pool.diskGb ?? 50;
  if (!Token.isUnresolved(diskGb) && (!Number.isInteger(diskGb) || diskGb < 20 || diskGb > 16384)) {
    throw invalidProp(
      scope,
      prop("diskGb"),
      diskGb,
      "must be a whole number from 20 to 16384",
      "set diskGb to 20 or more",
      KIND,
    );
  }
  const labels = pool.labels ?? {};
  for (const [k, v] of Object.entries(labels)) {
    if (!LABEL_KEY.test(k))
      throw invalidProp(
        scope,
        prop("labels"),
        k,
        "is not a Kubernetes label key",
        'use e.g. "workload" or "example.com/team"',
        KIND,
      );
    if (!LABEL_VALUE.test(v))
      throw invalidProp(
        scope,
        prop(`labels.${k}`),
        v,
        "is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit",
        KIND,
      );
  }
  const taints = pool.taints ?? [];
  for (const t of taints) {
    if (!EFFECTS.includes(t.effect))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        `has effect ${JSON.stringify(t.effect)}`,
        'use "NoSchedule", "PreferNoSchedule" or "NoExecute"',
        KIND,
      );
    if (!LABEL_KEY.test(t.key))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        "has a key that is not a Kubernetes label key",
        'use e.g. "dedicated" or "example.com/gpu"',
        KIND,
      );
    if (t.value !== undefined && !LABEL_VALUE.test(t.value))
      throw invalidProp(
        scope,
        prop("taints"),
        t,
        "has a value that is not a Kubernetes label value",
        "use at most 63 letters, digits, '-', '_' and '.'",
        KIND,
      );
  }
  return {
    key,
    machineType: machineType(cloud, "node", size, pool.machineType),
    minNodes,
    maxNodes,
    desiredNodes,
    spot: pool.spot ?? false,
    diskGb,
    labels: { ...labels },
    taints: taints.map((t) => ({ ...t })),
  };
}

function wholeNumber(scope: Cluster, prop: string, value: number, min: number): void {
  if (Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > 1000) {
    throw invalidProp(
      scope,
      prop,
      value,
      `must be a whole number from ${min} to 1000`,
      `set ${prop.split(".").pop()} to ${min} or more`,
      KIND,
    );
  }
}
