import path from "path";
import { DataTerraformRemoteStateLocal, GcsBackend, LocalBackend, S3Backend, TerraformStack } from "cdktf";
import { Construct } from "constructs";
import { describe, kindOf, LandformError, show } from "./errors";
import { typeName } from "./prop-types";

export interface S3StateOptions {
  /** An existing, versioned bucket that holds the state. */
  readonly bucket: string;
  /** @default - the stack's region on AWS; required for stacks on other clouds */
  readonly region?: string;
  /** Folder in the bucket; each stack gets `<keyPrefix>/<stack>/terraform.tfstate`. @default "landform" */
  readonly keyPrefix?: string;
  /**
   * The KMS key that encrypts the state and lock objects (SSE-KMS): a key ARN or id, or an alias
   * (`alias/<name>` or its ARN; Terraform accepts aliases since v1.6.1). A bucket made by
   * `BootstrapStack` refuses writes without SSE-KMS: give its key's alias, `stateKeyArn(...)`.
   * @default - SSE-S3: with `encrypt = true` and no key, Terraform sends `AES256` on every write,
   * which overrides the bucket's default encryption (terraform v1.11.4 s3 backend `client.go`)
   */
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
// The KMS key forms Terraform's S3 backend accepts (internal/backend/remote-state/s3/validate.go):
// a key id, a multi-Region key id, an alias name, or the ARN of a key or an alias.
const KMS_KEY_ID = "(?:[a-f0-9]{8}-[a-f0-9]{4}-[1-5][a-f0-9]{3}-[ab89][a-f0-9]{3}-[a-f0-9]{12}|mrk-[a-f0-9]{32})";
const KMS_KEY = new RegExp(
  `^(?:${KMS_KEY_ID}|alias/[a-zA-Z0-9/_-]+|arn:aws(?:-cn|-us-gov)?:kms:[a-z0-9-]+:\\d{12}:(?:key/${KMS_KEY_ID}|alias/[a-zA-Z0-9/_-]+))$`,
);

/** The options each kind of backend takes, and which are required; anything else is a typo. */
const OPTIONS: Readonly<Record<BackendSpec["kind"], Readonly<Record<string, "required" | "optional">>>> = {
  s3: { bucket: "required", region: "optional", keyPrefix: "optional", kmsKeyId: "optional", roleArn: "optional" },
  gcs: { bucket: "required", prefix: "optional", kmsEncryptionKey: "optional", impersonateServiceAccount: "optional" },
  local: { path: "optional" },
};

/**
 * The alias a `BootstrapStack` on AWS gives its state bucket's KMS key, e.g. `alias/landform-gh-state`
 * for the pipeline's `identityPrefix`. Deterministic, so every S3 backend can name it before the
 * key exists: see `stateKeyArn`.
 */
export function stateKeyAlias(names: { readonly identityPrefix: string }): string {
  return `alias/${names.identityPrefix}-state`;
}

/**
 * The ARN of the state key's alias in `account` and `region`, for `StateBackend.s3({ kmsKeyId })`:
 * Terraform then writes state and lock objects with SSE-KMS under the bootstrap's key, which the
 * bootstrap's bucket requires.
 */
export function stateKeyArn(
  names: { readonly identityPrefix: string },
  where: { readonly account: string; readonly region: string },
): string {
  const partition = where.region.startsWith("cn-")
    ? "aws-cn"
    : where.region.startsWith("us-gov-")
      ? "aws-us-gov"
      : "aws";
  return `arn:${partition}:kms:${where.region}:${where.account}:${stateKeyAlias(names)}`;
}

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

  /**
   * A local file, for sandboxes and tests only: state on one laptop is not shared or backed up.
   * Another stack that reads this one's outputs finds the file in this stack's folder
   * (`stacks/<stack>/`), where `terraform apply` ran.
   */
  static local(options: LocalStateOptions = {}): StateBackend {
    return new StateBackend({ kind: "local", options });
  }

  private constructor(private readonly spec: BackendSpec) {}

  get kind(): "s3" | "gcs" | "local" {
    return this.spec.kind;
  }

  /**
   * Configures the backend on a stack: called once by CloudStack, and usable on any cdktf
   * TerraformStack. Options are checked here, where the error can name the stack.
   */
  bind(stack: TerraformStack, context: { readonly stackName: string; readonly s3Region?: string }): void {
    const spec = this.spec;
    const o = checkOptions(stack, spec);
    if (spec.kind === "local") {
      const file = o.path ?? `terraform.${context.stackName}.tfstate`;
      if (file === "" || path.posix.isAbsolute(file) || path.win32.isAbsolute(file)) {
        throw backendError(
          stack,
          "path",
          file,
          file === "" ? "is empty" : "is absolute",
          `use a path relative to the stack's folder such as "terraform.${context.stackName}.tfstate"`,
        );
      }
      new StackLocalBackend(stack, file);
      return;
    }
    if (!BUCKET.test(o.bucket!)) {
      throw backendError(
        stack,
        "bucket",
        o.bucket,
        "is not a valid bucket name",
        "use 3-63 lowercase letters, digits, dots and dashes",
      );
    }
    const prefixProp = spec.kind === "s3" ? "keyPrefix" : "prefix";
    const prefix = o[prefixProp];
    if (
      prefix !== undefined &&
      (prefix === "" || prefix.startsWith("/") || prefix.endsWith("/") || prefix.includes("//"))
    ) {
      throw backendError(
        stack,
        prefixProp,
        prefix,
        "would make an object key Terraform rejects",
        'use folder names joined by single slashes, without a leading or trailing slash, e.g. "platform/state"',
      );
    }
    if (spec.kind === "s3") {
      if (o.kmsKeyId !== undefined && !KMS_KEY.test(o.kmsKeyId)) {
        throw backendError(
          stack,
          "kmsKeyId",
          o.kmsKeyId,
          "is not a KMS key id, alias or ARN",
          'give the state key\'s alias ARN, e.g. "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state", or its key ARN',
        );
      }
      const region = o.region ?? context.s3Region;
      if (!region) {
        throw new LandformError({
          code: "invalid-config",
          constructPath: stack.node.path,
          kind: kindOf(stack),
          prop: "backend.region",
          problem: "backend s3 needs a region when the stack is not on aws",
          fix: "pass StateBackend.s3({ bucket, region })",
          message: `${describe(stack)}: backend s3 needs a region when the stack is not on aws; pass StateBackend.s3({ bucket, region }).`,
        });
      }
      const backend = new S3Backend(stack, {
        bucket: o.bucket!,
        key: `${prefix ?? "landform"}/${context.stackName}/terraform.tfstate`,
        region,
        encrypt: true,
        kmsKeyId: o.kmsKeyId,
        assumeRole: o.roleArn ? { roleArn: o.roleArn } : undefined,
      });
      // cdktf 0.21 has no typed option for S3's native locking.
      backend.addOverride("use_lockfile", true);
      return;
    }
    new GcsBackend(stack, {
      bucket: o.bucket!,
      prefix: `${prefix ?? "landform"}/${context.stackName}`,
      kmsEncryptionKey: o.kmsEncryptionKey,
      impersonateServiceAccount: o.impersonateServiceAccount,
    });
  }
}

/**
 * cdktf's local backend, with the lookup other stacks make fixed: cdktf gives them this stack's
 * path unchanged, but Terraform resolves a relative path from the folder it runs in, which for a
 * consumer is its own `stacks/<consumer>/`. The lookup goes to `../<this stack>/<path>` instead.
 */
class StackLocalBackend extends LocalBackend {
  private readonly file: string;

  constructor(stack: TerraformStack, file: string) {
    super(stack, { path: file });
    this.file = file;
  }

  getRemoteStateDataSource(scope: Construct, name: string, _fromStack: string): DataTerraformRemoteStateLocal {
    // cdktf writes each stack to `stacks/<stack id>/` (its manifest's workingDirectory).
    const producer = TerraformStack.of(this).node.id;
    return new DataTerraformRemoteStateLocal(scope, name, {
      path: path.posix.join("..", producer, this.file),
      workspace: "${terraform.workspace}",
    });
  }
}

/** The options as given, checked against the kind's list: an object, known names, strings only. */
function checkOptions(stack: TerraformStack, spec: BackendSpec): Readonly<Record<string, string | undefined>> {
  const options: unknown = spec.options;
  const allowed = OPTIONS[spec.kind];
  const example = spec.kind === "local" ? "{ path }" : "{ bucket }";
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw backendError(stack, "options", options, "is not an object", `pass StateBackend.${spec.kind}(${example})`);
  }
  const given = options as Record<string, unknown>;
  for (const name of Object.keys(given)) {
    if (!(name in allowed)) {
      throw backendError(
        stack,
        name,
        given[name],
        `is not an option of StateBackend.${spec.kind}`,
        `use ${Object.keys(allowed).join(", ")}`,
      );
    }
  }
  for (const [name, need] of Object.entries(allowed)) {
    const value = given[name];
    if (value === undefined && need === "optional") continue;
    if (typeof value !== "string") {
      const missing = value === undefined;
      throw backendError(
        stack,
        name,
        value,
        missing ? "is missing" : "is not a string",
        missing
          ? `name the state bucket, e.g. StateBackend.${spec.kind}({ bucket: "acme-landform-state" })`
          : `pass ${name} as a string, not ${typeName(value)}`,
      );
    }
  }
  return given as Record<string, string | undefined>;
}

/** `CloudStack 'aws-prod': backend bucket "Bad" is not a valid bucket name; use ....`, with prop `backend.bucket`. */
function backendError(
  stack: TerraformStack,
  name: string,
  value: unknown,
  problem: string,
  fix: string,
): LandformError {
  return new LandformError({
    code: "invalid-prop",
    constructPath: stack.node.path,
    kind: kindOf(stack),
    prop: `backend.${name}`,
    value,
    problem,
    fix,
    message: `${describe(stack)}: backend ${name} ${show(value)} ${problem}; ${fix}.`,
  });
}
