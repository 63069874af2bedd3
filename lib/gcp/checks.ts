import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { Cidr, cidrProblem, format, overlaps, parseCidr, subnet } from "../core/cidr";
import { capacity } from "../core/cidr";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "../core/errors";
import { booleanProp } from "../core/prop-types";
import type { StackInfo } from "../core/stack-info";
import type { StackProps } from "../core/target";
import type { ClusterProps, ClusterSpec } from "../contracts/cluster";
import type { ComputeInstanceProps, ComputeInstanceSpec } from "../contracts/compute-instance";
import type { DatabaseProps, DatabaseSpec } from "../contracts/database";
import type { NetworkProps, NetworkSpec } from "../contracts/network";
import { GCP_DATA, GCP_SCOPE_ALIASES, GCP_SCOPE_URL } from "./data";
import { maintenancePolicy } from "./maintenance";

// The rules only GCP has. Each runs after the portable checks of its construct.

/** A GCP region name; `lib/gcp/module.ts` writes the same rule as a variable's validation. */
export const REGION = /^[a-z]+-[a-z]+\d+$/;
const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const ADMIN = /^(user|group|serviceAccount):[^@\s]+@[^@\s]+\.[^@\s]+$/;
/** Shared-core tiers have no SLA-backed failover. */
const SHARED_CORE = ["db-f1-micro", "db-g1-small"];

export function checkRegion(stack: StackInfo, region: unknown): void {
  if (typeof region !== "string" || !REGION.test(region)) {
    throw invalidProp(stack, "region", region, "is not a gcp region", 'use a region name such as "europe-west1"');
  }
}

export function checkStack(stack: StackInfo, props: StackProps): void {
  if (props.account !== undefined) {
    throw unsupportedOnCloud(stack, "account", "gcp", "it names an AWS account", "set project instead");
  }
  if (props.project === undefined) {
    throw invalidProp(
      stack,
      "project",
      undefined,
      "is required on gcp",
      'set project to the GCP project id, e.g. "acme-platform-prod"',
    );
  }
  if (typeof props.project !== "string" || !PROJECT.test(props.project)) {
    throw invalidProp(
      stack,
      "project",
      props.project,
      "is not a GCP project id",
      "use 6-30 lowercase letters, digits and dashes, starting with a letter",
    );
  }
  booleanProp(stack, "manageApis", props.manageApis, true);
  // The stack id is the value of the `stack` label on every resource.
  if (GCP_DATA.labelProblem("stack", stack.node.id)) {
    throw invalidProp(
      stack,
      "id",
      stack.node.id,
      "cannot be a GCP label value",
      "use at most 63 lowercase letters, digits, _ and - for stack ids",
    );
  }
}

/** The subnetwork's primary range and its secondary ranges for Kubernetes pods and services. */
export interface GcpNetworkLayout {
  readonly primaryCidr: string;
  readonly podsCidr: string;
  readonly servicesCidr: string;
}

/** Where the ranges sit in the network's block: primary first, services next, pods the upper half. */
export function networkLayout(scope: IConstruct, spec: NetworkSpec): GcpNetworkLayout {
  const cidr = parseCidr(spec.cidr);
  const primary = subnet(cidr, spec.subnetPrefixLength, 0);
  const services = spec.servicesCidr
    ? checkRange(scope, "servicesCidr", spec.servicesCidr)
    : subnet(cidr, spec.subnetPrefixLength, 1);
  const pods = spec.podsCidr ? checkRange(scope, "podsCidr", spec.podsCidr) : subnet(cidr, cidr.prefix + 1, 1);
  const ranges: [string, Cidr][] = [
    ["primary range", primary],
    ["podsCidr", pods],
    ["servicesCidr", services],
  ];
  for (let i = 0; i < ranges.length; i++) {
    for (let j = i + 1; j < ranges.length; j++) {
      if (overlaps(ranges[i][1], ranges[j][1])) {
        throw invalidConfig(
          scope,
          `${ranges[j][0]} ${format(ranges[j][1])} overlaps the ${ranges[i][0]} ${format(ranges[i][1])}`,
          "choose ranges that do not overlap",
        );
      }
    }
  }
  return { primaryCidr: format(primary), podsCidr: format(pods), servicesCidr: format(services) };
}

function checkRange(scope: IConstruct, prop: string, text: unknown): Cidr {
  const problem = typeof text === "string" ? cidrProblem(text) : "is not an IPv4 CIDR block";
  if (problem) throw invalidProp(scope, prop, text, problem, 'use a block such as "10.0.0.0/16"');
  return parseCidr(text as string);
}

export function checkNetwork(scope: IConstruct, props: NetworkProps, spec: NetworkSpec): void {
  const slots = capacity(parseCidr(spec.cidr), spec.subnetPrefixLength);
  if (slots < 4) {
    throw invalidConfig(
      scope,
      `subnetPrefixLength ${spec.subnetPrefixLength} leaves room for ${slots} subnets in ${spec.cidr}, but GCP needs 4 (primary, services, and the pods half)`,
      "use a longer subnetPrefixLength, a larger cidr",
    );
  }
  if (props.flowLogRetentionDays !== undefined) {
    throw unsupportedOnCloud(
      scope,
      "flowLogRetentionDays",
      "gcp",
      "subnet flow logs go to Cloud Logging, whose retention is set on the log bucket",
      "remove flowLogRetentionDays from gcp stacks",
    );
  }
  networkLayout(scope, spec);
}

export function checkDatabase(scope: IConstruct, props: DatabaseProps, spec: DatabaseSpec): void {
  if (!spec.network.managed && spec.network.privateServices === undefined) {
    throw invalidConfig(
      scope,
      `network '${spec.network.node.path}' is imported and names no private services access, which Cloud SQL needs; Landform adds no peering to a network it does not own`,
      "pass privateServices: { rangeName, cidr } of the network's allocated range to Network.fromAttributes",
    );
  }
  if (spec.highAvailability && SHARED_CORE.includes(spec.machineType)) {
    throw invalidConfig(
      scope,
      `highAvailability needs a dedicated-core machine type, and ${spec.machineType} is shared-core on gcp`,
      'choose a size (e.g. "small") or a db-custom machine type, or set highAvailability to false',
    );
  }
  if (spec.highAvailability && props.pointInTimeRecovery === false) {
    throw invalidConfig(
      scope,
      `highAvailability on gcp needs point-in-time recovery (${spec.engine === "mysql" ? "binary logs" : "write-ahead log archiving"}), and pointInTimeRecovery is false`,
      "leave pointInTimeRecovery on, or set highAvailability to false",
    );
  }
  if (props.extendedSupport !== undefined) {
    throw unsupportedOnCloud(
      scope,
      "extendedSupport",
      "gcp",
      "Cloud SQL has no per-instance extended-support setting; instances on an end-of-life major version are enrolled and billed automatically",
      "remove extendedSupport from gcp stacks and keep version on a supported major version",
    );
  }
}

export function checkComputeInstance(scope: IConstruct, _props: ComputeInstanceProps, spec: ComputeInstanceSpec): void {
  (spec.gcpScopes ?? []).forEach((text, i) => {
    if (!Token.isUnresolved(text) && !GCP_SCOPE_URL.test(text) && !GCP_SCOPE_ALIASES.includes(text)) {
      throw invalidProp(
        scope,
        `gcpScopes[${i}]`,
        text,
        "is not an OAuth scope",
        'use a scope URL such as "https://www.googleapis.com/auth/cloud-platform", or a gcloud alias such as "storage-ro"',
      );
    }
  });
  if (spec.imageId !== undefined && spec.imageId.trim() === "") {
    throw invalidProp(
      scope,
      "imageId.gcp",
      spec.imageId,
      "is empty",
      'use an image such as "projects/debian-cloud/global/images/debian-12-bookworm-v20250101"',
    );
  }
}

export function checkCluster(scope: IConstruct, _props: ClusterProps, spec: ClusterSpec): void {
  booleanProp(scope, "globalAccess", spec.globalAccess, true);
  maintenancePolicy(scope, spec.maintenanceWindow, spec.maintenanceExclusions);
  if (spec.network.podsRangeName === undefined || spec.network.servicesRangeName === undefined) {
    throw invalidConfig(
      scope,
      `network '${spec.network.node.path}' names no secondary ranges for pods and services, which GKE needs`,
      "pass podsRangeName and servicesRangeName to Network.fromAttributes",
    );
  }
  for (const admin of spec.admins) {
    if (!Token.isUnresolved(admin) && !ADMIN.test(admin)) {
      throw invalidProp(
        scope,
        "admins",
        admin,
        "is not a GCP IAM member",
        'use e.g. "user:alice@example.com" or "group:platform-admins@example.com"',
      );
    }
  }
}
