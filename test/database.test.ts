import { TerraformOutput } from "cdktf";
import { Cloud, Database, DatabaseProps, ENGINE_VERSIONS, Network } from "../lib";
import { CLOUDS, once, onlyResource, resourcesOf, synth, testStack, TerraformJson } from "./helpers";

type Props = Omit<DatabaseProps, "network">;

function database(cloud: Cloud, props: Props = {}, environment = "dev") {
  const stack = testStack(cloud, { environment });
  const network = new Network(stack, "network");
  const db = new Database(stack, "orders", { network, ...props });
  return { stack, network, db, ...synth(stack) };
}
/** The same, built once per scenario for the tests that only read it. */
const scenario = once(database);

const rds = (config: TerraformJson) => onlyResource(config, "aws_db_instance");
const sql = (config: TerraformJson) => onlyResource(config, "google_sql_database_instance");
const settings = (config: TerraformJson) => sql(config).settings as Record<string, unknown>;

describe("Database on aws", () => {
  test("defaults: private, encrypted, TLS forced, RDS-managed password, backups, PITR, minor upgrades, tags to snapshots", () => {
    const { config } = scenario("aws");
    expect(rds(config)).toMatchObject({
      identifier: "aws-test-orders",
      engine: "postgres",
      engine_version: "17",
      instance_class: "db.t3.medium",
      port: 5432,
      db_name: "app",
      username: "postgres",
      manage_master_user_password: true,
      allocated_storage: 20,
      max_allocated_storage: 100,
      storage_type: "gp3",
      storage_encrypted: true,
      publicly_accessible: false,
      iam_database_authentication_enabled: true,
      multi_az: false,
      backup_retention_period: 7,
      backup_window: "02:00-02:30",
      maintenance_window: "sun:03:00-sun:04:00",
      copy_tags_to_snapshot: true,
      auto_minor_version_upgrade: true,
      allow_major_version_upgrade: true,
      deletion_protection: false,
      skip_final_snapshot: true,
      delete_automated_backups: true,
      performance_insights_enabled: true,
      performance_insights_retention_period: 7,
      enabled_cloudwatch_logs_exports: ["postgresql", "upgrade"],
      db_subnet_group_name: expect.stringContaining("aws_db_subnet_group.orders_SubnetGroup_"),
      parameter_group_name: expect.stringContaining("aws_db_parameter_group.orders_ParameterGroup_"),
    });
    expect(rds(config).password).toBeUndefined();
    expect(rds(config).final_snapshot_identifier).toBeUndefined();
    expect(rds(config).kms_key_id).toBeUndefined();
    const subnets = onlyResource(config, "aws_db_subnet_group").subnet_ids as string[];
    expect(subnets).toHaveLength(2);
    for (const s of subnets) expect(s).toContain("aws_subnet.network_PrivateSubnet");
  });

  test("the security group has no rules until a source is allowed, and no egress at all", () => {
    const { config } = scenario("aws");
    expect(onlyResource(config, "aws_security_group")).toMatchObject({ name: "aws-test-orders" });
    expect(onlyResource(config, "aws_security_group").ingress).toBeUndefined();
    expect(resourcesOf(config, "aws_vpc_security_group_ingress_rule")).toHaveLength(0);
    expect(resourcesOf(config, "aws_vpc_security_group_egress_rule")).toHaveLength(0);
  });

  test("parameter group forces TLS for each engine, named by family and replaced before destroy", () => {
    const pg = onlyResource(scenario("aws").config, "aws_db_parameter_group");
    expect(pg).toMatchObject({
      name: "aws-test-orders-postgres17",
      family: "postgres17",
      lifecycle: { create_before_destroy: true },
    });
    expect(pg.parameter).toEqual([
      { name: "rds.force_ssl", value: "1" },
      { name: "log_connections", value: "1" },
      { name: "log_disconnections", value: "1" },
    ]);
    const my = scenario("aws", { engine: "mysql", version: "8.0" }).config;
    expect(onlyResource(my, "aws_db_parameter_group")).toMatchObject({
      name: "aws-test-orders-mysql8-0",
      family: "mysql8.0",
      parameter: [
        { name: "require_secure_transport", value: "1" },
        { name: "local_infile", value: "0" },
      ],
    });
    expect(rds(my)).toMatchObject({
      engine: "mysql",
      engine_version: "8.0",
      port: 3306,
      username: "admin",
      enabled_cloudwatch_logs_exports: ["error"],
    });
  });

  test("production: Multi-AZ, deletion protection, 30 days of backups, a final snapshot, backups kept after deletion", () => {
    expect(rds(scenario("aws", {}, "prod").config)).toMatchObject({
      multi_az: true,
      deletion_protection: true,
      backup_retention_period: 30,
      skip_final_snapshot: false,
      final_snapshot_identifier: "aws-test-orders-final",
      delete_automated_backups: false,
    });
  });

  test("encryptionKey encrypts storage, the managed secret and Performance Insights", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    expect(rds(scenario("aws", { encryptionKey: key }).config)).toMatchObject({
      kms_key_id: key,
      master_user_secret_kms_key_id: key,
      performance_insights_kms_key_id: key,
    });
  });

  test("a one-zone network is rejected: an RDS subnet group needs two availability zones", () => {
    const stack = testStack("aws");
    const network = new Network(stack, "network", { zones: 1 });
    expect(() => new Database(stack, "orders", { network })).toThrow(
      "Database 'aws-test/orders': an RDS subnet group needs subnets in at least two availability zones, but network 'aws-test/network' spans 1; set zones to 2 or more on the Network.",
    );
  });

  test("pointInTimeRecovery cannot be turned off on aws", () => {
    expect(() => database("aws", { pointInTimeRecovery: false })).toThrow(
      "Database 'aws-test/orders': pointInTimeRecovery: false is not supported on aws: RDS always keeps transaction logs for point-in-time recovery while backups are on; leave pointInTimeRecovery out on aws stacks.",
    );
    expect(() => database("aws", { pointInTimeRecovery: true })).not.toThrow();
  });

  test("a maintenance window at 23:00 ends on the next day, and backups run before it", () => {
    expect(rds(scenario("aws", { maintenanceWindow: { day: "sun", hour: 23 } }).config)).toMatchObject({
      maintenance_window: "sun:23:00-mon:00:00",
      backup_window: "22:00-22:30",
    });
    expect(rds(scenario("aws", { maintenanceWindow: { day: "wed", hour: 0 } }).config).backup_window).toBe(
      "23:00-23:30",
    );
  });

  test("escape hatch and secret reference", () => {
    const { db } = scenario("aws");
    expect(db.aws.parameterGroup).toBeDefined();
    expect(() => db.gcp).toThrow(
      "Database 'aws-test/orders': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });

  test("snapshot", () => {
    expect(scenario("aws").json).toMatchSnapshot();
  });
});

describe("Database on gcp", () => {
  test("defaults: private services access only, TLS only, backups with PITR, Enterprise edition, insights", () => {
    const { config } = scenario("gcp");
    expect(sql(config)).toMatchObject({
      name: "gcp-test-orders",
      region: "europe-west1",
      database_version: "POSTGRES_17",
      deletion_protection: false,
      depends_on: expect.arrayContaining([
        expect.stringMatching(/^google_service_networking_connection\.network_PrivateServices_Connection_/),
      ]),
    });
    expect(settings(config)).toMatchObject({
      tier: "db-custom-2-4096",
      edition: "ENTERPRISE",
      availability_type: "ZONAL",
      disk_type: "PD_SSD",
      disk_size: 20,
      disk_autoresize: true,
      disk_autoresize_limit: 100,
      deletion_protection_enabled: false,
      retain_backups_on_delete: false,
      ip_configuration: {
        ipv4_enabled: false,
        ssl_mode: "ENCRYPTED_ONLY",
        private_network: expect.stringContaining("google_compute_network.network_"),
        allocated_ip_range: expect.stringContaining("google_compute_global_address.network_PrivateServices_Range_"),
        enable_private_path_for_google_cloud_services: false,
      },
      backup_configuration: {
        enabled: true,
        start_time: "02:00",
        point_in_time_recovery_enabled: true,
        transaction_log_retention_days: 7,
        backup_retention_settings: { retained_backups: 7, retention_unit: "COUNT" },
      },
      maintenance_window: { day: 7, hour: 3, update_track: "stable" },
      insights_config: { query_insights_enabled: true },
      database_flags: [
        { name: "log_connections", value: "on" },
        { name: "log_disconnections", value: "on" },
        { name: "cloudsql.iam_authentication", value: "on" },
      ],
    });
    expect(sql(config).encryption_key_name).toBeUndefined();
    expect(onlyResource(config, "google_sql_database")).toMatchObject({ name: "app" });
  });

  test("private services access: one reserved range and one peering per network", () => {
    const stack = testStack("gcp");
    const network = new Network(stack, "network");
    new Database(stack, "a", { network });
    new Database(stack, "b", { network, engine: "mysql" });
    const { config } = synth(stack);
    expect(onlyResource(config, "google_compute_global_address")).toMatchObject({
      name: "gcp-test-network-private-services",
      purpose: "VPC_PEERING",
      address_type: "INTERNAL",
      prefix_length: 20,
    });
    expect(onlyResource(config, "google_service_networking_connection")).toMatchObject({
      service: "servicenetworking.googleapis.com",
      reserved_peering_ranges: [expect.stringContaining(".name}")],
      deletion_policy: "ABANDON",
    });
  });

  test("the password is generated by Terraform, written only through write-only arguments, and never in the JSON", () => {
    const { config, json } = scenario("gcp");
    expect(config.resource?.random_password).toBeUndefined();
    expect(Object.values((config as { ephemeral?: Record<string, object> }).ephemeral!.random_password)).toEqual([
      { length: 32, special: false },
    ]);
    expect(config.provider?.random).toEqual([{}]);
    const user = onlyResource(config, "google_sql_user");
    expect(user).toEqual({
      name: "postgres",
      instance: expect.stringContaining("google_sql_database_instance.orders_"),
      password_wo: expect.stringMatching(/^\$\{ephemeral\.random_password\.orders_Password_[0-9A-F]+\.result\}$/),
      password_wo_version: 1,
      deletion_policy: "ABANDON",
      depends_on: expect.any(Array),
      lifecycle: {
        replace_triggered_by: [expect.stringMatching(/^google_secret_manager_secret_version\.orders_.*\.id$/)],
      },
    });
    expect(onlyResource(config, "google_secret_manager_secret")).toMatchObject({
      secret_id: "gcp-test-orders-credentials",
      replication: { auto: {} },
    });
    const version = onlyResource(config, "google_secret_manager_secret_version");
    expect(version.secret_data).toBeUndefined();
    expect(version.secret_data_wo).toMatch(
      /^\$\{jsonencode\(\{"username" = "postgres", "password" = ephemeral\.random_password\.orders_Password_[0-9A-F]+\.result\}\)\}$/,
    );
    expect(json).not.toMatch(/"password"\s*:/);
    expect(config.output).toBeUndefined();
  });

  test("mysql: root@% is the admin user, binary logs give point-in-time recovery, flags harden it", () => {
    const { config } = scenario("gcp", { engine: "mysql" });
    expect(sql(config).database_version).toBe("MYSQL_8_4");
    expect(onlyResource(config, "google_sql_user")).toMatchObject({ name: "root", host: "%" });
    expect(settings(config).backup_configuration).toMatchObject({ binary_log_enabled: true });
    expect(
      (settings(config).backup_configuration as Record<string, unknown>).point_in_time_recovery_enabled,
    ).toBeUndefined();
    expect(settings(config).database_flags).toEqual([
      { name: "local_infile", value: "off" },
      { name: "cloudsql_iam_authentication", value: "on" },
    ]);
  });

  test("high availability needs point-in-time recovery, as Cloud SQL requires", () => {
    expect(() => database("gcp", { highAvailability: true, pointInTimeRecovery: false })).toThrow(
      "Database 'gcp-test/orders': highAvailability on gcp needs point-in-time recovery (write-ahead log archiving), and pointInTimeRecovery is false; leave pointInTimeRecovery on, or set highAvailability to false.",
    );
    expect(() => database("gcp", { engine: "mysql", pointInTimeRecovery: false }, "prod")).toThrow(
      "needs point-in-time recovery (binary logs)",
    );
  });

  test("pointInTimeRecovery false turns off PITR (postgres) or binary logs (mysql)", () => {
    expect(settings(scenario("gcp", { pointInTimeRecovery: false }).config).backup_configuration).toMatchObject({
      point_in_time_recovery_enabled: false,
    });
    expect(
      settings(scenario("gcp", { engine: "mysql", pointInTimeRecovery: false }).config).backup_configuration,
    ).toMatchObject({ binary_log_enabled: false });
  });

  test("production: REGIONAL, deletion protection at both levels, 30 backups kept, and kept after deletion", () => {
    const { config } = scenario("gcp", {}, "prod");
    expect(sql(config).deletion_protection).toBe(true);
    expect(settings(config)).toMatchObject({
      availability_type: "REGIONAL",
      deletion_protection_enabled: true,
      retain_backups_on_delete: true,
      backup_configuration: { backup_retention_settings: { retained_backups: 30 }, transaction_log_retention_days: 7 },
    });
  });

  test("encryptionKey is the instance's CMEK key", () => {
    const key = "projects/acme/locations/europe-west1/keyRings/ring/cryptoKeys/sql";
    expect(sql(scenario("gcp", { encryptionKey: key }).config).encryption_key_name).toBe(key);
  });

  test("HA on a shared-core tier is rejected", () => {
    expect(() => database("gcp", { highAvailability: true, machineType: { gcp: "db-g1-small" } })).toThrow(
      `Database 'gcp-test/orders': highAvailability needs a dedicated-core machine type, and db-g1-small is shared-core on gcp; choose a size (e.g. "small") or a db-custom machine type, or set highAvailability to false.`,
    );
    expect(() => database("gcp", { machineType: { gcp: "db-g1-small" } })).not.toThrow();
  });

  test("escape hatch", () => {
    const { db } = scenario("gcp");
    expect(db.gcp.privateServices.range).toContain("/20");
    expect(() => db.aws).toThrow(".aws is only available on aws stacks, and this stack targets gcp");
  });

  test("snapshot", () => {
    expect(scenario("gcp").json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("Database on %s (portable)", (cloud) => {
  const instanceOf = cloud === "aws" ? rds : sql;

  test("size and machineType", () => {
    const tier = (c: TerraformJson) => (cloud === "aws" ? rds(c).instance_class : settings(c).tier);
    expect(tier(scenario(cloud, { size: "large" }).config)).toBe(
      cloud === "aws" ? "db.m6i.xlarge" : "db-custom-4-16384",
    );
    expect(tier(scenario(cloud, { machineType: { aws: "db.r6g.large", gcp: "db-custom-2-13312" } }).config)).toBe(
      cloud === "aws" ? "db.r6g.large" : "db-custom-2-13312",
    );
  });

  test("every offered version maps to the cloud's version string", () => {
    for (const engine of ["postgres", "mysql"] as const) {
      for (const version of ENGINE_VERSIONS[cloud][engine]) {
        const db = instanceOf(scenario(cloud, { engine, version }).config);
        if (cloud === "aws") expect(db.engine_version).toBe(version);
        else expect(db.database_version).toBe(`${engine.toUpperCase()}_${version.replace(".", "_")}`);
      }
    }
  });

  test("storage, ceiling, HA, retention, deletion protection, window, name, labels", () => {
    const { config } = scenario(cloud, {
      storageGb: 50,
      maxStorageGb: 50,
      highAvailability: true,
      backupRetentionDays: 14,
      deletionProtection: true,
      maintenanceWindow: { day: "tue", hour: 5 },
      databaseName: "orders_db",
      labels: { team: "payments" },
    });
    if (cloud === "aws") {
      expect(rds(config)).toMatchObject({
        allocated_storage: 50,
        multi_az: true,
        backup_retention_period: 14,
        deletion_protection: true,
        maintenance_window: "tue:05:00-tue:06:00",
        backup_window: "04:00-04:30",
        db_name: "orders_db",
        tags: { team: "payments" },
      });
      expect(rds(config).max_allocated_storage).toBeUndefined();
    } else {
      expect(sql(config).deletion_protection).toBe(true);
      expect(settings(config)).toMatchObject({
        disk_size: 50,
        disk_autoresize: false,
        availability_type: "REGIONAL",
        deletion_protection_enabled: true,
        maintenance_window: { day: 2, hour: 5 },
        backup_configuration: { start_time: "04:00", backup_retention_settings: { retained_backups: 14 } },
        user_labels: { team: "payments" },
      });
      expect(settings(config).disk_autoresize_limit).toBeUndefined();
      expect(onlyResource(config, "google_sql_database").name).toBe("orders_db");
    }
  });

  test("production prop overrides the stack: a prod database in a dev stack, and a relaxed one in prod", () => {
    const ha = (c: TerraformJson) => (cloud === "aws" ? rds(c).multi_az : settings(c).availability_type === "REGIONAL");
    expect(ha(scenario(cloud, { production: true }).config)).toBe(true);
    expect(ha(scenario(cloud, { production: false }, "prod").config)).toBe(false);
    const relaxed = scenario(cloud, { highAvailability: false, deletionProtection: false }, "prod").config;
    expect(ha(relaxed)).toBe(false);
    if (cloud === "aws")
      expect(rds(relaxed)).toMatchObject({
        deletion_protection: false,
        storage_encrypted: true,
        publicly_accessible: false,
      });
    else
      expect(settings(relaxed)).toMatchObject({
        deletion_protection_enabled: false,
        ip_configuration: { ipv4_enabled: false, ssl_mode: "ENCRYPTED_ONLY" },
      });
  });

  test("attributes: host, port, database name, user, secret reference", () => {
    const stack = testStack(cloud);
    const network = new Network(stack, "network");
    const db = new Database(stack, "orders", { network, engine: "mysql" });
    expect([db.port, db.databaseName, db.engine, db.version]).toEqual([3306, "app", "mysql", "8.4"]);
    expect(db.username).toBe(cloud === "aws" ? "admin" : "root");
    new TerraformOutput(stack, "host", { value: db.host });
    new TerraformOutput(stack, "secret", { value: db.secretRef });
    const out = synth(stack).config.output!;
    if (cloud === "aws") {
      expect(out.host.value).toMatch(/^\$\{aws_db_instance\.orders_[0-9A-F]+\.address\}$/);
      expect(out.secret.value).toMatch(
        /^\$\{aws_db_instance\.orders_[0-9A-F]+\.master_user_secret\[0\]\.secret_arn\}$/,
      );
    } else {
      expect(out.host.value).toMatch(/^\$\{google_sql_database_instance\.orders_[0-9A-F]+\.private_ip_address\}$/);
      expect(out.secret.value).toMatch(/^\$\{google_secret_manager_secret\.orders_Secret_[0-9A-F]+\.id\}$/);
    }
  });

  const min = cloud === "aws" ? 20 : 10;
  const maxDays = cloud === "aws" ? 35 : 365;
  const versions = cloud === "aws" ? `"13", "14", "15", "16", "17"` : `"12", "13", "14", "15", "16", "17"`;
  test.each<[Props, string]>([
    [{ engine: "oracle" as never }, `engine "oracle" is not a supported engine; use "postgres" or "mysql".`],
    [{ version: "11" }, `version "11" is not offered for postgres on ${cloud}; use one of ${versions}.`],
    [
      { engine: "mysql", version: "17" },
      `version "17" is not offered for mysql on ${cloud}; use one of ${cloud === "aws" ? `"8.0", "8.4"` : `"5.7", "8.0", "8.4"`}.`,
    ],
    [{ size: "tiny" as never }, `size "tiny" is not a size class; use one of "small", "medium", "large", "xlarge".`],
    [
      { storageGb: 5 },
      `storageGb 5 is below the minimum of ${min} for postgres on ${cloud}; set storageGb to ${min} or more.`,
    ],
    [
      { storageGb: 70000 },
      `storageGb 70000 is above the maximum of 65536 for postgres on ${cloud}; set storageGb to 65536 or less.`,
    ],
    [{ storageGb: 20.5 }, "storageGb 20.5 is not a whole number; set storageGb in whole GB."],
    [
      { storageGb: 100, maxStorageGb: 50 },
      `maxStorageGb 50 is outside 100 (storageGb) to 65536 for postgres on ${cloud}; set maxStorageGb between 100 and 65536.`,
    ],
    [
      { backupRetentionDays: 0 },
      `backupRetentionDays 0 is outside 1 to ${maxDays} days on ${cloud}; set backupRetentionDays to a whole number from 1 to ${maxDays}; backups cannot be turned off.`,
    ],
    [
      { backupRetentionDays: 400 },
      `backupRetentionDays 400 is outside 1 to ${maxDays} days on ${cloud}; set backupRetentionDays to a whole number from 1 to ${maxDays}; backups cannot be turned off.`,
    ],
    [
      { maintenanceWindow: { day: "sunday" as never, hour: 3 } },
      `maintenanceWindow.day "sunday" is not a weekday; use one of "mon", "tue", "wed", "thu", "fri", "sat", "sun".`,
    ],
    [
      { maintenanceWindow: { day: "sun", hour: 24 } },
      "maintenanceWindow.hour 24 is not an hour of the day; use a whole number from 0 to 23 (UTC).",
    ],
    [
      { databaseName: "Orders-DB" },
      `databaseName "Orders-DB" is not a name both clouds accept for postgres; use 1-63 lowercase letters, digits and underscores, starting with a letter.`,
    ],
    [
      { databaseName: "template1" },
      `databaseName "template1" is reserved by postgres or the cloud; choose another name, e.g. "app".`,
    ],
    [
      { engine: "mysql", databaseName: "mysql" },
      `databaseName "mysql" is reserved by mysql or the cloud; choose another name, e.g. "app".`,
    ],
    [
      { allowFrom: ["0.0.0.0"] },
      `allowFrom[0].from "0.0.0.0" is not an IPv4 CIDR block; use an IPv4 CIDR such as "10.0.0.0/16", or a Landform construct.`,
    ],
  ])("rejects %j", (props, message) => {
    expect(() => database(cloud, props)).toThrow(`Database '${cloud}-test/orders': ${message}`);
  });

  test("rejects encryption keys and labels the cloud cannot use", () => {
    const path = `Database '${cloud}-test/orders'`;
    if (cloud === "aws") {
      expect(() => database(cloud, { encryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k" })).toThrow(
        `${path}: encryptionKey "projects/p/locations/l/keyRings/r/cryptoKeys/k" is not a KMS key ARN;`,
      );
      expect(() => database(cloud, { labels: { "aws:x": "y" } })).toThrow(
        `${path}: labels key "aws:x" uses the reserved "aws:" prefix; fix the key or value, Landform does not rewrite them.`,
      );
    } else {
      expect(() => database(cloud, { encryptionKey: "arn:aws:kms:eu-west-1:123456789012:key/abc" })).toThrow(
        `${path}: encryptionKey "arn:aws:kms:eu-west-1:123456789012:key/abc" is not a Cloud KMS key id;`,
      );
      expect(() => database(cloud, { labels: { team: "Payments" } })).toThrow(
        `${path}: labels value "Payments" of "team" breaks GCP's label rules`,
      );
    }
  });

  test("production snapshot with mysql and every prop", () => {
    const { json } = scenario(
      cloud,
      {
        engine: "mysql",
        version: "8.0",
        size: "medium",
        storageGb: 100,
        maxStorageGb: 500,
        backupRetentionDays: 21,
        maintenanceWindow: { day: "sat", hour: 1 },
        databaseName: "orders",
        allowFrom: ["10.0.0.0/16"],
        labels: { team: "payments" },
      },
      "prod",
    );
    expect(json).toMatchSnapshot();
  });
});
