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

export interface BucketAttributes {
  readonly bucketName: string;
  /** AWS: the bucket ARN; GCP: the bucket's `gs://` URL. */
  readonly bucketId: string;
}

export interface IBucket extends IConstruct, BucketAttributes {}

/** What a grant covers: read (get, list) or write (read plus put and delete), on all objects or some. */
export interface BucketGrant {
  readonly identity: Identity;
  readonly access: "read" | "write";
  /** Object keys the grant covers: `prefix*` or `*suffix`. @default - every object */
  readonly objects?: string;
}
