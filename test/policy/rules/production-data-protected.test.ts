import { productionDataProtected } from "../../../lib/policy/rules/production-data-protected";
import { check } from "../helpers";

describe("production-data-protected", () => {
  test.each([
    ["aws_db_instance", { deletion_protection: true, backup_retention_period: 7 }, true],
    ["aws_rds_cluster", { deletion_protection: true }, true],
    ["google_sql_database_instance", { settings: { backup_configuration: { enabled: true } } }, true],
    ["aws_db_instance", {}, false],
    ["google_sql_database_instance", { deletion_protection: false }, false],
  ])("%s %j (production %s) is compliant", (type, attributes, production) => {
    expect(check(productionDataProtected, type, attributes, { production })).toEqual([]);
  });

  test.each([
    [
      "aws_db_instance",
      {},
      ["deletion_protection is not true", "backup_retention_period is not set; automated backups need 1 day or more"],
    ],
    [
      "aws_db_instance",
      { deletion_protection: true, backup_retention_period: 0 },
      ["backup_retention_period is 0; automated backups need 1 day or more"],
    ],
    ["aws_rds_cluster", { deletion_protection: false }, ["deletion_protection is not true"]],
    [
      "google_sql_database_instance",
      { deletion_protection: false, settings: {} },
      ["deletion_protection is false", "settings.backup_configuration.enabled is not true"],
    ],
  ])("%s %j in production is not", (type, attributes, messages) => {
    expect(check(productionDataProtected, type, attributes, { production: true })).toEqual(messages);
  });

  test("the resource's own environment tag or label wins over the stack's", () => {
    expect(
      check(productionDataProtected, "aws_db_instance", { tags: { environment: "prod" }, backup_retention_period: 7 }),
    ).toEqual(["deletion_protection is not true"]);
    expect(
      check(productionDataProtected, "aws_db_instance", { tags: { environment: "dev" } }, { production: true }),
    ).toEqual([]);
    expect(
      check(productionDataProtected, "google_sql_database_instance", {
        deletion_protection: false,
        settings: { user_labels: { environment: "production" }, backup_configuration: { enabled: true } },
      }),
    ).toEqual(["deletion_protection is false"]);
  });

  test("reads production from a provider's environment tag", () => {
    const provider = { aws: [{ default_tags: { tags: { environment: "production" } } }] };
    expect(check(productionDataProtected, "aws_rds_cluster", {}, { provider })).toEqual([
      "deletion_protection is not true",
    ]);
  });
});
