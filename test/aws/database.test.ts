import { Database, DatabaseProps, Network } from "../../lib";
import { onlyResource, resourcesOf, synth, testStack } from "../helpers";

type Props = Omit<DatabaseProps, "network">;

function database(props: Props = {}, environment = "dev", cloud: "aws" | "gcp" = "aws") {
  const stack = testStack(cloud, { environment });
  const network = new Network(stack, "network");
  new Database(stack, "orders", { network, ...props });
  return synth(stack).config;
}

describe("F11: RDS log groups created first, with retention", () => {
  test.each([
    ["dev", 30],
    ["prod", 365],
  ])("%s: one group per exported log, retention %i days, and the instance depends on them", (env, days) => {
    const config = database({}, env);
    const groups = Object.entries(config.resource!.aws_cloudwatch_log_group).filter(([k]) => k.startsWith("orders_"));
    expect(groups.map(([, g]) => g)).toEqual([
      expect.objectContaining({ name: "/aws/rds/instance/aws-test-orders/postgresql", retention_in_days: days }),
      expect.objectContaining({ name: "/aws/rds/instance/aws-test-orders/upgrade", retention_in_days: days }),
    ]);
    const instance = onlyResource(config, "aws_db_instance");
    expect(instance.enabled_cloudwatch_logs_exports).toEqual(["postgresql", "upgrade"]);
    expect(instance.depends_on).toEqual(groups.map(([k]) => `aws_cloudwatch_log_group.${k}`));
  });

  test("mysql exports and pre-creates the error log", () => {
    const config = database({ engine: "mysql" });
    expect(resourcesOf(config, "aws_cloudwatch_log_group").map((g) => g.name)).toContain(
      "/aws/rds/instance/aws-test-orders/error",
    );
  });
});

describe("F12: no paid RDS Extended Support unless asked", () => {
  test("disabled by default, and left alone on existing instances", () => {
    const instance = onlyResource(database(), "aws_db_instance");
    expect(instance.engine_lifecycle_support).toBe("open-source-rds-extended-support-disabled");
    expect(instance.lifecycle).toEqual({ ignore_changes: ["engine_lifecycle_support"] });
  });

  test("extendedSupport: true enrols the instance", () => {
    const instance = onlyResource(database({ extendedSupport: true }), "aws_db_instance");
    expect(instance.engine_lifecycle_support).toBe("open-source-rds-extended-support");
  });

  test("gcp refuses the prop", () => {
    expect(() => database({ extendedSupport: false }, "dev", "gcp")).toThrow(
      "Database 'gcp-test/orders': extendedSupport is not supported on gcp: Cloud SQL has no per-instance extended-support setting; instances on an end-of-life major version are enrolled and billed automatically; remove extendedSupport from gcp stacks and keep version on a supported major version.",
    );
  });

  test("a non-boolean is an error", () => {
    expect(() => database({ extendedSupport: "yes" as unknown as boolean })).toThrow(/extendedSupport "yes"/);
  });
});

describe("F13: production databases are not burstable and have enhanced monitoring", () => {
  test("the default size resolves to db.m6i.large in production, and stays db.t3.medium in dev", () => {
    expect(onlyResource(database({}, "prod"), "aws_db_instance").instance_class).toBe("db.m6i.large");
    expect(onlyResource(database({}, "dev"), "aws_db_instance").instance_class).toBe("db.t3.medium");
    expect(onlyResource(database({ production: true }, "dev"), "aws_db_instance").instance_class).toBe("db.m6i.large");
  });

  test("an explicit burstable class in production fails with the fix", () => {
    expect(() => database({ machineType: { aws: "db.t4g.large" } }, "prod")).toThrow(
      `Database 'aws-test/orders': machineType.aws "db.t4g.large" is a burstable class, which a production database must not use: its CPU credits run out under sustained load; use an m- or r-class such as "db.m6i.large" or "db.r6g.large", or a size such as "medium".`,
    );
    expect(() => database({ machineType: { aws: "db.t4g.large" } }, "dev")).not.toThrow();
  });

  test("production: enhanced monitoring every 60 s through a role with AmazonRDSEnhancedMonitoringRole", () => {
    const config = database({}, "prod");
    const instance = onlyResource(config, "aws_db_instance");
    const [roleKey, role] = Object.entries(config.resource!.aws_iam_role).find(([k]) =>
      k.startsWith("orders_MonitoringRole"),
    )!;
    expect(instance.monitoring_interval).toBe(60);
    expect(instance.monitoring_role_arn).toBe(`\${aws_iam_role.${roleKey}.arn}`);
    const trust = JSON.parse(role.assume_role_policy as string).Statement[0];
    expect(trust.Principal).toEqual({ Service: "monitoring.rds.amazonaws.com" });
    expect(trust.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "${data.aws_caller_identity.AwsCallerIdentity.account_id}" },
    });
    expect(
      resourcesOf(config, "aws_iam_role_policy_attachment").find((a) => a.role === `\${aws_iam_role.${roleKey}.name}`),
    ).toMatchObject({
      policy_arn:
        "arn:${data.aws_partition.AwsPartition.partition}:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole",
    });
  });

  test("dev has no enhanced monitoring", () => {
    const instance = onlyResource(database(), "aws_db_instance");
    expect(instance).not.toHaveProperty("monitoring_interval");
    expect(instance).not.toHaveProperty("monitoring_role_arn");
  });
});
