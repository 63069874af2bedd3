import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { DbParameterGroup } from "@cdktf/provider-aws/lib/db-parameter-group";
import { DbSubnetGroup } from "@cdktf/provider-aws/lib/db-subnet-group";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { Construct } from "constructs";
import { refPart } from "../core/ref-part";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import type { Built } from "../core/target";
import {
  DatabaseAttributes,
  DatabaseSecretGrant,
  DatabaseSpec,
  Engine,
  hourText,
  WEEKDAYS,
} from "../contracts/database";
import { callerOf } from "./account";
import { PRODUCTION_DATABASE_CLASSES } from "./data";
import { assumeRolePolicy, attachManaged } from "./iam";
import { addIngressRule, IngressRules } from "./ingress";

export interface AwsDatabaseResources {
  readonly instance: DbInstance;
  readonly subnetGroup: DbSubnetGroup;
  /** Admits only the allowed sources on the engine port; no egress. */
  readonly securityGroup: SecurityGroup;
  readonly parameterGroup: DbParameterGroup;
  readonly ingressRules: IngressRules;
  /** The log groups RDS exports to, created first so they have a retention. */
  readonly logGroups: CloudwatchLogGroup[];
  /** The enhanced-monitoring role (production only). */
  readonly monitoringRole?: IamRole;
}

/** Parameters that make TLS mandatory and connections auditable. */
const PARAMETERS: Record<Engine, Record<string, string>> = {
  postgres: { "rds.force_ssl": "1", log_connections: "1", log_disconnections: "1" },
  mysql: { require_secure_transport: "1", local_infile: "0" },
};
const LOG_EXPORTS: Record<Engine, string[]> = { postgres: ["postgresql", "upgrade"], mysql: ["error"] };

/** An RDS instance in the private subnets, encrypted, TLS-only, with RDS managing the admin password in Secrets Manager. */
export function buildDatabase(scope: Construct, spec: DatabaseSpec): Built<DatabaseAttributes, AwsDatabaseResources> {
  const stack = stackOf(scope);
  const identifier = stack.nameFor(scope, NameRules.awsStrict);
  const tags = spec.labels;

  const subnetGroup = new DbSubnetGroup(scope, "SubnetGroup", {
    name: identifier,
    description: `Private subnets of Landform Database ${scope.node.path}`,
    subnetIds: [...spec.network.privateSubnetIds],
    tags,
  });
  // No rules inline: ingress comes only from allowFrom, and a database needs no egress.
  const securityGroup = new SecurityGroup(scope, "SecurityGroup", {
    name: stack.nameFor(scope, NameRules.awsLoose),
    description: `Landform Database ${scope.node.path}`,
    vpcId: spec.network.networkId,
    tags: { ...tags, Name: identifier },
  });

  const family = `${spec.engine}${spec.version}`;
  const parameterGroup = new DbParameterGroup(scope, "ParameterGroup", {
    // The family is in the name: a major upgrade needs a new group, created before the old one goes.
    name: `${identifier}-${family.replace(/\./g, "-")}`.slice(0, 255),
    family,
    description: `TLS required; Landform Database ${scope.node.path}`,
    parameter: Object.entries(PARAMETERS[spec.engine]).map(([name, value]) => ({ name, value })),
    tags,
    lifecycle: { createBeforeDestroy: true },
  });

  // RDS would create these groups itself on first export, with no expiry.
  const logGroups = LOG_EXPORTS[spec.engine].map(
    (log) =>
      new CloudwatchLogGroup(scope, `LogGroup-${log}`, {
        name: `/aws/rds/instance/${identifier}/${log}`,
        retentionInDays: spec.production ? 365 : 30,
        tags,
      }),
  );
  const monitoringRole = spec.production ? buildMonitoringRole(scope, identifier) : undefined;

  const { day, hour } = spec.maintenanceWindow;
  const nextDay = hour === 23 ? WEEKDAYS[(WEEKDAYS.indexOf(day) + 1) % 7] : day;
  const instance = new DbInstance(scope, "Resource", {
    identifier,
    engine: spec.engine,
    engineVersion: spec.version,
    // A production instance never runs on a burstable class: the AWS checks reject one given
    // explicitly, and a size's burstable default is swapped for its m-class here.
    instanceClass: spec.production
      ? (PRODUCTION_DATABASE_CLASSES[spec.machineType] ?? spec.machineType)
      : spec.machineType,
    port: spec.port,
    dbName: spec.databaseName,
    username: spec.username,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: spec.encryptionKey,
    allocatedStorage: spec.storageGb,
    maxAllocatedStorage: spec.maxStorageGb > spec.storageGb ? spec.maxStorageGb : undefined,
    storageType: "gp3",
    storageEncrypted: true,
    kmsKeyId: spec.encryptionKey,
    dbSubnetGroupName: subnetGroup.name,
    vpcSecurityGroupIds: [securityGroup.id],
    parameterGroupName: parameterGroup.name,
    publiclyAccessible: false,
    iamDatabaseAuthenticationEnabled: true,
    multiAz: spec.highAvailability,
    backupRetentionPeriod: spec.backupRetentionDays,
    backupWindow: `${hourText(hour, -1)}-${hourText(hour, -1).replace(":00", ":30")}`,
    maintenanceWindow: `${day}:${hourText(hour)}-${nextDay}:${hourText(hour, 1)}`,
    copyTagsToSnapshot: true,
    autoMinorVersionUpgrade: true,
    // A major upgrade happens only when `version` changes, in place as on Cloud SQL; without this
    // flag RDS refuses the change and the portable prop would work on one cloud only.
    allowMajorVersionUpgrade: true,
    deletionProtection: spec.deletionProtection,
    skipFinalSnapshot: !spec.production,
    finalSnapshotIdentifier: spec.production ? `${identifier}-final` : undefined,
    deleteAutomatedBackups: !spec.production,
    performanceInsightsEnabled: true,
    performanceInsightsRetentionPeriod: 7,
    performanceInsightsKmsKeyId: spec.encryptionKey,
    enabledCloudwatchLogsExports: LOG_EXPORTS[spec.engine],
    monitoringInterval: monitoringRole ? 60 : undefined,
    monitoringRoleArn: monitoringRole?.arn,
    // Without this RDS enrols every instance in paid Extended Support once its major version
    // leaves standard support (cf. EKS upgrade_policy STANDARD).
    engineLifecycleSupport: spec.extendedSupport
      ? "open-source-rds-extended-support"
      : "open-source-rds-extended-support-disabled",
    tags,
    dependsOn: logGroups,
    // RDS sets the lifecycle only at create or restore; the provider would otherwise plan an
    // in-place change that never converges on instances created before this setting
    // (hashicorp/terraform-provider-aws#44552).
    lifecycle: { ignoreChanges: ["engine_lifecycle_support"] },
  });

  const ingressRules: IngressRules = {};
  return {
    attributes: { host: instance.address, secretRef: instance.masterUserSecret.get(0).secretArn },
    resources: { instance, subnetGroup, securityGroup, parameterGroup, ingressRules, logGroups, monitoringRole },
    addIngress: (rule) => addIngressRule(scope, securityGroup, rule, ingressRules),
  };
}

/** The role RDS enhanced monitoring publishes OS metrics with, usable only by this account's RDS. */
function buildMonitoringRole(scope: Construct, identifier: string): IamRole {
  const role = new IamRole(scope, "MonitoringRole", {
    name: stackOf(scope).nameFor(scope, NameRules.awsIam, "monitoring"),
    description: `Enhanced monitoring of RDS instance ${identifier}`,
    assumeRolePolicy: assumeRolePolicy("monitoring.rds.amazonaws.com", {
      StringEquals: { "aws:SourceAccount": callerOf(scope).accountId },
    }),
  });
  attachManaged(scope, role, "MonitoringRole", { Policy: "service-role/AmazonRDSEnhancedMonitoringRole" });
  return role;
}

/**
 * An inline policy on the identity's role that reads the database's credentials secret and nothing
 * else: GetSecretValue and DescribeSecret on that ARN, and Decrypt with the customer-managed key
 * that encrypts it (RDS `master_user_secret_kms_key_id`) when there is one; an AWS-managed key
 * needs no grant in the role.
 */
export function grantSecretRead(scope: Construct, id: string, grant: DatabaseSecretGrant): IamRolePolicy {
  return new IamRolePolicy(scope, id, {
    name: `${scope.node.id}-read-${id}`.slice(0, 128),
    role: grant.identity.name,
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "ReadSecret",
          Effect: "Allow",
          Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
          Resource: grant.secretRef,
        },
        ...(grant.encryptionKey
          ? [{ Sid: "DecryptSecret", Effect: "Allow", Action: ["kms:Decrypt"], Resource: grant.encryptionKey }]
          : []),
      ],
    }),
  });
}

/**
 * External Secrets Operator's AWS Secrets Manager provider, authenticated as the service account
 * through IRSA (`auth.jwt.serviceAccountRef`, ESO docs `provider/aws-access.md`; not usable with EKS
 * Pod Identity), in the secret's own region, read by ARN.
 */
export function secretStore(secretRef: string, serviceAccount: string): { provider: object; key: string } {
  return {
    provider: {
      aws: {
        service: "SecretsManager",
        // arn:aws:secretsmanager:<region>:<account>:secret:<name>
        region: refPart(secretRef, ":", 3),
        auth: { jwt: { serviceAccountRef: { name: serviceAccount } } },
      },
    },
    key: secretRef,
  };
}
