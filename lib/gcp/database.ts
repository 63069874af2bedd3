import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { SecretManagerSecret } from "@cdktf/provider-google/lib/secret-manager-secret";
import { SecretManagerSecretIamMember } from "@cdktf/provider-google/lib/secret-manager-secret-iam-member";
import { SecretManagerSecretVersion } from "@cdktf/provider-google/lib/secret-manager-secret-version";
import { SqlDatabase } from "@cdktf/provider-google/lib/sql-database";
import { SqlDatabaseInstance } from "@cdktf/provider-google/lib/sql-database-instance";
import { SqlUser } from "@cdktf/provider-google/lib/sql-user";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { refPart } from "../core/ref-part";
import { stackOf } from "../core/stack-info";
import { portText, ResolvedRule } from "../core/connections";
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
import { FirewallRules, peerServiceAccount, PRIORITY } from "./firewall";
import { requireApis } from "./apis";
import { EphemeralPassword } from "./ephemeral-password";
import { PrivateServices } from "./private-services";

export interface GcpDatabaseResources {
  readonly instance: SqlDatabaseInstance;
  readonly database: SqlDatabase;
  /** The admin user (postgres, or root@% on MySQL), its password set from `password`. */
  readonly user: SqlUser;
  /**
   * The generated password: an ephemeral `random_password`, so its value is in neither the
   * synthesized JSON nor Terraform state. It reaches Cloud SQL and Secret Manager through write-only
   * arguments at creation only; rotate by bumping `user.passwordWoVersion` and
   * `secretVersion.secretDataWoVersion` together.
   */
  readonly password: EphemeralPassword;
  /** Holds `{"username", "password"}` as JSON, like the secret RDS manages. */
  readonly secret: SecretManagerSecret;
  readonly secretVersion: SecretManagerSecretVersion;
  readonly privateServices: PrivateServices;
  /** Egress rules that let allowed sources reach this instance. */
  readonly egressRules: FirewallRules;
}

const FLAGS: Record<Engine, Record<string, string>> = {
  postgres: { log_connections: "on", log_disconnections: "on", "cloudsql.iam_authentication": "on" },
  mysql: { local_infile: "off", cloudsql_iam_authentication: "on" },
};

/** A Cloud SQL instance on private services access only, TLS-only, with its admin password in Secret Manager. */
export function buildDatabase(scope: Construct, spec: DatabaseSpec): Built<DatabaseAttributes, GcpDatabaseResources> {
  const stack = stackOf(scope);
  const name = stack.nameFor(scope, NameRules.gcp);
  const privateServices = PrivateServices.of(spec.network);
  const { day, hour } = spec.maintenanceWindow;
  const postgres = spec.engine === "postgres";
  const autoresize = spec.maxStorageGb > spec.storageGb;

  const instance = new SqlDatabaseInstance(scope, "Resource", {
    name,
    region: stack.region,
    databaseVersion: `${spec.engine.toUpperCase()}_${spec.version.replace(".", "_")}`,
    encryptionKeyName: spec.encryptionKey,
    deletionProtection: spec.deletionProtection,
    settings: {
      tier: spec.machineType,
      // Postgres 16+ would default to Enterprise Plus, which rejects db-custom tiers.
      edition: "ENTERPRISE",
      availabilityType: spec.highAvailability ? "REGIONAL" : "ZONAL",
      diskType: "PD_SSD",
      diskSize: spec.storageGb,
      diskAutoresize: autoresize,
      diskAutoresizeLimit: autoresize ? spec.maxStorageGb : undefined,
      deletionProtectionEnabled: spec.deletionProtection,
      retainBackupsOnDelete: spec.production,
      userLabels: spec.labels,
      ipConfiguration: {
        ipv4Enabled: false,
        privateNetwork: spec.network.networkId,
        allocatedIpRange: privateServices.rangeName,
        sslMode: "ENCRYPTED_ONLY",
        enablePrivatePathForGoogleCloudServices: false,
      },
      backupConfiguration: {
        enabled: true,
        startTime: hourText(hour, -1),
        pointInTimeRecoveryEnabled: postgres ? spec.pointInTimeRecovery : undefined,
        binaryLogEnabled: postgres ? undefined : spec.pointInTimeRecovery,
        transactionLogRetentionDays: Math.min(7, spec.backupRetentionDays),
        backupRetentionSettings: { retainedBackups: spec.backupRetentionDays, retentionUnit: "COUNT" },
      },
      maintenanceWindow: { day: WEEKDAYS.indexOf(day) + 1, hour, updateTrack: "stable" },
      insightsConfig: { queryInsightsEnabled: true },
      databaseFlags: Object.entries(FLAGS[spec.engine]).map(([flag, value]) => ({ name: flag, value })),
    },
    dependsOn: privateServices.connection ? [privateServices.connection] : undefined,
    // Once Cloud SQL has grown the disk, the configured size is smaller than the real one, and the
    // provider replaces the instance to "shrink" it: destroying the data. The size is the starting size.
    lifecycle: autoresize ? { ignoreChanges: ["settings[0].disk_size"] } : undefined,
  });

  const database = new SqlDatabase(scope, "Database", { name: spec.databaseName, instance: instance.name });

  // One random provider per stack, made by whichever construct needs it first.
  if (!stack.node.tryFindChild("RandomProvider")) new RandomProvider(stack, "RandomProvider");
  // Ephemeral and write-only: the password is generated in the apply that creates the user and
  // the secret version, and is kept in no state. Both must be written in the same run, so the
  // user is re-created (and its password set again) whenever the secret version is replaced.
  const password = new EphemeralPassword(scope, "Password", 32);
  const secret = new SecretManagerSecret(scope, "Secret", {
    secretId: stack.nameFor(scope, NameRules.gcp, "credentials"),
    labels: spec.labels,
    replication: { auto: {} },
  });
  const secretVersion = new SecretManagerSecretVersion(scope, "SecretVersion", {
    secret: secret.id,
    secretDataWo: Fn.jsonencode({ username: spec.username, password: password.result }),
    secretDataWoVersion: 1,
    // A new instance gets a new admin user below, so it gets a new secret version too.
    lifecycle: { replaceTriggeredBy: [`${instance.terraformResourceType}.${instance.friendlyUniqueId}.id`] },
  });
  const user = new SqlUser(scope, "AdminUser", {
    name: spec.username,
    instance: instance.name,
    host: postgres ? undefined : "%",
    passwordWo: password.result,
    passwordWoVersion: 1,
    // The built-in admin user cannot be dropped; Terraform lets go of it instead.
    deletionPolicy: "ABANDON",
    lifecycle: { replaceTriggeredBy: [`${secretVersion.terraformResourceType}.${secretVersion.friendlyUniqueId}.id`] },
  });

  privateServices.denyEgress(spec.port);
  requireApis(scope, ["compute", "servicenetworking", "sqladmin", "secretmanager"]);
  requireApis(privateServices, ["compute", "servicenetworking"]);
  const egressRules: FirewallRules = {};
  const addIngress = (rule: ResolvedRule) => {
    const peer = peerServiceAccount(scope, rule);
    egressRules[rule.id] = new ComputeFirewall(scope, rule.id, {
      name: stack.nameFor(scope, NameRules.gcp, rule.id.toLowerCase()),
      description: `${rule.protocol} ${portText(rule)} to ${scope.node.path} from ${rule.cidr ?? rule.peer!.owner.node.path}`,
      network: spec.network.networkId,
      direction: "EGRESS",
      priority: PRIORITY.databaseAllow,
      destinationRanges: [`${instance.privateIpAddress}/32`],
      // Egress rules match the sender by its service account, or by its address.
      targetServiceAccounts: peer ? [peer] : undefined,
      sourceRanges: rule.cidr ? [rule.cidr] : undefined,
      allow: [{ protocol: rule.protocol, ports: [portText(rule)] }],
    });
  };

  return {
    attributes: { host: instance.privateIpAddress, secretRef: secret.id },
    resources: { instance, database, user, password, secret, secretVersion, privateServices, egressRules },
    addIngress,
  };
}

/** Secret Manager's accessor role on the database's credentials secret only, for the identity. */
export function grantSecretRead(
  scope: Construct,
  id: string,
  grant: DatabaseSecretGrant,
): SecretManagerSecretIamMember {
  return new SecretManagerSecretIamMember(scope, id, {
    secretId: grant.secretRef,
    role: "roles/secretmanager.secretAccessor",
    member: grant.identity.principal,
  });
}

/**
 * External Secrets Operator's GCP Secret Manager provider, authenticated as the service account
 * through GKE workload identity (`auth.workloadIdentity.serviceAccountRef`, ESO docs
 * `provider/google-secrets-manager.md`; cluster name and location come from the metadata server), in
 * the secret's project, read by its short name (ESO builds `projects/<projectID>/secrets/<key>`).
 */
export function secretStore(secretRef: string, serviceAccount: string): { provider: object; key: string } {
  return {
    provider: {
      gcpsm: {
        // projects/<project>/secrets/<name>
        projectID: refPart(secretRef, "/", 1),
        auth: { workloadIdentity: { serviceAccountRef: { name: serviceAccount } } },
      },
    },
    key: refPart(secretRef, "/", 3),
  };
}
