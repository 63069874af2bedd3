import { Bucket } from "../lib";
import { Identity } from "../lib/contracts/identity";
import { checkStacks } from "../lib/policy/engine";
import { baselinePack } from "../lib/policy/packs/baseline";
import { CLOUDS, onlyResource, resourceTypes, resourcesOf, synth, testStack } from "./helpers";

const IDENTITY: Record<string, Identity> = {
  aws: {
    name: "deployer",
    id: "arn:aws:iam::111111111111:role/deployer",
    principal: "arn:aws:iam::111111111111:role/deployer",
  },
  gcp: {
    name: "d@p.iam.gserviceaccount.com",
    id: "d@p.iam.gserviceaccount.com",
    principal: "serviceAccount:d@p.iam.gserviceaccount.com",
  },
};

describe.each(CLOUDS)("Bucket on %s", (cloud) => {
  test("passes the baseline policy pack and snapshots", () => {
    const stack = testStack(cloud);
    new Bucket(stack, "state", { name: "acme-state" });
    const { json, config } = synth(stack);
    const report = checkStacks([{ name: stack.stackName, json: config as never }], { packs: [baselinePack] });
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    expect(json).toMatchSnapshot();
  });

  test("rejects a bad name and bad grants with the fix", () => {
    const stack = testStack(cloud);
    expect(() => new Bucket(stack, "a", { name: "Acme_State" })).toThrow(
      `Bucket '${cloud}-test/a': name "Acme_State" is not a valid bucket name; use 3-63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit.`,
    );
    expect(() => new Bucket(stack, "b", { noncurrentVersionDays: 0 })).toThrow(
      "noncurrentVersionDays 0 is not a whole number of days from 1 to 3650",
    );
    const bucket = new Bucket(stack, "c");
    expect(() => bucket.grantRead(IDENTITY[cloud], "a*b")).toThrow(
      `grantRead.objects "a*b" is not a key pattern both clouds can express; use "prefix*" or "*suffix".`,
    );
  });
});

describe("Bucket on aws", () => {
  const stack = testStack("aws");
  const bucket = new Bucket(stack, "state", { name: "acme-state", noncurrentVersionDays: 30 });
  bucket.grantRead(IDENTITY.aws);
  bucket.grantWrite(IDENTITY.aws, "landform/aws-dev*");
  const { config } = synth(stack);

  test("is versioned, SSE-KMS with its own rotated key, private, owner-enforced, TLS-only, expiring old versions", () => {
    expect(resourceTypes(config)).toEqual([
      "aws_iam_role_policy",
      "aws_kms_key",
      "aws_s3_bucket",
      "aws_s3_bucket_lifecycle_configuration",
      "aws_s3_bucket_ownership_controls",
      "aws_s3_bucket_policy",
      "aws_s3_bucket_public_access_block",
      "aws_s3_bucket_server_side_encryption_configuration",
      "aws_s3_bucket_versioning",
    ]);
    expect(onlyResource(config, "aws_s3_bucket")).toMatchObject({ bucket: "acme-state", force_destroy: false });
    expect(onlyResource(config, "aws_kms_key")).toMatchObject({ enable_key_rotation: true });
    expect(onlyResource(config, "aws_s3_bucket_versioning")).toMatchObject({
      versioning_configuration: { status: "Enabled" },
    });
    expect(onlyResource(config, "aws_s3_bucket_server_side_encryption_configuration")).toMatchObject({
      rule: [{ apply_server_side_encryption_by_default: { sse_algorithm: "aws:kms" }, bucket_key_enabled: true }],
    });
    expect(onlyResource(config, "aws_s3_bucket_public_access_block")).toMatchObject({
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
    expect(onlyResource(config, "aws_s3_bucket_ownership_controls")).toMatchObject({
      rule: { object_ownership: "BucketOwnerEnforced" },
    });
    const tls = Object.values(config.data!.aws_iam_policy_document).find((d) =>
      JSON.stringify(d).includes("SecureTransport"),
    );
    expect(tls).toMatchObject({
      statement: [
        { effect: "Deny", condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }] },
      ],
    });
    expect(onlyResource(config, "aws_s3_bucket_lifecycle_configuration")).toMatchObject({
      rule: [{ status: "Enabled", noncurrent_version_expiration: [{ noncurrent_days: 30 }] }],
    });
  });

  test("grants attach a role policy: read gets objects, write puts and deletes under the pattern", () => {
    const policies = resourcesOf(config, "aws_iam_role_policy");
    expect(policies.map((p) => p.role)).toEqual(["deployer", "deployer"]);
    const docs = Object.values(config.data!.aws_iam_policy_document).map((d) => JSON.stringify(d));
    expect(docs.some((d) => d.includes('"s3:PutObject"') && d.includes("/landform/aws-dev*"))).toBe(true);
    expect(docs.some((d) => d.includes('"actions":["s3:GetObject"]') && d.includes('}/*"'))).toBe(true);
  });
});

describe("Bucket on gcp", () => {
  test("is versioned, uniform access, public access prevented, soft delete, lifecycle; CMEK optional", () => {
    const stack = testStack("gcp");
    const bucket = new Bucket(stack, "state", {
      name: "acme-state",
      encryptionKey: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k",
    });
    bucket.grantRead(IDENTITY.gcp, "*.tflock");
    const { config } = synth(stack);
    expect(onlyResource(config, "google_storage_bucket")).toMatchObject({
      name: "acme-state",
      location: "EUROPE-WEST1",
      force_destroy: false,
      uniform_bucket_level_access: true,
      public_access_prevention: "enforced",
      versioning: { enabled: true },
      soft_delete_policy: { retention_duration_seconds: 604800 },
      encryption: { default_kms_key_name: "projects/p/locations/europe-west1/keyRings/r/cryptoKeys/k" },
    });
    expect(onlyResource(config, "google_kms_crypto_key_iam_member")).toMatchObject({
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
    });
    const member = onlyResource(config, "google_storage_bucket_iam_member");
    expect(member).toMatchObject({
      role: "roles/storage.objectViewer",
      member: "serviceAccount:d@p.iam.gserviceaccount.com",
    });
    expect((member.condition as { expression: string }).expression).toBe(
      'resource.type == "storage.googleapis.com/Bucket" || resource.name.endsWith(".tflock")',
    );
  });
});
