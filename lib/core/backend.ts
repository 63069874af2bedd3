import { GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { LandformError } from "./errors";

export interface S3StateOptions {
  /** An existing, versioned bucket that holds the state. */
  readonly bucket: string;
  /** @default - the stack's region on AWS; required for stacks on other clouds */
  readonly region?: string;
  /** Folder in the bucket; each stack gets `<keyPrefix>/<stack>/terraform.tfstate`. @default "landform" */
  readonly keyPrefix?: string;
  /** A KMS key for the state objects. @default - the bucket's own server-side encryption (SSE-S3) */
  readonly kmsKeyId?: string;
  /** A role the pipeline assumes for state access, so it holds short-lived credentials only. @default - the caller's credentials */
  readonly roleArn?: string;
}

export interface GcsStateOptions {
  /** An existing bucket with object versioning on. */
  readonly bucket: string;
  /** Folder in the bucket; each stack gets `<prefix>/<stack>`. @default "landform" */
  readonly prefix?: string;
  /** A Cloud KMS key for the state objects. @default - Google-managed encryption */
  readonly kmsEncryptionKey?: string;
  /** A service account to impersonate for state access (short-lived tokens). @default - the caller's credentials */
  readonly impersonateServiceAccount?: string;
}

export interface LocalStateOptions {
  /**
   * A path relative to the stack's synthesized folder. Absolute paths are rejected: they
   * would write one machine's layout into committed output.
   * @default "terraform.<stack>.tfstate"
   */
  readonly path?: string;
}

type BackendSpec =
  | { readonly kind: "s3"; readonly options: S3StateOptions }
  | { readonly kind: "gcs"; readonly options: GcsStateOptions }
  | { readonly kind: "local"; readonly options: LocalStateOptions };

// S3 and GCS share these rules for the names we accept (3-63 chars, lowercase, digits, dots, dashes).
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Where a stack keeps its Terraform state. One per stack, with a key derived from the stack's name. */
export class StateBackend {
  /** S3, encrypted, locked with S3's native lock file (no DynamoDB table needed). */
  static s3(options: S3StateOptions): StateBackend {
    return new StateBackend({ kind: "s3", options });
  }

  /** Google Cloud Storage; GCS locks state natively. */
  static gcs(options: GcsStateOptions): StateBackend {
    return new StateBackend({ kind: "gcs", options });
  }

  /** A local file, for sandboxes and tests only: state on one laptop is not shared or backed up. */
  static local(options: LocalStateOptions = {}): StateBackend {
    return new StateBackend({ kind: "local", options });
  }

  private constructor(private readonly spec: BackendSpec) {}

  get kind(): "s3" | "gcs" | "local" {
    return this.spec.kind;
  }

  /** Configures the backend on a stack. Called once by CloudStack. */
  bind(stack: TerraformStack, context: { readonly stackName: string; readonly s3Region?: string }): void {
    const where = `CloudStack '${context.stackName}'`;
    const spec = this.spec;
    if (spec.kind === "local") {
      const path = spec.options.path ?? `terraform.${context.stackName}.tfstate`;
      if (path.startsWith("/") || /^[A-Za-z]:[\\/]/.test(path)) {
        throw new LandformError(
          `${where}: backend path ${JSON.stringify(path)} is absolute; use a path relative to the stack's folder such as "terraform.${context.stackName}.tfstate".`,
        );
      }
      new LocalBackend(stack, { path });
      return;
    }
    if (!BUCKET.test(spec.options.bucket)) {
      throw new LandformError(
        `${where}: backend bucket ${JSON.stringify(spec.options.bucket)} is not a valid bucket name; use 3-63 lowercase letters, digits, dots and dashes.`,
      );
    }
    const prefix = spec.kind === "s3" ? spec.options.keyPrefix : spec.options.prefix;
    if (
      prefix !== undefined &&
      (prefix === "" || prefix.startsWith("/") || prefix.endsWith("/") || prefix.includes("//"))
    ) {
      const prop = spec.kind === "s3" ? "keyPrefix" : "prefix";
      throw new LandformError(
        `${where}: backend ${prop} ${JSON.stringify(prefix)} would make an object key Terraform rejects; use folder names joined by single slashes, without a leading or trailing slash, e.g. "platform/state".`,
      );
    }
    if (spec.kind === "s3") {
      const o = spec.options;
      const region = o.region ?? context.s3Region;
      if (!region) {
        throw new LandformError(
          `${where}: backend s3 needs a region when the stack is not on aws; pass StateBackend.s3({ bucket, region }).`,
        );
      }
      const backend = new S3Backend(stack, {
        bucket: o.bucket,
        key: `${o.keyPrefix ?? "landform"}/${context.stackName}/terraform.tfstate`,
        region,
        encrypt: true,
        kmsKeyId: o.kmsKeyId,
        assumeRole: o.roleArn ? { roleArn: o.roleArn } : undefined,
      });
      // cdktf 0.21 has no typed option for S3's native locking.
      backend.addOverride("use_lockfile", true);
      return;
    }
    const o = spec.options;
    new GcsBackend(stack, {
      bucket: o.bucket,
      prefix: `${o.prefix ?? "landform"}/${context.stackName}`,
      kmsEncryptionKey: o.kmsEncryptionKey,
      impersonateServiceAccount: o.impersonateServiceAccount,
    });
  }
}
