import { noLiteralSecrets } from "../../../lib/policy/rules/no-literal-secrets";
import { check, checkProviders } from "../helpers";

describe("no-literal-secrets", () => {
  test.each([
    ["aws_db_instance", { password: "${random_password.db.result}", manage_master_user_password: true }],
    ["aws_db_instance", { master_user_secret_kms_key_id: "alias/db", password_wo_version: 1 }],
    ["aws_instance", { metadata_options: { http_tokens: "required" } }],
    [
      "aws_secretsmanager_secret_version",
      { secret_id: "${aws_secretsmanager_secret.s.id}", secret_string: "${random_password.p.result}" },
    ],
    [
      "google_secret_manager_secret_version",
      { secret: "projects/p/secrets/db", secret_data: "${random_password.p.result}" },
    ],
    ["kubernetes_secret", { metadata: { name: "db" }, data: { password: "${random_password.p.result}" } }],
    ["google_sql_user", { password: "" }],
    // Units of token lifetimes, and the names of secrets a workload reads, are not secrets.
    [
      "aws_cognito_user_pool_client",
      { token_validity_units: { access_token: "hours", id_token: "hours", refresh_token: "days" } },
    ],
    [
      "google_cloud_run_v2_service",
      {
        template: {
          containers: [
            { env: [{ name: "DB", value_source: { secret_key_ref: { secret: "db-password", version: "latest" } } }] },
          ],
          volumes: [{ name: "tls", secret: { secret: "tls-cert" } }],
        },
      },
    ],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(noLiteralSecrets, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_db_instance", { password: "hunter2" }, ["password holds a literal value"]],
    [
      "aws_secretsmanager_secret_version",
      { secret_string: '{"user":"a","pass":"b"}' },
      ["secret_string holds a literal value"],
    ],
    ["kubernetes_secret", { data: { "api-key": "abc" } }, ["data.api-key holds a literal value"]],
    [
      "aws_eks_addon",
      { configuration: { nested: [{ client_secret: "s3cr3t" }] } },
      ["configuration.nested[0].client_secret holds a literal value"],
    ],
    [
      "kubernetes_deployment_v1",
      { spec: [{ container: [{ args: ["--log=json", `--token=ghp_${"a".repeat(36)}`] }] }] },
      ["spec[0].container[0].args[1] contains a GitHub token"],
    ],
    [
      "aws_instance",
      { user_data: [["echo", `AKIA${"B".repeat(16)}`]] },
      ["user_data[0][1] contains an AWS access key id"],
    ],
  ])("%s %j is not", (type, attributes, messages) => {
    expect(check(noLiteralSecrets, type, attributes)).toEqual(messages);
  });

  test("checks provider blocks for literal credentials", () => {
    expect(
      checkProviders(noLiteralSecrets, { aws: [{ region: "eu-west-1", access_key: "AKIA", secret_key: "x" }] }),
    ).toEqual(["access_key holds a literal value", "secret_key holds a literal value"]);
    expect(checkProviders(noLiteralSecrets, { google: [{ credentials: "{...}" }] })).toEqual([
      "credentials holds a literal value",
    ]);
    expect(
      checkProviders(noLiteralSecrets, { aws: [{ region: "eu-west-1" }], google: [{ access_token: "${var.token}" }] }),
    ).toEqual([]);
  });
});
