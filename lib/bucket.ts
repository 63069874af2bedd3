import { Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { AwsBucketResources } from "./aws/bucket";
import { invalidConfig, invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { NameRules } from "./core/naming";
import { builderOf, targetOf } from "./core/registry";
import { stackOf } from "./core/stack-info";
import type { Built } from "./core/target";
import { Checks, PropRules, validateAllProps } from "./core/validate";
import type { GcpBucketResources } from "./gcp/bucket";
import { BucketAttributes, BucketProps, BucketSpec, Grant, IBucket } from "./contracts/bucket";
import { Identity } from "./contracts/identity";
import { brand, hasBrand } from "./private/brand";
import { otherCloudProblem } from "./private/identity";

export type { BucketAttributes, BucketGrant, BucketProps, Grant, IBucket } from "./contracts/bucket";

// S3 and GCS both accept these names: 3-63 lowercase letters, digits, dots and dashes.
const NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const OBJECTS = /^(\*[^*]+|[^*]+\*|\*)$/;
const NAME_FIX = "use 3-63 lowercase letters, digits, dots and dashes, starting and ending with a letter or digit";

const validName = (name: unknown) => typeof name === "string" && NAME.test(name) && !name.includes("..");

const RULES: PropRules<BucketProps> = {
  name: Checks.that(validName, "is not a valid bucket name", NAME_FIX),
  encryptionKey: checkEncryptionKey,
  noncurrentVersionDays: Checks.that(
    (days) => Number.isInteger(days) && days >= 1 && days <= 3650,
    "is not a whole number of days from 1 to 3650",
    "set how long old versions are kept, e.g. 90",
  ),
  labels: checkLabels,
};

const ATTRIBUTE_RULES: PropRules<BucketAttributes> = {
  bucketName: Checks.required(Checks.that(validName, "is not a valid bucket name", NAME_FIX)),
  bucketId: Checks.required(Checks.string({ nonEmpty: true })),
  encryptionKey: checkEncryptionKey,
};

/**
 * What owned and imported buckets share: their attributes and the grants on them.
 * Extend it for an IBucket of your own: it carries the brand consumers recognise.
 */
export abstract class BucketBase extends Construct implements IBucket {
  /** @internal */
  static readonly landformKind = "Bucket";
  abstract readonly bucketName: string;
  abstract readonly bucketId: string;
  abstract readonly encryptionKey?: string;
  private grants = 0;

  /** Lets `identity` read objects (get and list), optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantRead(identity: Identity, objects?: string): Grant {
    return this.grant(identity, "read", objects);
  }

  /** Lets `identity` read, write and delete objects, optionally only keys matching `objects` (`prefix*` or `*suffix`). */
  grantWrite(identity: Identity, objects?: string): Grant {
    return this.grant(identity, "write", objects);
  }

  private grant(identity: Identity, access: "read" | "write", objects: string | undefined): Grant {
    const prop = access === "read" ? "grantRead" : "grantWrite";
    if (typeof identity !== "object" || identity === null || typeof identity.principal !== "string")
      throw invalidProp(
        this,
        `${prop}.identity`,
        identity,
        "is not an identity",
        "pass an Identity ({ name, id, principal })",
      );
    // A principal of another cloud would be written into this cloud's policy and fail at apply.
    const target = targetOf(this);
    const problem = otherCloudProblem(this, identity);
    if (problem) {
      throw invalidProp(
        this,
        `${prop}.identity`,
        identity.principal,
        `${problem}: a ${target.cloud} bucket grants only ${target.cloud} identities`,
        `grant the identity of something on ${target.cloud} (a ComputeInstance, an Application or a ClusterServiceAccount in a ${target.cloud} stack)`,
      );
    }
    if (objects !== undefined && (typeof objects !== "string" || !OBJECTS.test(objects)))
      throw invalidProp(
        this,
        `${prop}.objects`,
        objects,
        "is not a key pattern both clouds can express",
        'use "prefix*" or "*suffix"',
      );
    const grant = { identity, access, ...(objects === undefined ? {} : { objects }) };
    const resource = builderOf(this, "bucket").grant(this, `Grant${this.grants++}`, this, grant);
    return { ...grant, bucket: this, resource };
  }
}
brand(BucketBase, "IBucket");

/**
 * An object storage bucket that keeps what it holds: S3 or GCS, versioned, encrypted, never
 * public, TLS only (S3) or uniform IAM only (GCS), old versions expired after a while. State
 * buckets are Buckets.
 */
export class Bucket extends BucketBase {
  /**
   * A bucket made elsewhere, to grant identities access to it here. Landform declares no
   * resources for the bucket itself, only the grants.
   */
  static fromAttributes(scope: Construct, id: string, attributes: BucketAttributes): IBucket {
    return new ImportedBucket(scope, id, attributes);
  }

  readonly bucketName: string;
  readonly bucketId: string;
  readonly encryptionKey?: string;
  private readonly built: Built<BucketAttributes>;

  constructor(scope: Construct, id: string, props: BucketProps = {}) {
    super(scope, id);
    const spec = resolve(this, props);
    const builder = builderOf(this, "bucket");
    builder.check(this, props, spec);
    this.built = builder.build(this, spec);
    ({
      bucketName: this.bucketName,
      bucketId: this.bucketId,
      encryptionKey: this.encryptionKey,
    } = this.built.attributes);
  }

  /** Escape hatch to the S3 bucket and its configuration resources. Throws on other clouds. */
  get aws(): AwsBucketResources {
    return resourcesOn<AwsBucketResources>(this, "aws", this.built.resources);
  }

  /** Escape hatch to the GCS bucket. Throws on other clouds. */
  get gcp(): GcpBucketResources {
    return resourcesOn<GcpBucketResources>(this, "gcp", this.built.resources);
  }
}

class ImportedBucket extends BucketBase {
  readonly bucketName: string;
  readonly bucketId: string;
  readonly encryptionKey?: string;

  constructor(scope: Construct, id: string, a: BucketAttributes) {
    super(scope, id);
    stackOf(this);
    validateAllProps<BucketAttributes>(this, a, ATTRIBUTE_RULES, {
      fix: "pass { bucketName, bucketId }",
      nullsFirst: true,
    });
    ({ bucketName: this.bucketName, bucketId: this.bucketId, encryptionKey: this.encryptionKey } = a);
  }
}

/** True for any bucket: a Bucket, an imported one, or another IBucket implementation with Landform's brand. */
export function isBucket(value: unknown): value is IBucket {
  return hasBrand(value, "IBucket");
}

function resolve(scope: Bucket, props: BucketProps): BucketSpec {
  validateAllProps<BucketProps>(scope, props, RULES, { fix: "pass BucketProps or nothing", nullsFirst: true });
  if (props.name !== undefined && !Token.isUnresolved(props.name)) refuseSecondName(scope, props.name);
  return {
    name: props.name ?? stackOf(scope).nameFor(scope, NameRules.awsStrict),
    encryptionKey: props.encryptionKey,
    noncurrentVersionDays: props.noncurrentVersionDays ?? 90,
    labels: checkLabels(scope, "labels", props.labels),
  };
}

/** Each app's Buckets by given name: looked up per Bucket, where walking the whole app grew with its size. */
const bucketsByName = new WeakMap<IConstruct, Map<string, Bucket>>();

/** Bucket names are global: a second Bucket of one name in one app would fail at apply, after the first is made. */
function refuseSecondName(scope: Bucket, name: string): void {
  const root = scope.node.root;
  let byName = bucketsByName.get(root);
  if (!byName) bucketsByName.set(root, (byName = new Map()));
  const other = byName.get(name);
  if (other) {
    throw invalidConfig(
      scope,
      `name "${name}" is already the name of Bucket '${other.node.path}'`,
      "give each Bucket its own name, or leave name out for one derived from the construct path",
      "name",
    );
  }
  byName.set(name, scope);
}
