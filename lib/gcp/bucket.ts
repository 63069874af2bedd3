import type { KmsCryptoKeyIamMember } from "@cdktf/provider-google/lib/kms-crypto-key-iam-member";
import { StorageBucket } from "@cdktf/provider-google/lib/storage-bucket";
import { StorageBucketIamMember } from "@cdktf/provider-google/lib/storage-bucket-iam-member";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import type { Built } from "../core/target";
import { BucketAttributes, BucketGrant, BucketSpec } from "../contracts/bucket";

export interface GcpBucketResources {
  readonly bucket: StorageBucket;
  /** Lets Cloud Storage use the customer-managed key, when one is given. */
  readonly keyAccess?: KmsCryptoKeyIamMember;
}

/** Seven days, GCS's own default, written out so it cannot silently change. */
const SOFT_DELETE_SECONDS = 7 * 24 * 3600;

/** A GCS bucket: versioned, uniform bucket-level access, public access prevented, soft delete, old versions expired. */
export function buildBucket(scope: Construct, spec: BucketSpec): Built<BucketAttributes, GcpBucketResources> {
  const stack = stackOf(scope);
  let keyAccess: KmsCryptoKeyIamMember | undefined;
  if (spec.encryptionKey) {
    // Loaded only for a customer-managed key, as each cloud's code is loaded only for its stacks.
    const { DataGoogleStorageProjectServiceAccount } =
      require("@cdktf/provider-google/lib/data-google-storage-project-service-account") as typeof import("@cdktf/provider-google/lib/data-google-storage-project-service-account");
    const { KmsCryptoKeyIamMember } =
      require("@cdktf/provider-google/lib/kms-crypto-key-iam-member") as typeof import("@cdktf/provider-google/lib/kms-crypto-key-iam-member");
    // Cloud Storage encrypts with the key as its own service agent, which needs the key's use first.
    const agent = new DataGoogleStorageProjectServiceAccount(scope, "StorageAgent", {});
    keyAccess = new KmsCryptoKeyIamMember(scope, "KeyAccess", {
      cryptoKeyId: spec.encryptionKey,
      role: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
      member: agent.member,
    });
  }
  const bucket = new StorageBucket(scope, "Resource", {
    name: spec.name,
    location: stack.region.toUpperCase(),
    forceDestroy: false,
    uniformBucketLevelAccess: true,
    publicAccessPrevention: "enforced",
    versioning: { enabled: true },
    softDeletePolicy: { retentionDurationSeconds: SOFT_DELETE_SECONDS },
    lifecycleRule: [
      {
        action: { type: "Delete" },
        condition: { daysSinceNoncurrentTime: spec.noncurrentVersionDays, withState: "ARCHIVED" },
      },
      { action: { type: "AbortIncompleteMultipartUpload" }, condition: { age: 7 } },
    ],
    encryption: spec.encryptionKey ? { defaultKmsKeyName: spec.encryptionKey } : undefined,
    labels: spec.labels,
    dependsOn: keyAccess ? [keyAccess] : undefined,
  });
  return {
    attributes: { bucketName: bucket.name, bucketId: bucket.url, encryptionKey: spec.encryptionKey },
    resources: { bucket, keyAccess },
  };
}

/** A bucket IAM member: object viewer or user, limited by an IAM condition to keys matching `objects`. */
export function grantBucket(
  scope: Construct,
  id: string,
  bucket: BucketAttributes,
  grant: BucketGrant,
): StorageBucketIamMember {
  const objects = grant.objects && grant.objects !== "*" ? grant.objects : undefined;
  return new StorageBucketIamMember(scope, id, {
    bucket: bucket.bucketName,
    role: grant.access === "write" ? "roles/storage.objectUser" : "roles/storage.objectViewer",
    member: grant.identity.principal,
    condition: objects
      ? {
          title: `${grant.access} ${objects}`.slice(0, 100),
          // Listing is checked on the bucket, not on an object: keep it allowed.
          expression: `resource.type == "storage.googleapis.com/Bucket" || ${objectMatch(bucket.bucketName, objects)}`,
        }
      : undefined,
  });
}

function objectMatch(bucketName: string, pattern: string): string {
  if (pattern.startsWith("*")) return `resource.name.endsWith("${pattern.slice(1)}")`;
  return `resource.name.startsWith("projects/_/buckets/${bucketName}/objects/${pattern.slice(0, -1)}")`;
}
