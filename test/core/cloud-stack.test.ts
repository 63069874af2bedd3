import { Fn, Testing } from "cdktf";
import { Construct } from "constructs";
import { CloudStack, StateBackend } from "../../lib";
import { stackProps, synth, testStack } from "../helpers";

describe("CloudStack on aws", () => {
  test("configures one provider with region, allowed account and default tags", () => {
    const { config } = synth(testStack("aws", { account: "123456789012", tags: { team: "payments" } }));
    expect(config.provider?.aws).toEqual([
      {
        region: "eu-west-1",
        allowed_account_ids: ["123456789012"],
        default_tags: [{ tags: { team: "payments", environment: "dev", stack: "aws-test", "managed-by": "landform" } }],
      },
    ]);
  });

  test("S3 backend: per-stack key, encrypted, native locking, optional role", () => {
    const stack = testStack("aws", {
      backend: StateBackend.s3({
        bucket: "acme-state",
        keyPrefix: "platform",
        roleArn: "arn:aws:iam::123456789012:role/state",
      }),
    });
    expect(synth(stack).config.terraform?.backend).toEqual({
      s3: {
        bucket: "acme-state",
        key: "platform/aws-test/terraform.tfstate",
        region: "eu-west-1",
        encrypt: true,
        use_lockfile: true,
        assume_role: { role_arn: "arn:aws:iam::123456789012:role/state" },
      },
    });
  });

  test("production follows the environment name unless set", () => {
    expect(testStack("aws", { environment: "prod" }).production).toBe(true);
    expect(testStack("aws", { environment: "production" }).production).toBe(true);
    expect(testStack("aws", { environment: "staging" }).production).toBe(false);
    expect(testStack("aws", { environment: "live", production: true }).production).toBe(true);
  });
});

describe("CloudStack on gcp", () => {
  test("configures one provider with project, region and default labels", () => {
    const { config } = synth(testStack("gcp", { tags: { team: "payments" } }));
    expect(config.provider?.google).toEqual([
      {
        project: "acme-test-123",
        region: "europe-west1",
        default_labels: { team: "payments", environment: "dev", stack: "gcp-test", "managed-by": "landform" },
      },
    ]);
  });

  test("GCS backend with a per-stack prefix", () => {
    const stack = testStack("gcp", {
      backend: StateBackend.gcs({
        bucket: "acme-state",
        kmsEncryptionKey: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
      }),
    });
    expect(synth(stack).config.terraform?.backend).toEqual({
      gcs: {
        bucket: "acme-state",
        prefix: "landform/gcp-test",
        kms_encryption_key: "projects/p/locations/l/keyRings/r/cryptoKeys/k",
      },
    });
  });

  test("an S3 backend for a gcp stack needs a region", () => {
    expect(() => testStack("gcp", { backend: StateBackend.s3({ bucket: "acme-state" }) })).toThrow(
      "CloudStack 'gcp-test': backend s3 needs a region when the stack is not on aws; pass StateBackend.s3({ bucket, region }).",
    );
  });
});

describe.each(["aws", "gcp"] as const)("CloudStack on %s", (cloud) => {
  test("requires a Terraform that has S3 native locking and write-only arguments", () => {
    expect(synth(testStack(cloud)).config.terraform?.required_version).toBe(">= 1.11.0");
  });

  test("the default backend is local with a relative path, never cdktf's absolute one", () => {
    expect(synth(testStack(cloud)).config.terraform?.backend).toEqual({
      local: { path: `terraform.${cloud}-test.tfstate` },
    });
  });

  test("an absolute local path is rejected", () => {
    expect(() => testStack(cloud, { backend: StateBackend.local({ path: "/home/me/state.tfstate" }) })).toThrow(
      `CloudStack '${cloud}-test': backend path "/home/me/state.tfstate" is absolute; use a path relative to the stack's folder such as "terraform.${cloud}-test.tfstate".`,
    );
  });

  test("a bad bucket name is rejected", () => {
    const backend =
      cloud === "aws" ? StateBackend.s3({ bucket: "Bad_Bucket" }) : StateBackend.gcs({ bucket: "Bad_Bucket" });
    expect(() => testStack(cloud, { backend })).toThrow(
      `CloudStack '${cloud}-test': backend bucket "Bad_Bucket" is not a valid bucket name; use 3-63 lowercase letters, digits, dots and dashes.`,
    );
  });

  test("a region of the wrong shape is rejected", () => {
    expect(() => testStack(cloud, { region: "mars-1" })).toThrow(
      `CloudStack '${cloud}-test': region "mars-1" is not a ${cloud} region;`,
    );
  });

  test("an environment name that cannot be a label is rejected", () => {
    expect(() => testStack(cloud, { environment: "Prod EU" })).toThrow(
      `CloudStack '${cloud}-test': environment "Prod EU" is not a valid environment name; use 1-31 lowercase letters, digits and dashes starting with a letter, e.g. "prod".`,
    );
  });

  test("tags Landform sets cannot be overridden", () => {
    expect(() => testStack(cloud, { tags: { environment: "other" } })).toThrow(
      `CloudStack '${cloud}-test': tags.environment "other" is set by Landform on every resource; remove "environment" from tags.`,
    );
  });

  test("CloudStack.of finds the stack from any depth, and fails outside one", () => {
    const stack = testStack(cloud);
    expect(CloudStack.of(new Construct(new Construct(stack, "a"), "b"))).toBe(stack);
    expect(() => CloudStack.of(new Construct(Testing.app(), "loose"))).toThrow("'loose' is not inside a CloudStack;");
  });

  test("an unknown cloud is rejected", () => {
    expect(() => new CloudStack(Testing.app(), "x", { ...stackProps(cloud), cloud: "azure" as never })).toThrow(
      `CloudStack 'x': cloud "azure" is not a supported cloud; use "aws" or "gcp".`,
    );
  });
});

describe("cloud-specific stack props", () => {
  test("GCP label rules are enforced, not mangled", () => {
    expect(() => testStack("gcp", { tags: { CostCenter: "42" } })).toThrow(
      `CloudStack 'gcp-test': tags key "CostCenter" breaks GCP's label rules (start with a lowercase letter; only a-z, 0-9, _ and -; at most 63 characters); fix the key or value, Landform does not rewrite them.`,
    );
    expect(() => testStack("gcp", { tags: { team: "Payments" } })).toThrow(
      `tags value "Payments" of "team" breaks GCP's label rules`,
    );
    expect(() => testStack("gcp", { tags: { team: "x".repeat(64) } })).toThrow("breaks GCP's label rules");
    expect(() => testStack("aws", { tags: { CostCenter: "Payments" } })).not.toThrow();
  });

  test("AWS tag rules", () => {
    expect(() => testStack("aws", { tags: { "aws:owner": "x" } })).toThrow(
      `tags key "aws:owner" uses the reserved "aws:" prefix`,
    );
  });

  test("project is required on gcp and refused on aws; account the reverse", () => {
    expect(() => testStack("gcp", { project: undefined })).toThrow(
      `CloudStack 'gcp-test': project undefined is required on gcp; set project to the GCP project id, e.g. "acme-platform-prod".`,
    );
    expect(() => testStack("gcp", { project: "Acme" })).toThrow(
      `CloudStack 'gcp-test': project "Acme" is not a GCP project id;`,
    );
    expect(() => testStack("aws", { project: "acme-test-123" })).toThrow(
      "CloudStack 'aws-test': project is not supported on aws: it names a GCP project; set account instead, or leave both out.",
    );
    expect(() => testStack("gcp", { account: "123456789012" })).toThrow(
      "CloudStack 'gcp-test': account is not supported on gcp: it names an AWS account; set project instead.",
    );
    expect(() => testStack("aws", { account: "1234" })).toThrow(
      `CloudStack 'aws-test': account "1234" is not an AWS account id; use the 12-digit account number.`,
    );
  });
});

describe("CloudStack with tokens", () => {
  test("label values known only at apply time are not validated", () => {
    const app = Testing.app();
    const stack = new CloudStack(app, "gcp-test", stackProps("gcp", { tags: { owner: Fn.lower("Platform") } }));
    expect(synth(stack).config.provider?.google[0].default_labels).toMatchObject({ owner: '${lower("Platform")}' });
  });
});

describe("CloudStack ids and backend prefixes", () => {
  test("a GCP stack id may be any valid label value, up to 63 characters", () => {
    expect(() => new CloudStack(Testing.app(), "gcp-production-europe-west1-main", stackProps("gcp"))).not.toThrow();
    expect(() => new CloudStack(Testing.app(), "GCP-Prod", stackProps("gcp"))).toThrow(
      `CloudStack 'GCP-Prod': id "GCP-Prod" cannot be a GCP label value; use at most 63 lowercase letters, digits, _ and - for stack ids.`,
    );
  });

  test.each(["", "landform/", "/abs", "a//b"])("keyPrefix %j is rejected before terraform init would", (keyPrefix) => {
    expect(() => testStack("aws", { backend: StateBackend.s3({ bucket: "acme-state", keyPrefix }) })).toThrow(
      `CloudStack 'aws-test': backend keyPrefix ${JSON.stringify(keyPrefix)} would make an object key Terraform rejects; use folder names joined by single slashes, without a leading or trailing slash, e.g. "platform/state".`,
    );
  });

  test("a GCS prefix follows the same rule", () => {
    expect(() => testStack("gcp", { backend: StateBackend.gcs({ bucket: "acme-state", prefix: "state/" }) })).toThrow(
      `backend prefix "state/" would make an object key Terraform rejects`,
    );
  });
});
