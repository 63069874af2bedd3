import { createHash } from "crypto";
import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsDatabaseResources } from "./aws/database";
import { resolveRule, ResolvedRule, RuleSet, Source } from "./core/connections";
import { invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { builderOf, perCloud, targetOf } from "./core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "./core/sizes";
import { stackOf, StackInfo } from "./core/stack-info";
import type { Built } from "./core/target";
import { Check, Checks, PropRules, validateAllProps } from "./core/validate";
import type { GcpDatabaseResources } from "./gcp/database";
import { requireNetwork } from "./network";
import {
  DatabaseAttributes,
  DatabaseProps,
  DatabaseSpec,
  Engine,
  IDatabase,
  ImportedDatabaseAttributes,
  MaintenanceWindow,
  SecretGrant,
  WEEKDAYS,
} from "./contracts/database";
import type { IClusterServiceAccount } from "./contracts/cluster-service-account";
import type { Identity } from "./contracts/identity";
import { brand, hasBrand } from "./private/brand";
import { otherCloudProblem } from "./private/identity";

export type {
  DatabaseAttributes,
  DatabaseProps,
  Engine,
  IDatabase,
  ImportedDatabaseAttributes,
  MaintenanceWindow,
  SecretGrant,
  Weekday,
} from "./contracts/database";

/** Major versions each cloud offers, per engine (from each cloud's data file). */
export const ENGINE_VERSIONS = perCloud((t) => t.data.engineVersions);

/** Storage bounds in GB per cloud (AWS gp3, GCP SSD). */
export const STORAGE_BOUNDS = perCloud((t) => t.data.storageBounds);

const PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };
const DEFAULT_VERSION: Record<Engine, string> = { postgres: "17", mysql: "8.4" };
const RESERVED_NAMES: Record<Engine, string[]> = {
  postgres: ["postgres", "template0", "template1", "rdsadmin", "cloudsqladmin"],
  mysql: ["mysql", "sys", "information_schema", "performance_schema", "rdsadmin"],
};

const isEngine = (engine: unknown) => engine === "postgres" || engine === "mysql";
const engine = Checks.that(isEngine, "is not a supported engine", 'use "postgres" or "mysql"');
const wholeNumber = (fix: string) =>
  Checks.all(Checks.number(), Checks.that(Number.isInteger, "is not a whole number", fix));

const WINDOW_RULES: PropRules<MaintenanceWindow> = {
  day: Checks.must(
    (day) => WEEKDAYS.includes(day),
    "is not a weekday",
    `use one of ${WEEKDAYS.map((d) => `"${d}"`).join(", ")}`,
  ),
  hour: Checks.all(
    Checks.number(),
    Checks.must(
      (hour) => Number.isInteger(hour) && hour >= 0 && hour <= 23,
      "is not an hour of the day",
      "use a whole number from 0 to 23 (UTC)",
    ),
  ),
};

/** Days of backups: at least one (backups cannot be turned off), at most what the cloud keeps. */
const backupDays: Check = (scope, prop, days) => {
  Checks.number()(scope, prop, days);
  const { cloud, data } = targetOf(scope);
  Checks.that(
    (d: number) => Number.isInteger(d) && d >= 1 && d <= data.maxBackupDays,
    `is outside 1 to ${data.maxBackupDays} days on ${cloud}`,
    `set backupRetentionDays to a whole number from 1 to ${data.maxBackupDays}; backups cannot be turned off`,
  )(scope, prop, days);
};

// What depends on another prop (the engine's versions, storage bounds) is checked in resolve.
const RULES: PropRules<DatabaseProps> = {
  network: (scope, _prop, network) => void requireNetwork(scope, network as never),
  engine,
  version: Checks.string(),
  size: Checks.that(isSizeName, "is not a size class", `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`),
  machineType: checkMachineTypes,
  storageGb: wholeNumber("set storageGb in whole GB"),
  maxStorageGb: Checks.number(),
  highAvailability: Checks.boolean(),
  backupRetentionDays: backupDays,
  pointInTimeRecovery: Checks.boolean(),
  deletionProtection: Checks.boolean(),
  production: Checks.boolean(),
  maintenanceWindow: (scope, prop, window) => {
    if (window === undefined) return;
    validateAllProps<MaintenanceWindow>(scope, window, WINDOW_RULES, {
      prefix: `${prop}.`,
      fix: 'pass { day, hour }, e.g. { day: "sun", hour: 3 }',
    });
  },
  databaseName: Checks.string(),
  allowFrom: Checks.list(() => undefined),
  encryptionKey: checkEncryptionKey,
  labels: checkLabels,
  extendedSupport: Checks.boolean(),
};

const ATTRIBUTE_RULES: PropRules<ImportedDatabaseAttributes> = {
  engine: Checks.must(isEngine, "is not a supported engine", 'use "postgres" or "mysql"'),
  host: Checks.must(
    (host) => typeof host === "string" && host !== "",
    "is not a non-empty string",
    (_, prop) => `pass the database's ${prop}`,
  ),
  secretRef: Checks.must(
    (ref) => typeof ref === "string" && ref !== "",
    "is not a non-empty string",
    (_, prop) => `pass the database's ${prop}`,
  ),
  port: Checks.that(
    (port) => Number.isInteger(port) && port >= 1 && port <= 65535,
    "is not a port",
    "use a whole number from 1 to 65535",
  ),
};

/**
 * What owned and imported databases share: what their clients read.
 * Extend it for an IDatabase of your own: it carries the brand consumers recognise.
 */
export abstract class DatabaseBase extends Construct implements IDatabase {
  /** @internal */
  static readonly landformKind = "Database";
  abstract readonly engine: Engine;
  abstract readonly port: number;
  abstract readonly host: string;
  abstract readonly secretRef: string;
  /** @internal The customer-managed key that encrypts the secret (AWS), if any. */
  protected secretKey?: string;
  private readonly secretGrants = new Map<string, SecretGrant>();

  /**
   * Lets `grantee` (a cloud identity, or a Kubernetes service account with one) read the
   * database's credentials secret, and nothing else. The grant is declared beside the grantee
   * when it is a construct (a service account in a workloads stack), so the database's stack never
   * depends on the stacks of its clients. Granting the same identity twice returns the first grant.
   */
  grantRead(grantee: Identity | IClusterServiceAccount): SecretGrant {
    const account = Construct.isConstruct(grantee) ? (grantee as IClusterServiceAccount) : undefined;
    const identity = account ? account.identity : (grantee as Identity);
    if (typeof identity !== "object" || identity === null || typeof identity.principal !== "string")
      throw invalidProp(
        this,
        "grantRead.grantee",
        account ? account.node.path : grantee,
        account ? "is a service account without a cloud identity" : "is not an identity",
        "pass an Identity ({ name, id, principal }) or a ClusterServiceAccount with an identity",
      );
    const target = targetOf(this);
    const problem = otherCloudProblem(this, identity);
    if (problem)
      throw invalidProp(
        this,
        "grantRead.grantee",
        identity.principal,
        `${problem}: a ${target.cloud} database grants only ${target.cloud} identities`,
        `grant the identity of something on ${target.cloud}`,
      );
    const known = this.secretGrants.get(identity.principal);
    if (known) return known;
    const grant = target.database.grantRead;
    if (!grant)
      throw invalidProp(
        this,
        "grantRead",
        identity.principal,
        `is not supported on ${target.cloud}`,
        "grant read on the secret yourself",
      );
    const scope = account ?? this;
    const id = account
      ? `ReadSecret-${createHash("sha256").update(this.node.path).digest("hex").slice(0, 8)}`
      : `ReadSecret${this.secretGrants.size}`;
    const resource = grant(scope as Construct, id, {
      secretRef: this.secretRef,
      encryptionKey: this.secretKey,
      identity,
    });
    const result = { identity, database: this, resource };
    this.secretGrants.set(identity.principal, result);
    return result;
  }
}
brand(DatabaseBase, "IDatabase");

/** True for any database with Landform's brand: a Database or one from `Database.fromAttributes`. */
export function isDatabase(value: unknown): value is IDatabase {
  return hasBrand(value, "IDatabase");
}

/**
 * A managed PostgreSQL or MySQL instance: RDS or Cloud SQL, reachable only on private
 * addresses, encrypted, backed up, with its admin password kept in the cloud's secret store.
 */
export class Database extends DatabaseBase {
  /**
   * A database made elsewhere, for clients here (its host, port and credentials secret).
   * Landform declares no resources for it; open it to clients where it is defined.
   */
  static fromAttributes(scope: Construct, id: string, attributes: ImportedDatabaseAttributes): IDatabase {
    return new ImportedDatabase(scope, id, attributes);
  }

  readonly engine: Engine;
  readonly version: string;
  /** Private address clients connect to. */
  readonly host: string;
  readonly port: number;
  readonly databaseName: string;
  readonly username: string;
  /** Where the admin credentials live (never the credentials): a Secrets Manager ARN or a Secret Manager secret id. */
  readonly secretRef: string;
  private readonly built: Built<DatabaseAttributes>;
  private readonly rules = new RuleSet();

  constructor(scope: Construct, id: string, props: DatabaseProps) {
    super(scope, id);
    const spec = resolve(this, stackOf(this), props);
    const builder = builderOf(this, "database");
    builder.check(this, props, spec);
    ({
      engine: this.engine,
      version: this.version,
      port: this.port,
      databaseName: this.databaseName,
      username: this.username,
    } = spec);
    this.built = builder.build(this, spec);
    ({ host: this.host, secretRef: this.secretRef } = this.built.attributes);
    // AWS: RDS encrypts its managed secret with the database's key (master_user_secret_kms_key_id).
    this.secretKey = spec.encryptionKey;
    for (const rule of spec.allowFrom) this.addRule(rule);
  }

  /** Lets `from` (a CIDR or a construct such as a ComputeInstance) connect on the engine's port, and nothing else. */
  allowFrom(from: Source): void {
    this.addRule(resolveRule(this, "allowFrom", { from, port: this.port }));
  }

  /** Escape hatch to the AWS resources (DB instance, subnet group, security group, parameter group). Throws on other clouds. */
  get aws(): AwsDatabaseResources {
    return resourcesOn<AwsDatabaseResources>(this, "aws", this.built.resources);
  }

  /** Escape hatch to the GCP resources (SQL instance, database, user, secret, firewall rules). Throws on other clouds. */
  get gcp(): GcpDatabaseResources {
    return resourcesOn<GcpDatabaseResources>(this, "gcp", this.built.resources);
  }

  private addRule(rule: ResolvedRule): void {
    if (this.rules.add(rule)) this.built.addIngress!(rule);
  }
}

class ImportedDatabase extends DatabaseBase {
  readonly engine: Engine;
  readonly port: number;
  readonly host: string;
  readonly secretRef: string;

  constructor(scope: Construct, id: string, a: ImportedDatabaseAttributes) {
    super(scope, id);
    stackOf(this);
    validateAllProps<ImportedDatabaseAttributes>(this, a, ATTRIBUTE_RULES, {
      fix: "pass { host, secretRef, engine }",
      nullsFirst: true,
    });
    this.engine = a.engine;
    this.port = a.port ?? PORTS[a.engine];
    this.host = a.host;
    this.secretRef = a.secretRef;
  }
}

function resolve(scope: Database, stack: StackInfo, props: DatabaseProps): DatabaseSpec {
  validateAllProps<DatabaseProps>(scope, props, RULES, {
    fix: "pass DatabaseProps with at least network",
    nullsFirst: true,
  });
  const cloud = stack.cloud;
  const data = targetOf(scope).data;
  const engine = props.engine ?? "postgres";
  const version = props.version ?? DEFAULT_VERSION[engine];
  const versions = data.engineVersions[engine];
  if (!versions.includes(version)) {
    throw invalidProp(
      scope,
      "version",
      version,
      `is not offered for ${engine} on ${cloud}`,
      `use one of ${versions.map((v) => `"${v}"`).join(", ")}`,
    );
  }
  const production = props.production ?? stack.production;
  const bounds = data.storageBounds;
  const storageGb = props.storageGb ?? 20;
  if (!Token.isUnresolved(storageGb) && storageGb < bounds.min) {
    throw invalidProp(
      scope,
      "storageGb",
      storageGb,
      `is below the minimum of ${bounds.min} for ${engine} on ${cloud}`,
      `set storageGb to ${bounds.min} or more`,
    );
  }
  if (!Token.isUnresolved(storageGb) && storageGb > bounds.max) {
    throw invalidProp(
      scope,
      "storageGb",
      storageGb,
      `is above the maximum of ${bounds.max} for ${engine} on ${cloud}`,
      `set storageGb to ${bounds.max} or less`,
    );
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
    );
  }
  if (RESERVED_NAMES[engine].includes(databaseName)) {
    throw invalidProp(
      scope,
      "databaseName",
      databaseName,
      `is reserved by ${engine} or the cloud`,
      'choose another name, e.g. "app"',
    );
  }
  const port = PORTS[engine];
  return {
    network: props.network,
    engine,
    version,
    machineType: machineType(cloud, "database", props.size ?? "small", props.machineType),
    storageGb,
    maxStorageGb,
    highAvailability: props.highAvailability ?? production,
    backupRetentionDays: props.backupRetentionDays ?? (production ? 30 : 7),
    pointInTimeRecovery: props.pointInTimeRecovery ?? true,
    deletionProtection: props.deletionProtection ?? production,
    production,
    maintenanceWindow: props.maintenanceWindow ?? { day: "sun", hour: 3 },
    databaseName,
    username: data.databaseUsernames[engine],
    port,
    allowFrom: (props.allowFrom ?? []).map((from, i) => resolveRule(scope, `allowFrom[${i}]`, { from, port })),
    encryptionKey: props.encryptionKey,
    labels: checkLabels(scope, "labels", props.labels),
    extendedSupport: props.extendedSupport ?? false,
  };
}
