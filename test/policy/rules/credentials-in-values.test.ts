import { noLiteralSecrets } from "../../../lib/policy/rules/no-literal-secrets";
import { check } from "../helpers";

// Shapes of credentials, assembled so that this file holds no string a secret scanner would flag.
const KEY_ID = ["AKIA", "Z3EXAMPLEKEY0ID9"].join("");
const TEMP_KEY_ID = ["ASIA", "Z3EXAMPLEKEY0ID9"].join("");
const SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY12";
const PEM = ["-----BEGIN", "RSA PRIVATE KEY-----\nMIIE...\n-----END RSA PRIVATE KEY-----"].join(" ");
const script = (lines: string[]) => ["#!/bin/bash", "apt-get update", ...lines, "systemctl start app"].join("\n");

describe("no-literal-secrets: credentials inside values (checkov CKV_AWS_46 cases, rewritten)", () => {
  test.each([
    ["aws_instance", "user_data"],
    ["aws_launch_template", "user_data"],
    ["aws_launch_configuration", "user_data"],
  ])("%s %s with an access key pair is flagged, without echoing the key", (type, attribute) => {
    const messages = check(noLiteralSecrets, type, {
      [attribute]: script([`export AWS_ACCESS_KEY_ID=${KEY_ID}`, `export AWS_SECRET_ACCESS_KEY=${SECRET}`]),
    });
    expect(messages).toEqual([
      `${attribute} contains an AWS access key id`,
      `${attribute} contains an AWS secret access key`,
    ]);
    expect(messages.join()).not.toContain(KEY_ID);
  });

  test.each([
    [
      "a temporary key id",
      { user_data: script([`aws configure set aws_access_key_id ${TEMP_KEY_ID}`]) },
      "user_data contains an AWS access key id",
    ],
    [
      "a credentials file",
      { user_data: `[default]\naws_secret_access_key = ${SECRET}\n` },
      "user_data contains an AWS secret access key",
    ],
    [
      "a private key",
      { user_data: script([`cat > /etc/ssl/app.key <<EOF\n${PEM}\nEOF`]) },
      "user_data contains a private key",
    ],
    [
      "base64 user data",
      { user_data_base64: Buffer.from(script([`export AWS_ACCESS_KEY_ID=${KEY_ID}`])).toString("base64") },
      "user_data_base64 contains an AWS access key id",
    ],
    [
      "a GitHub token in a container env",
      { template: { containers: [{ env: [{ name: "GH", value: `ghp_${"a1B2".repeat(9)}` }] }] } },
      "template.containers[0].env[0].value contains a GitHub token",
    ],
  ])("%s is flagged", (_, attributes, message) => {
    expect(check(noLiteralSecrets, "aws_instance", attributes)).toEqual([message]);
  });

  test.each([
    // checkov's passing case: variable names with no key, and a placeholder.
    [
      "names without values",
      {
        user_data: script([
          "export AWS_ACCESS_KEY_ID",
          "export AWS_ACCESS_KEY_ID=FOO",
          "export AWS_SECRET_ACCESS_KEY=bar",
        ]),
      },
    ],
    [
      "keys from Terraform references",
      {
        user_data: script([
          "export AWS_ACCESS_KEY_ID=${aws_iam_access_key.ci.id}",
          "export AWS_SECRET_ACCESS_KEY=${aws_iam_access_key.ci.secret}",
        ]),
      },
    ],
    [
      "a secret fetched at boot",
      {
        user_data: script([
          "KEY=$(aws secretsmanager get-secret-value --secret-id app --query SecretString --output text)",
        ]),
      },
    ],
    [
      "role and user ids in a policy",
      {
        policy: JSON.stringify({
          Condition: { StringLike: { "aws:userid": ["AROAEXAMPLEROLEID1234:*", "AIDAEXAMPLEUSERID1234"] } },
        }),
      },
    ],
    [
      "a certificate and a public key",
      {
        user_data: "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
        public_key: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample user@host",
      },
    ],
    ["a 40-character hash", { user_data: "echo 0123456789abcdef0123456789abcdef01234567 > /etc/build-sha" }],
    ["a key id written as an interpolation", { user_data: `export AWS_ACCESS_KEY_ID=\${var.${KEY_ID}}` }],
    ["a plain base64 script", { user_data_base64: Buffer.from(script(["echo hello"])).toString("base64") }],
  ])("%s is not flagged", (_, attributes) => {
    expect(check(noLiteralSecrets, "aws_instance", attributes)).toEqual([]);
  });
});
