import { IConstruct } from "constructs";
import { ResolvedRule, Source } from "../core/connections";
import { MachineTypes, SizeName } from "../core/sizes";
import type { IClusterServiceAccount } from "./cluster-service-account";
import type { Identity } from "./identity";
import { INetwork } from "./network";

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
  readonly network: INetwork;
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
  /** Weekly one-hour maintenance window (UTC); daily backups start an hour before it. @default { day: "sun", hour: 3 } */
  readonly maintenanceWindow?: MaintenanceWindow;
  /** The database created inside the instance. @default "app" */
  readonly databaseName?: string;
  /** Who may connect on the engine's port: CIDRs or Landform constructs. More can be added with allowFrom. @default - nobody */
  readonly allowFrom?: Source[];
  /** Customer-managed key for storage, backups and the credentials secret (AWS). @default - the cloud's own key */
  readonly encryptionKey?: string;
  /** Tags (AWS) or labels (GCP) on the database. @default - only the stack's */
  readonly labels?: Record<string, string>;
  /**
   * AWS: enrol a new instance in RDS Extended Support (paid), so it may keep running a major
   * version past the end of standard support; the Database twin of a Cluster's releaseChannel
   * "extended". Fixed at creation: RDS cannot change it on an existing instance. Not supported on
   * gcp. @default false
   */
  readonly extendedSupport?: boolean;
}

export interface DatabaseSpec {
  readonly network: INetwork;
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
  /** AWS: RDS Extended Support at creation. */
  readonly extendedSupport: boolean;
}

/** What clients of a database use; also what `Database.fromAttributes` takes for one made elsewhere. */
export interface DatabaseAttributes {
  /** Private address clients connect to. */
  readonly host: string;
  /** AWS: ARN of the RDS-managed Secrets Manager secret. GCP: Secret Manager secret id. */
  readonly secretRef: string;
}

/** What `Database.fromAttributes` takes for a database made elsewhere. */
export interface ImportedDatabaseAttributes extends DatabaseAttributes {
  readonly engine: Engine;
  /** @default - the engine's port: 5432 for postgres, 3306 for mysql */
  readonly port?: number;
}

/** A database, made by Landform or imported with `Database.fromAttributes`: what its clients need. */
export interface IDatabase extends IConstruct, DatabaseAttributes {
  readonly engine: Engine;
  readonly port: number;
  /**
   * Lets `grantee` (a cloud identity, or a Kubernetes service account with one) read the
   * database's credentials secret, and nothing else: `secretsmanager:GetSecretValue` on that one
   * secret (and decrypt with its key) on AWS, `roles/secretmanager.secretAccessor` on that one
   * secret on GCP. Granting the same identity twice returns the first grant.
   */
  grantRead(grantee: Identity | IClusterServiceAccount): SecretGrant;
}

/** What `database.grantRead` added. */
export interface SecretGrant {
  /** The identity that may read the secret. */
  readonly identity: Identity;
  /** The database whose credentials secret it may read. */
  readonly database: IDatabase;
  /** The resource that holds the grant: AWS an inline role policy, GCP a secret IAM member. */
  readonly resource: IConstruct;
}

/** What a cloud grants read on: the secret, and (AWS) the customer-managed key that encrypts it. */
export interface DatabaseSecretGrant {
  readonly secretRef: string;
  readonly encryptionKey?: string;
  readonly identity: Identity;
}

export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/** `hour` shifted by `delta` hours, wrapped to 0-23, as `HH:00`. */
export function hourText(hour: number, delta = 0): string {
  return `${String((hour + delta + 24) % 24).padStart(2, "0")}:00`;
}
