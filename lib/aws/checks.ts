import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { capacity, parseCidr } from "../core/cidr";
import { invalidConfig, invalidProp, unsupportedOnCloud } from "../core/errors";
import { stackOf, StackInfo } from "../core/stack-info";
import type { StackProps } from "../core/target";
import type { ClusterProps, ClusterSpec } from "../contracts/cluster";
import type { ComputeInstanceProps, ComputeInstanceSpec } from "../contracts/compute-instance";
import type { DatabaseProps, DatabaseSpec } from "../contracts/database";
import type { NetworkProps, NetworkSpec } from "../contracts/network";
import { AWS_DATA, isBurstableDatabaseClass, PRODUCTION_DATABASE_CLASSES } from "./data";

// The rules only AWS has. Each runs after the portable checks of its construct.

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const ADMIN = /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/;
/** The retentions CloudWatch Logs offers, in days. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

export function checkRegion(stack: StackInfo, region: unknown): void {
  if (typeof region !== "string" || !REGION.test(region)) {
    throw invalidProp(stack, "region", region, "is not a aws region", 'use a region name such as "eu-west-1"');
  }
}

export function checkStack(stack: StackInfo, props: StackProps): void {
  if (props.project !== undefined) {
    throw unsupportedOnCloud(
      stack,
      "project",
      "aws",
      "it names a GCP project",
      "set account instead, or leave both out",
    );
  }
  if (props.manageApis !== undefined) {
    throw unsupportedOnCloud(
      stack,
      "manageApis",
      "aws",
      "AWS services need no enabling per account",
      "remove manageApis from aws stacks",
    );
  }
  if (props.account !== undefined && !(typeof props.account === "string" && /^\d{12}$/.test(props.account))) {
    throw invalidProp(stack, "account", props.account, "is not an AWS account id", "use the 12-digit account number");
  }
}

export function checkNetwork(scope: IConstruct, props: NetworkProps, spec: NetworkSpec): void {
  const slots = capacity(parseCidr(spec.cidr), spec.subnetPrefixLength);
  const needed = 2 * spec.zones;
  if (slots < needed) {
    throw invalidConfig(
      scope,
      `subnetPrefixLength ${spec.subnetPrefixLength} leaves room for ${slots} subnets in ${spec.cidr}, but ${spec.zones} zones need ${needed} (a public and a private subnet per zone)`,
      "use a longer subnetPrefixLength, a larger cidr or fewer zones",
    );
  }
  const retention = spec.flowLogRetentionDays;
  if (!Token.isUnresolved(retention) && !RETENTION_DAYS.includes(retention)) {
    throw invalidProp(
      scope,
      "flowLogRetentionDays",
      retention,
      "is not a retention CloudWatch Logs offers",
      `use one of ${RETENTION_DAYS.join(", ")}`,
    );
  }
  for (const prop of ["podsCidr", "servicesCidr"] as const) {
    if (props[prop] !== undefined) {
      throw unsupportedOnCloud(
        scope,
        prop,
        "aws",
        "EKS pods take addresses from the VPC's subnets and services get a range outside the VPC",
        `remove ${prop} from aws stacks`,
      );
    }
  }
}

export function checkDatabase(scope: IConstruct, props: DatabaseProps, spec: DatabaseSpec): void {
  if (spec.network.zones < 2) {
    throw invalidConfig(
      scope,
      `an RDS subnet group needs subnets in at least two availability zones, but network '${spec.network.node.path}' spans ${spec.network.zones}`,
      "set zones to 2 or more on the Network",
    );
  }
  if (props.pointInTimeRecovery === false) {
    throw unsupportedOnCloud(
      scope,
      "pointInTimeRecovery: false",
      "aws",
      "RDS always keeps transaction logs for point-in-time recovery while backups are on",
      "leave pointInTimeRecovery out on aws stacks",
    );
  }
  checkProductionClass(scope, props, spec);
}

/**
 * Production databases never run on a burstable class (CPU credits run out under sustained load).
 * An exact class is rejected; a size whose class is burstable maps to PRODUCTION_DATABASE_CLASSES.
 */
function checkProductionClass(scope: IConstruct, props: DatabaseProps, spec: DatabaseSpec): void {
  if (!spec.production) return;
  const exact = props.machineType?.aws;
  if (exact !== undefined && !Token.isUnresolved(exact) && isBurstableDatabaseClass(exact)) {
    throw invalidProp(
      scope,
      "machineType.aws",
      exact,
      "is a burstable class, which a production database must not use: its CPU credits run out under sustained load",
      'use an m- or r-class such as "db.m6i.large" or "db.r6g.large", or a size such as "medium"',
    );
  }
  if (
    exact === undefined &&
    isBurstableDatabaseClass(spec.machineType) &&
    !PRODUCTION_DATABASE_CLASSES[spec.machineType]
  ) {
    throw invalidConfig(
      scope,
      `size maps to the burstable ${spec.machineType} on aws, and production databases need a non-burstable class`,
      "choose a larger size or set machineType.aws",
      "size",
    );
  }
}

export function checkComputeInstance(scope: IConstruct, props: ComputeInstanceProps, spec: ComputeInstanceSpec): void {
  const imageId = spec.imageId;
  if (imageId !== undefined && !Token.isUnresolved(imageId) && !/^ami-[0-9a-f]{8,17}$/.test(imageId)) {
    throw invalidProp(scope, "imageId.aws", imageId, "is not an AMI id", 'use an id such as "ami-0123456789abcdef0"');
  }
  if (props.gcpScopes !== undefined) {
    throw unsupportedOnCloud(
      scope,
      "gcpScopes",
      "aws",
      "OAuth scopes belong to GCP service accounts",
      "grant permissions to the instance's role (identity.name) instead",
    );
  }
}

export function checkCluster(scope: IConstruct, props: ClusterProps, spec: ClusterSpec): void {
  const channel = props.releaseChannel;
  if (channel !== undefined && channel !== "extended") {
    throw unsupportedOnCloud(
      scope,
      `releaseChannel ${JSON.stringify(channel)}`,
      "aws",
      "EKS has no release channels, only standard or extended support for the pinned version",
      'leave releaseChannel out for standard support, or use "extended"',
    );
  }
  for (const prop of ["maintenanceWindow", "maintenanceExclusions", "globalAccess"] as const) {
    if (props[prop] !== undefined) {
      throw unsupportedOnCloud(
        scope,
        prop,
        "aws",
        prop === "globalAccess"
          ? "EKS has no regional limit on its private endpoint to lift"
          : "EKS has no maintenance policy: its control plane and managed node groups upgrade only when Terraform asks",
        `remove ${prop} from aws stacks`,
      );
    }
  }
  const offered = AWS_DATA.kubernetesVersions;
  if (offered[spec.version] === "extended" && channel !== "extended") {
    const standard = Object.keys(offered).filter((v) => offered[v] === "standard");
    throw invalidConfig(
      scope,
      `version ${JSON.stringify(spec.version)} is only in EKS extended support`,
      `set releaseChannel to "extended", or use version ${standard.map((v) => JSON.stringify(v)).join(", ")}`,
    );
  }
  if (spec.zones < 2) {
    throw invalidConfig(
      scope,
      `EKS needs subnets in at least two availability zones, but network '${props.network.node.path}' spans ${spec.zones}`,
      "set zones to 2 or more on the Network",
    );
  }
  // With access entries only, the identity of the first apply is the only admin; if that is not CI
  // (or CI's role changes), nobody can reach the cluster. Production needs a named break-glass role.
  if (stackOf(scope).production && spec.admins.length === 0) {
    throw invalidProp(
      scope,
      "admins",
      spec.admins,
      "names no IAM role, but a production EKS cluster needs at least one admin besides the identity that first applied it",
      'add the ARN of a role your platform team or CI assumes, e.g. admins: ["arn:aws:iam::123456789012:role/platform-admins"]',
    );
  }
  for (const admin of spec.admins) {
    if (!Token.isUnresolved(admin) && !ADMIN.test(admin)) {
      throw invalidProp(
        scope,
        "admins",
        admin,
        "is not an IAM role or user ARN",
        'use e.g. "arn:aws:iam::123456789012:role/platform-admins"',
      );
    }
  }
}
