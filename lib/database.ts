import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsDatabaseResources } from "./aws/database";
import { resolveRule, ResolvedRule, RuleSet, Source } from "./core/connections";
import { invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { booleanProp, listProp, numberProp, objectProp, rejectNulls, stringProp } from "./core/prop-types";
import { builderOf, perCloud, targetOf } from "./core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "./core/sizes";
import { stackOf, StackInfo } from "./core/stack-info";
import type { Built } from "./core/target";
import type { GcpDatabaseResources } from "./gcp/database";
import { requireNetwork } from "./network";
import { DatabaseAttributes, DatabaseProps, DatabaseSpec, Engine, IDatabase, WEEKDAYS } from "./contracts/database";

export type {
  DatabaseAttributes,
  DatabaseProps,
  Engine,
  IDatabase,
  MaintenanceWindow,
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

/**
 * A managed PostgreSQL or MySQL instance: RDS or Cloud SQL, reachable only on private
 * addresses, encrypted, backed up, with its admin password kept in the cloud's secret store.
 */
export class Database extends Construct implements IDatabase {
  /** @internal */
  static readonly landformKind = "Database";

  /**
   * A database made elsewhere, for clients here (its host, port and credentials secret).
   * Landform declares no resources for it; open it to clients where it is defined.
   */
  static fromAttributes(
    scope: Construct,
    id: string,
    attributes: DatabaseAttributes & { readonly engine: Engine; readonly port?: number },
  ): IDatabase {
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

class ImportedDatabase extends Construct implements IDatabase {
  static readonly landformKind = "Database";
  readonly engine: Engine;
  readonly port: number;
  readonly host: string;
  readonly secretRef: string;

  constructor(
    scope: Construct,
    id: string,
    a: DatabaseAttributes & { readonly engine: Engine; readonly port?: number },
  ) {
    super(scope, id);
    stackOf(this);
    if (typeof a !== "object" || a === null) {
      throw invalidProp(this, "attributes", a, "is missing", "pass { host, secretRef, engine }");
    }
    if (a.engine !== "postgres" && a.engine !== "mysql") {
      throw invalidProp(this, "engine", a.engine, "is not a supported engine", 'use "postgres" or "mysql"');
    }
    for (const prop of ["host", "secretRef"] as const) {
      if (typeof a[prop] !== "string" || a[prop] === "") {
        throw invalidProp(this, prop, a[prop], "is not a non-empty string", `pass the database's ${prop}`);
      }
    }
    const port = a.port ?? PORTS[a.engine];
    if (!Token.isUnresolved(port) && !(Number.isInteger(port) && port >= 1 && port <= 65535)) {
      throw invalidProp(this, "port", port, "is not a port", "use a whole number from 1 to 65535");
    }
    this.engine = a.engine;
    this.port = port;
    this.host = a.host;
    this.secretRef = a.secretRef;
  }
}

function resolve(scope: Database, stack: StackInfo, props: DatabaseProps): DatabaseSpec {
  if (typeof props !== "object" || props === null) {
    throw invalidProp(scope, "props", props, "is missing", "pass DatabaseProps with at least network");
  }
  rejectNulls(scope, props);
  const cloud = stack.cloud;
  const data = targetOf(scope).data;
  const network = requireNetwork(scope, props.network);
  const engine = props.engine ?? "postgres";
  if (engine !== "postgres" && engine !== "mysql") {
    throw invalidProp(scope, "engine", engine, "is not a supported engine", 'use "postgres" or "mysql"');
  }
  const version = stringProp(scope, "version", props.version) ?? DEFAULT_VERSION[engine];
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
  const size = props.size ?? "small";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      "size",
      size,
      "is not a size class",
      `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`,
    );
  }
  const type = machineType(cloud, "database", size, checkMachineTypes(scope, "machineType", props.machineType));
  const production = booleanProp(scope, "production", props.production, stack.production);

  const bounds = data.storageBounds;
  const storageGb = numberProp(scope, "storageGb", props.storageGb, 20);
  if (!Token.isUnresolved(storageGb)) {
    if (!Number.isInteger(storageGb))
      throw invalidProp(scope, "storageGb", storageGb, "is not a whole number", "set storageGb in whole GB");
    if (storageGb < bounds.min) {
      throw invalidProp(
        scope,
        "storageGb",
        storageGb,
        `is below the minimum of ${bounds.min} for ${engine} on ${cloud}`,
        `set storageGb to ${bounds.min} or more`,
      );
    }
    if (storageGb > bounds.max) {
      throw invalidProp(
        scope,
        "storageGb",
        storageGb,
        `is above the maximum of ${bounds.max} for ${engine} on ${cloud}`,
        `set storageGb to ${bounds.max} or less`,
      );
    }
  }
  const maxStorageGb = numberProp(scope, "maxStorageGb", props.maxStorageGb, Math.min(storageGb * 5, bounds.max));
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

  const highAvailability = booleanProp(scope, "highAvailability", props.highAvailability, production);
  const backupRetentionDays = numberProp(scope, "backupRetentionDays", props.backupRetentionDays, production ? 30 : 7);
  const maxDays = data.maxBackupDays;
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
    );
  }
  const window = props.maintenanceWindow ?? { day: "sun", hour: 3 };
  objectProp(scope, "maintenanceWindow", window, 'pass { day, hour }, e.g. { day: "sun", hour: 3 }');
  numberProp(scope, "maintenanceWindow.hour", window.hour, 0);
  if (!WEEKDAYS.includes(window.day)) {
    throw invalidProp(
      scope,
      "maintenanceWindow.day",
      window.day,
      "is not a weekday",
      `use one of ${WEEKDAYS.map((d) => `"${d}"`).join(", ")}`,
    );
  }
  if (!(Number.isInteger(window.hour) && window.hour >= 0 && window.hour <= 23)) {
    throw invalidProp(
      scope,
      "maintenanceWindow.hour",
      window.hour,
      "is not an hour of the day",
      "use a whole number from 0 to 23 (UTC)",
    );
  }

  const databaseName = stringProp(scope, "databaseName", props.databaseName) ?? "app";
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
  const encryptionKey = checkEncryptionKey(scope, "encryptionKey", props.encryptionKey);
  const labels = checkLabels(scope, "labels", props.labels);

  const port = PORTS[engine];
  return {
    network,
    engine,
    version,
    machineType: type,
    storageGb,
    maxStorageGb,
    highAvailability,
    backupRetentionDays,
    pointInTimeRecovery: booleanProp(scope, "pointInTimeRecovery", props.pointInTimeRecovery, true),
    deletionProtection: booleanProp(scope, "deletionProtection", props.deletionProtection, production),
    production,
    maintenanceWindow: window,
    databaseName,
    username: data.databaseUsernames[engine],
    port,
    allowFrom: listProp(scope, "allowFrom", props.allowFrom).map((from, i) =>
      resolveRule(scope, `allowFrom[${i}]`, { from: from as Source, port }),
    ),
    encryptionKey,
    labels,
    extendedSupport: booleanProp(scope, "extendedSupport", props.extendedSupport, false),
  };
}
