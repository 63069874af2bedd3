import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { KmsKey } from "@cdktf/provider-aws/lib/kms-key";
import { S3Bucket } from "@cdktf/provider-aws/lib/s3-bucket";
import { S3BucketLifecycleConfiguration } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { S3BucketOwnershipControls } from "@cdktf/provider-aws/lib/s3-bucket-ownership-controls";
import { S3BucketPolicy } from "@cdktf/provider-aws/lib/s3-bucket-policy";
import { S3BucketPublicAccessBlock } from "@cdktf/provider-aws/lib/s3-bucket-public-access-block";
import { S3BucketServerSideEncryptionConfigurationA } from "@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration";
import { S3BucketVersioningA } from "@cdktf/provider-aws/lib/s3-bucket-versioning";
import { Construct } from "constructs";
import type { Built } from "../core/target";
import { BucketAttributes, BucketGrant, BucketSpec } from "../contracts/bucket";

export interface AwsBucketResources {
  readonly bucket: S3Bucket;
  /** The key Landform created, when no encryptionKey was given. */
  readonly key?: KmsKey;
  readonly keyArn: string;
  readonly versioning: S3BucketVersioningA;
  readonly encryption: S3BucketServerSideEncryptionConfigurationA;
  readonly publicAccessBlock: S3BucketPublicAccessBlock;
  readonly ownership: S3BucketOwnershipControls;
  readonly policy: S3BucketPolicy;
  readonly lifecycle: S3BucketLifecycleConfiguration;
}

/** An S3 bucket: versioned, SSE-KMS with a bucket key, public access blocked, owner-enforced, TLS only, old versions expired. */
export function buildBucket(scope: Construct, spec: BucketSpec): Built<BucketAttributes, AwsBucketResources> {
  const tags = spec.labels;
  const bucket = new S3Bucket(scope, "Resource", { bucket: spec.name, forceDestroy: false, tags });
  const key = spec.encryptionKey
    ? undefined
    : new KmsKey(scope, "Key", {
        description: `Landform Bucket ${scope.node.path}`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        tags,
      });
  const keyArn = spec.encryptionKey ?? key!.arn;
  const versioning = new S3BucketVersioningA(scope, "Versioning", {
    bucket: bucket.id,
    versioningConfiguration: { status: "Enabled" },
  });
  const encryption = new S3BucketServerSideEncryptionConfigurationA(scope, "Encryption", {
    bucket: bucket.id,
    rule: [
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn },
        bucketKeyEnabled: true,
      },
    ],
  });
  const publicAccessBlock = new S3BucketPublicAccessBlock(scope, "PublicAccessBlock", {
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  const ownership = new S3BucketOwnershipControls(scope, "Ownership", {
    bucket: bucket.id,
    rule: { objectOwnership: "BucketOwnerEnforced" },
  });
  const tlsOnly = new DataAwsIamPolicyDocument(scope, "TlsOnly", {
    statement: [
      {
        sid: "DenyInsecureTransport",
        effect: "Deny",
        actions: ["s3:*"],
        principals: [{ type: "*", identifiers: ["*"] }],
        resources: [bucket.arn, `${bucket.arn}/*`],
        condition: [{ test: "Bool", variable: "aws:SecureTransport", values: ["false"] }],
      },
    ],
  });
  // After the public access block: S3 refuses a policy while the block is being changed.
  const policy = new S3BucketPolicy(scope, "Policy", {
    bucket: bucket.id,
    policy: tlsOnly.json,
    dependsOn: [publicAccessBlock],
  });
  const lifecycle = new S3BucketLifecycleConfiguration(scope, "Lifecycle", {
    bucket: bucket.id,
    rule: [
      {
        id: "expire-old-versions",
        status: "Enabled",
        filter: [{ prefix: "" }],
        noncurrentVersionExpiration: [{ noncurrentDays: spec.noncurrentVersionDays }],
        abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
      },
    ],
    dependsOn: [versioning],
  });
  return {
    attributes: { bucketName: bucket.bucket, bucketId: bucket.arn, encryptionKey: keyArn },
    resources: { bucket, key, keyArn, versioning, encryption, publicAccessBlock, ownership, policy, lifecycle },
  };
}

/** An inline policy on the identity's role: S3 on the bucket (or some keys) and the key's use. */
export function grantBucket(scope: Construct, id: string, bucket: BucketAttributes, grant: BucketGrant): IamRolePolicy {
  const write = grant.access === "write";
  const objects = `${bucket.bucketId}/${grant.objects ?? "*"}`;
  const document = new DataAwsIamPolicyDocument(scope, `${id}Policy`, {
    statement: [
      {
        sid: "List",
        effect: "Allow",
        actions: ["s3:ListBucket", "s3:GetBucketVersioning"],
        resources: [bucket.bucketId],
      },
      {
        sid: write ? "ReadWrite" : "Read",
        effect: "Allow",
        actions: write ? ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"] : ["s3:GetObject"],
        resources: [objects],
      },
      // An imported bucket encrypted with an AWS-managed key has no key to grant.
      ...(bucket.encryptionKey
        ? [
            {
              sid: "Key",
              effect: "Allow",
              actions: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
              resources: [bucket.encryptionKey],
            },
          ]
        : []),
    ],
  });
  return new IamRolePolicy(scope, id, {
    name: `${scope.node.id}-${grant.access}-${id}`.slice(0, 128),
    role: grant.identity.name,
    policy: document.json,
  });
}
