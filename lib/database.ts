import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsDatabaseResources } from "./aws/database";
import { Cloud, forCloud } from "./core/cloud";
import { CloudStack } from "./core/cloud-stack";
import { resourcesOn } from "./core/escape-hatch";
import { resolveRule, ResolvedRule, RuleSet, Source } from "./core/connections";
import { invalidConfig, invalidProp, LandformError, unsupportedOnCloud } from "./core/errors";
import { encryptionKeyProblem } from "./core/keys";
import { labelsProblem } from "./core/labels";
import { isSizeName, machineType, MachineTypes, SIZE_NAMES, SizeName } from "./core/sizes";
import type { GcpDatabaseResources } from "./gcp/database";
import { Network, requireNetwork } from "./network";

export type Engine = "postgres" | "mysql";
export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";

/** A weekly one-hour window, in UTC. */
export interface MaintenanceWindow {
  readonly day: Weekday;
  /** Hour the window starts, 0 to 23, UTC. */
  readonly hour: number;
}

export interface DatabaseProps {
  /** The network whose private addresses the database is reachable on. */
  readonly network: Network;
  /** @default "postgres" */
  readonly engine?: Engine;
  /** Major version, from the cloud's table in ENGINE_VERSIONS. @default - "17" for postgres, "8.4" for mysql */
  readonly version?: string;
  /** Portable size class. @default "small" */
  readonly size?: SizeName;
  /** An exact machine type per cloud (`db.r6g.large`, `db-custom-4-16384`). @default - the size's machine type */
  readonly machineType?: MachineTypes;
  /** Storage at creation, in GB. @default 20 */
  readonly storageGb?: number;
  /** Ceiling storage may grow to on its own; equal to storageGb turns growth off. @default - five times storageGb, within the engine's maximum */
  readonly maxStorageGb?: number;
  /** A standby in another zone with automatic failover (AWS Multi-AZ, GCP REGIONAL). @default - true in production */
  readonly highAvailability?: boolean;
  /** Days of automated backups. @default - 30 in production, 7 otherwise */
  readonly backupRetentionDays?: number;
  /** Point-in-time recovery from transaction logs. Always on for AWS. @default true */
  readonly pointInTimeRecovery?: boolean;
  /** Refuse deletion through the cloud's API and Terraform. @default - true in production */
  readonly deletionProtection?: boolean;
  /** Treat this database as production: HA, deletion protection, longer backups, final snapshot. @default - the stack's production flag */
  readonly production?: boolean;
  /** Weekly maintenance window (UTC); daily backups run in the two hours before it. @default { day: "sun", hour: 3 } */
  readonly maintenanceWindow?: MaintenanceWindow;
  /** The database created inside the instance. @default "app" */
  readonly databaseName?: string;
  /** Who may connect on the engine's port: CIDRs or Landform constructs. More can be added with allowFrom. @default - nobody */
  readonly allowFrom?: Source[];
  /** Customer-managed key for storage, backups and the credentials secret (AWS). @default - the cloud's own key */
  readonly encryptionKey?: string;
  /** Tags (AWS) or labels (GCP) on the database. @default - only the stack's */
  readonly labels?: Record<string, string>;
}

export interface DatabaseSpec {
  readonly network: Network;
  readonly engine: Engine;
  readonly version: string;
  readonly machineType: string;
  readonly storageGb: number;
  readonly maxStorageGb: number;
  readonly highAvailability: boolean;
  readonly backupRetentionDays: number;
  readonly pointInTimeRecovery: boolean;
  readonly deletionProtection: boolean;
  readonly production: boolean;
  readonly maintenanceWindow: MaintenanceWindow;
  readonly databaseName: string;
  /** The admin user: the engine's built-in one where the cloud has it. */
  readonly username: string;
  readonly port: number;
  readonly allowFrom: ResolvedRule[];
  readonly encryptionKey?: string;
  readonly labels: Record<string, string>;
}

export interface DatabaseAttributes {
  readonly host: string;
  /** AWS: ARN of the RDS-managed Secrets Manager secret. GCP: Secret Manager secret id. */
  readonly secretRef: string;
}

export interface DatabaseBuild<R> {
  readonly attributes: DatabaseAttributes;
  readonly resources: R;
  addIngress(rule: ResolvedRule): void;
}

/** Major versions each cloud offers, per engine: the one table to update when clouds add or retire one. */
export const ENGINE_VERSIONS: Readonly<Record<Cloud, Record<Engine, readonly string[]>>> = {
  aws: { postgres: ["13", "14", "15", "16", "17"], mysql: ["8.0", "8.4"] },
  gcp: { postgres: ["12", "13", "14", "15", "16", "17"], mysql: ["5.7", "8.0", "8.4"] },
};

/** Storage bounds in GB (AWS gp3, GCP SSD). */
export const STORAGE_BOUNDS: Readonly<Record<Cloud, { min: number; max: number }>> = {
  aws: { min: 20, max: 65536 },
  gcp: { min: 10, max: 65536 },
};

const BACKUP_DAYS: Record<Cloud, number> = { aws: 35, gcp: 365 };
const PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };
const USERNAMES: Record<Cloud, Record<Engine, string>> = {
  aws: { postgres: "postgres", mysql: "admin" },
  gcp: { postgres: "postgres", mysql: "root" },
};
const DEFAULT_VERSION: Record<Engine, string> = { postgres: "17", mysql: "8.4" };
const RESERVED_NAMES: Record<Engine, string[]> = {
  postgres: ["postgres", "template0", "template1", "rdsadmin", "cloudsqladmin"],
  mysql: ["mysql", "sys", "information_schema", "performance_schema", "rdsadmin"],
};
/** Shared-core tiers have no SLA-backed failover. */
const SHARED_CORE = ["db-f1-micro", "db-g1-small"];
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const KIND = "Database";

/**
 * A managed PostgreSQL or MySQL instance: RDS or Cloud SQL, reachable only on private
 * addresses, encrypted, backed up, with its admin password kept in the cloud's secret store.
 */
export class Database extends Construct {
  readonly engine: Engine;
  readonly version: string;
  /** Private address clients connect to. */
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  /** Where the admin credentials live (never the credentials): a Secrets Manager ARN or a Secret Manager secret id. */
  readonly secretRef: string;
  readonly spec: DatabaseSpec;
  private readonly stack: CloudStack;
  private readonly build: DatabaseBuild<AwsDatabaseResources | GcpDatabaseResources>;
  private readonly rules = new RuleSet();

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    this.stack = CloudStack.of(this);
    this.spec = resolve(this, this.stack, props);
    ({
      engine: this.engine,
      version: this.version,
      port: this.port,
      databaseName: this.databaseName,
      username: this.username,
    } = this.spec);
    this.build = forCloud<DatabaseBuild<AwsDatabaseResources | GcpDatabaseResources>>(this.stack.cloud, {
      aws: () => (require("./aws/database") as typeof import("./aws/database")).buildDatabase(this, this.spec),
      gcp: () => (require("./gcp/database") as typeof import("./gcp/database")).buildDatabase(this, this.spec),
    });
    ({ host: this.host, secretRef: this.secretRef } = this.build.attributes);
    for (const rule of this.spec.allowFrom) this.addRule(rule);
  }

  /** Lets `from` (a CIDR or a construct such as a ComputeInstance) connect on the engine's port, and nothing else. */
  allowFrom(from: Source): void {
    this.addRule(resolveRule(this, "allowFrom", { from, port: this.port }, KIND));
  }

  /** Escape hatch to the AWS resources (DB instance, subnet group, security group, parameter group). Throws on other clouds. */
  get aws(): AwsDatabaseResources {
    return resourcesOn<AwsDatabaseResources>(this, "aws", this.build.resources);
  }

  /** Escape hatch to the GCP resources (SQL instance, database, user, secret, firewall rules). Throws on other clouds. */
  get gcp(): GcpDatabaseResources {
    return resourcesOn<GcpDatabaseResources>(this, "gcp", this.build.resources);
  }

  private addRule(rule: ResolvedRule): void {
    if (this.rules.add(rule)) this.build.addIngress(rule);
  }
}

function resolve(scope: Database, stack: CloudStack, props: DatabaseProps): DatabaseSpec {
  const cloud = stack.cloud;
  requireNetwork(scope, props.network, KIND);
  if (cloud === "aws" && props.network.zones < 2) {
    throw invalidConfig(
      scope,
      `an RDS subnet group needs subnets in at least two availability zones, but network '${props.network.node.path}' spans ${props.network.zones}`,
      "set zones to 2 or more on the Network",
      KIND,
    );
  }
  const engine = props.engine ?? "postgres";
  if (engine !== "postgres" && engine !== "mysql") {
    throw invalidProp(scope, "engine", engine, "is not a supported engine", 'use "postgres" or "mysql"', KIND);
  }
  const version = props.version ?? DEFAULT_VERSION[engine];
  const versions = ENGINE_VERSIONS[cloud][engine];
  if (!versions.includes(version)) {
    throw invalidProp(
      scope,
      "version",
      version,
      `is not offered for ${engine} on ${cloud}`,
      `use one of ${versions.map((v) => `"${v}"`).join(", ")}`,
      KIND,
    );
  }
  const size = props.size ?? "small";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      "size",
      size,
      "is not a size class",
      `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`,
      KIND,
    );
  }
  const type = machineType(cloud, "database", size, props.machineType);
  const production = props.production ?? stack.production;

  const bounds = STORAGE_BOUNDS[cloud];
  const storageGb = props.storageGb ?? 20;
  if (!Token.isUnresolved(storageGb)) {
    if (!Number.isInteger(storageGb))
      throw invalidProp(scope, "storageGb", storageGb, "is not a whole number", "set storageGb in whole GB", KIND);
    if (storageGb < bounds.min) {
      throw invalidProp(
        scope,
        "storageGb",
        storageGb,
        `is below the minimum of ${bounds.min} for ${engine} on ${cloud}`,
        `set storageGb to ${bounds.min} or more`,
        KIND,
      );
    }
    if (storageGb > bounds.max) {
      throw invalidProp(
        scope,
        "storageGb",
        storageGb,
        `is above the maximum of ${bounds.max} for ${engine} on ${cloud}`,
        `set storageGb to ${bounds.max} or less`,
        KIND,
      );
    }
  }
  const maxStorageGb = props.maxStorageGb ?? Math.min(storageGb * 5, bounds.max);
  if (
    !Token.isUnresolved(maxStorageGb) &&
    !(Number.isInteger(maxStorageGb) && maxStorageGb >= storageGb && maxStorageGb <= bounds.max)
  ) {
    throw invalidProp(
      scope,
      "maxStorageGb",
      maxStorageGb,
      `is outside ${storageGb} (storageGb) to ${bounds.max} for ${engine} on ${cloud}`,
      `set maxStorageGb between ${storageGb} and ${bounds.max}`,
      KIND,
    );
  }

  const highAvailability = props.highAvailability ?? production;
  if (highAvailability && cloud === "gcp" && SHARED_CORE.includes(type)) {
    throw invalidConfig(
      scope,
      `highAvailability needs a dedicated-core machine type, and ${type} is shared-core on gcp`,
      'choose a size (e.g. "small") or a db-custom machine type, or set highAvailability to false',
      KIND,
    );
  }
  const backupRetentionDays = props.backupRetentionDays ?? (production ? 30 : 7);
  const maxDays = BACKUP_DAYS[cloud];
  if (
    !Token.isUnresolved(backupRetentionDays) &&
    !(Number.isInteger(backupRetentionDays) && backupRetentionDays >= 1 && backupRetentionDays <= maxDays)
  ) {
    throw invalidProp(
      scope,
      "backupRetentionDays",
      backupRetentionDays,
      `is outside 1 to ${maxDays} days on ${cloud}`,
      `set backupRetentionDays to a whole number from 1 to ${maxDays}; backups cannot be turned off`,
      KIND,
    );
  }
  if (cloud === "gcp" && highAvailability && props.pointInTimeRecovery === false) {
    throw invalidConfig(
      scope,
      `highAvailability on gcp needs point-in-time recovery (${engine === "mysql" ? "binary logs" : "write-ahead log archiving"}), and pointInTimeRecovery is false`,
      "leave pointInTimeRecovery on, or set highAvailability to false",
      KIND,
    );
  }
  if (cloud === "aws" && props.pointInTimeRecovery === false) {
    throw unsupportedOnCloud(
      scope,
      "pointInTimeRecovery: false",
      "aws",
      "RDS always keeps transaction logs for point-in-time recovery while backups are on",
      "leave pointInTimeRecovery out on aws stacks",
      KIND,
    );
  }

  const window = props.maintenanceWindow ?? { day: "sun", hour: 3 };
  if (!WEEKDAYS.includes(window.day)) {
    throw invalidProp(
      scope,
      "maintenanceWindow.day",
      window.day,
      "is not a weekday",
      `use one of ${WEEKDAYS.map((d) => `"${d}"`).join(", ")}`,
      KIND,
    );
  }
  if (!(Number.isInteger(window.hour) && window.hour >= 0 && window.hour <= 23)) {
    throw invalidProp(
      scope,
      "maintenanceWindow.hour",
      window.hour,
      "is not an hour of the day",
      "use a whole number from 0 to 23 (UTC)",
      KIND,
    );
  }

  const databaseName = props.databaseName ?? "app";
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(databaseName)) {
    throw invalidProp(
      scope,
      "databaseName",
      databaseName,
      `is not a name both clouds accept for ${engine}`,
      "use 1-63 lowercase letters, digits and underscores, starting with a letter",
      KIND,
    );
  }
  if (RESERVED_NAMES[engine].includes(databaseName)) {
    throw invalidProp(
      scope,
      "databaseName",
      databaseName,
      `is reserved by ${engine} or the cloud`,
      'choose another name, e.g. "app"',
      KIND,
    );
  }
  const keyProblem = props.encryptionKey === undefined ? undefined : encryptionKeyProblem(cloud, props.encryptionKey);
  if (keyProblem) throw invalidProp(scope, "encryptionKey", props.encryptionKey, ...keyProblem, KIND);
  const labels = props.labels ?? {};
  const problem = labelsProblem(cloud, labels);
  if (problem)
    throw new LandformError(
      `${KIND} '${scope.node.path}': labels ${problem}; fix the key or value, Landform does not rewrite them.`,
    );

  const port = PORTS[engine];
  return {
    network: props.network,
    engine,
    version,
    machineType: type,
    storageGb,
    maxStorageGb,
    highAvailability,
    backupRetentionDays,
    pointInTimeRecovery: props.pointInTimeRecovery ?? true,
    deletionProtection: props.deletionProtection ?? production,
    production,
    maintenanceWindow: window,
    databaseName,
    username: USERNAMES[cloud][engine],
    port,
    allowFrom: (props.allowFrom ?? []).map((from, i) => resolveRule(scope, `allowFrom[${i}]`, { from, port }, KIND)),
    encryptionKey: props.encryptionKey,
    labels,
  };
}

/** `hour` shifted by `delta` hours, wrapped to 0-23, as `HH:00`. */
export function hourText(hour: number, delta = 0): string {
  return `${String((hour + delta + 24) % 24).padStart(2, "0")}:00`;
}
