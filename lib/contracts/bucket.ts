import { IConstruct } from "constructs";
import { Identity } from "./identity";

export interface BucketProps {
  /** The bucket's global name. @default - derived from the construct path */
  readonly name?: string;
  /** Customer-managed key: a KMS key ARN (AWS) or Cloud KMS key id (GCP). @default - AWS: a new KMS key with rotation; GCP: Google-managed */
  readonly encryptionKey?: string;
  /** Days an overwritten or deleted object's old version is kept before it expires. @default 90 */
  readonly noncurrentVersionDays?: number;
  /** Tags (AWS) or labels (GCP). @default - only the stack's */
  readonly labels?: Record<string, string>;
}

export interface BucketSpec {
  readonly name: string;
  readonly encryptionKey?: string;
  readonly noncurrentVersionDays: number;
  readonly labels: Record<string, string>;
}

/** What grants and clients use of a bucket; also what `Bucket.fromAttributes` takes for one made elsewhere. */
export interface BucketAttributes {
  readonly bucketName: string;
  /** AWS: the bucket ARN; GCP: the bucket's `gs://` URL. */
  readonly bucketId: string;
  /**
   * AWS: the KMS key ARN that encrypts the bucket's objects, which a grant also lets the identity
   * use. GCP: the Cloud KMS key id, if any (Cloud Storage uses it on the identity's behalf).
   * @default - AWS: grants cover S3 only (the bucket is encrypted with an AWS-managed key)
   */
  readonly encryptionKey?: string;
}

/** A bucket, made by Landform or imported with `Bucket.fromAttributes`: both grant access. */
export interface IBucket extends IConstruct, BucketAttributes {
  /** Lets `identity` read objects (get and list), optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantRead(identity: Identity, objects?: string): Grant;
  /** Lets `identity` read, write and delete objects, optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantWrite(identity: Identity, objects?: string): Grant;
}

/** What a grant added: who got which access, and the resource that grants it (an IAM role policy or a bucket IAM member). */
export interface Grant extends BucketGrant {
  /** The bucket the grant is on. */
  readonly bucket: IBucket;
  /** The resource that holds the grant: AWS an inline role policy, GCP a bucket IAM member. */
  readonly resource: IConstruct;
}

/** What a grant covers: read (get, list) or write (read plus put and delete), on all objects or some. */
export interface BucketGrant {
  readonly identity: Identity;
  readonly access: "read" | "write";
  /** Object keys the grant covers: `prefix*` or `*suffix`. @default - every object */
  readonly objects?: string;
}
