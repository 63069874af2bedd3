import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsBucketResources } from "./aws/bucket";
import { invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { NameRules } from "./core/naming";
import { builderOf } from "./core/registry";
import { stackOf } from "./core/stack-info";
import type { Built } from "./core/target";
import type { GcpBucketResources } from "./gcp/bucket";
import { BucketAttributes, BucketProps, BucketSpec, IBucket } from "./contracts/bucket";
import { Identity } from "./contracts/identity";

export type { BucketAttributes, BucketProps, IBucket } from "./contracts/bucket";

// S3 and GCS both accept these names: 3-63 lowercase letters, digits, dots and dashes.
const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OBJECTS = /^(\*[^*]+|[^*]+\*|\*)$/;

/**
 * An object storage bucket that keeps what it holds: S3 or GCS, versioned, encrypted, never
 * public, TLS only (S3) or uniform IAM only (GCS), old versions expired after a while. State
 * buckets are Buckets.
 */
export class Bucket extends Construct implements IBucket {
  /** @internal */
  static readonly landformKind = "Bucket";

  readonly bucketName: string;
  readonly bucketId: string;
  private readonly built: Built<BucketAttributes>;
  private grants = 0;

  constructor(scope: Construct, id: string, props: BucketProps = {}) {
    super(scope, id);
    const spec = resolve(this, props);
    const builder = builderOf(this, "bucket");
    builder.check(this, props, spec);
    this.built = builder.build(this, spec);
    ({ bucketName: this.bucketName, bucketId: this.bucketId } = this.built.attributes);
  }

  /** Lets `identity` read objects (get and list), optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantRead(identity: Identity, objects?: string): void {
    this.grant(identity, "read", objects);
  }

  /** Lets `identity` read, write and delete objects, optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantWrite(identity: Identity, objects?: string): void {
    this.grant(identity, "write", objects);
  }

  /** Escape hatch to the S3 bucket and its configuration resources. Throws on other clouds. */
  get aws(): AwsBucketResources {
    return resourcesOn<AwsBucketResources>(this, "aws", this.built.resources);
  }

  /** Escape hatch to the GCS bucket. Throws on other clouds. */
  get gcp(): GcpBucketResources {
    return resourcesOn<GcpBucketResources>(this, "gcp", this.built.resources);
  }

  private grant(identity: Identity, access: "read" | "write", objects: string | undefined): void {
    const prop = access === "read" ? "grantRead" : "grantWrite";
    if (typeof identity !== "object" || identity === null || typeof identity.principal !== "string")
      throw invalidProp(
        this,
        `${prop}.identity`,
        identity,
        "is not an identity",
        "pass an Identity ({ name, id, principal })",
      );
    if (objects !== undefined && (typeof objects !== "string" || !OBJECTS.test(objects)))
      throw invalidProp(
        this,
        `${prop}.objects`,
        objects,
        "is not a key pattern both clouds can express",
        'use "prefix*" or "*suffix"',
      );
    builderOf(this, "bucket").grant(this, `Grant${this.grants++}`, this.built.resources, { identity, access, objects });
  }
}

function resolve(scope: Bucket, props: BucketProps): BucketSpec {
  if (typeof props !== "object" || props === null)
    throw invalidProp(scope, "props", props, "is not an object", "pass BucketProps or nothing");
  const name = props.name ?? stackOf(scope).nameFor(scope, NameRules.awsStrict);
  if (!Token.isUnresolved(name) && (typeof name !== "string" || !NAME.test(name) || name.includes("..")))
    throw invalidProp(
      scope,
      "name",
      name,
      "is not a valid bucket name",
      "use 3-63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit",
    );
  const days = props.noncurrentVersionDays ?? 90;
  if (!Token.isUnresolved(days) && !(Number.isInteger(days) && days >= 1 && days <= 3650))
    throw invalidProp(
      scope,
      "noncurrentVersionDays",
      days,
      "is not a whole number of days from 1 to 3650",
      "set how long old versions are kept, e.g. 90",
    );
  return {
    name,
    encryptionKey: checkEncryptionKey(scope, "encryptionKey", props.encryptionKey),
    noncurrentVersionDays: days,
    labels: checkLabels(scope, "labels", props.labels),
  };
}
