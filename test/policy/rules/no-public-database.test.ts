import { noPublicDatabase } from "../../../lib/policy/rules/no-public-database";
import { check } from "../helpers";

describe("no-public-database", () => {
  test.each([
    ["aws_db_instance", { publicly_accessible: false }],
    ["aws_db_instance", {}],
    ["aws_rds_cluster_instance", { publicly_accessible: false }],
    ["google_sql_database_instance", { settings: { ip_configuration: { ipv4_enabled: false, private_network: "n" } } }],
    ["google_sql_database_instance", { settings: [{ ip_configuration: [{ ipv4_enabled: "${var.public}" }] }] }],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(noPublicDatabase, type, attributes)).toEqual([]);
  });

  test.each([
    [
      "aws_db_instance",
      { publicly_accessible: true },
      "publicly_accessible is true: the database gets a public endpoint",
    ],
    [
      "aws_rds_cluster_instance",
      { publicly_accessible: "true" },
      "publicly_accessible is true: the database gets a public endpoint",
    ],
    [
      "google_sql_database_instance",
      { settings: {} },
      "settings.ip_configuration.ipv4_enabled is not set (defaults to true): the instance gets a public IPv4 address",
    ],
    [
      "google_sql_database_instance",
      { settings: { ip_configuration: { ipv4_enabled: true } } },
      "settings.ip_configuration.ipv4_enabled is true: the instance gets a public IPv4 address",
    ],
    [
      "google_sql_database_instance",
      { settings: { ip_configuration: { ipv4_enabled: true, authorized_networks: [{ value: "0.0.0.0/0" }] } } },
      "ip_configuration authorizes 0.0.0.0/0: the database accepts connections from the whole internet",
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(noPublicDatabase, type, attributes)).toEqual([message]);
  });
});
