import { LandformError, show } from "../core/errors";

// The OCI distribution reference grammar (distribution/reference, `reference.go`), without the
// parts Landform never accepts. A domain is the first component when it has a dot or a port, or
// is `localhost`.
const COMPONENT = "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*";
const DOMAIN =
  "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?";
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${COMPONENT}(?:/${COMPONENT})*)(?::([\\w][\\w.-]{0,127}))?(?:@(sha256:[a-f0-9]{64}))?$`,
);
const COMMIT_SHA = /^[0-9a-f]{40}$/;
const SEMVER = /^v?\d+(\.\d+){0,2}([-+].*)?$/;

/** How an image reference identifies its release: by digest (immutable), by commit-SHA tag (re-pushable), or not at all. */
export type ImagePin = "digest" | "commit" | "unpinned";

/**
 * An OCI image reference that names one release: a digest (`repo@sha256:<64 hex>`), the only
 * immutable form, or a tag that is a full 40-character Git commit SHA. A commit tag is accepted
 * as a release name, not as immutable: registries let a tag be pushed again unless tag
 * immutability is on (ECR `IMMUTABLE`, Artifact Registry immutable tags), so `immutable` is false
 * for it and the `kubernetes-images-digest` policy rule warns; resolve it to a digest in CI.
 * Mutable tags (`latest`, `1.27`, `stable`) are refused, because the same tag can point at
 * different code tomorrow; `ImageRef.unpinned` is the explicit, reasoned opt-out for third-party
 * images.
 */
export class ImageRef {
  /** Parses `ref`; throws a LandformError that says how to pin it when it is mutable. */
  static of(ref: string): ImageRef {
    const parsed = parse(ref);
    if (parsed.digest) return new ImageRef(ref, parsed, "digest");
    if (parsed.tag !== undefined && COMMIT_SHA.test(parsed.tag)) return new ImageRef(ref, parsed, "commit");
    throw mutable(ref, parsed);
  }

  /**
   * A reference with a mutable tag, accepted on purpose, e.g. a vendor image published without
   * digests. The reason is recorded as a policy suppression of `images-pinned` on the workload.
   */
  static unpinned(ref: string, reason: string): ImageRef {
    const parsed = parse(ref);
    if (typeof reason !== "string" || reason.trim().length < 10) {
      throw imageError(
        ref,
        "is accepted unpinned without a reason",
        "pass a reason of at least 10 characters that says why this image cannot be pinned",
      );
    }
    return new ImageRef(ref, parsed, "unpinned", reason.trim());
  }

  /** True when `value` is an ImageRef (from any copy of the package). */
  static isImageRef(value: unknown): value is ImageRef {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** The registry host, e.g. `ghcr.io`; undefined for Docker Hub short names. */
  readonly registry?: string;
  /** The repository path, e.g. `acme/orders`. */
  readonly repository: string;
  readonly tag?: string;
  /** `sha256:<64 hex>` when pinned by digest. */
  readonly digest?: string;
  readonly pin: ImagePin;
  /** True only for a digest: a tag, even a commit SHA, can be pushed again. */
  readonly immutable: boolean;
  /** Why an unpinned reference was accepted. */
  readonly unpinnedReason?: string;
  private readonly ref: string;

  private constructor(ref: string, parsed: Parsed, pin: ImagePin, reason?: string) {
    Object.defineProperty(this, BRAND, { value: true });
    this.ref = ref;
    this.registry = parsed.registry;
    this.repository = parsed.repository;
    this.tag = parsed.tag;
    this.digest = parsed.digest;
    this.pin = pin;
    this.immutable = pin === "digest";
    this.unpinnedReason = reason;
  }

  /** The reference as given, which is what goes into a pod spec. */
  toString(): string {
    return this.ref;
  }
}

const BRAND = Symbol.for("landform.ImageRef");

interface Parsed {
  readonly registry?: string;
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
}

function parse(ref: unknown): Parsed {
  if (typeof ref !== "string" || ref.length > 4096) {
    throw imageError(ref, "is not an image reference", "pass a string such as ghcr.io/acme/app@sha256:<64 hex>");
  }
  const m = REFERENCE.exec(ref);
  if (!m) {
    throw imageError(
      ref,
      "is not a valid OCI image reference",
      "use [registry/]repository[:tag][@sha256:<64 hex>] with a lowercase repository",
    );
  }
  const [, domain, path, tag, digest] = m;
  // `docker.io/library` style: a first component without a dot, port or localhost is a path.
  const registry = domain !== undefined && /[.:]|^localhost$/.test(domain) ? domain : undefined;
  const repository = domain !== undefined && registry === undefined ? `${domain}/${path}` : path;
  return { registry, repository, tag, digest };
}

function mutable(ref: string, p: Parsed): LandformError {
  const base = `${p.registry ? `${p.registry}/` : ""}${p.repository}`;
  const what =
    p.tag === undefined
      ? "has no tag or digest, which means the mutable tag latest"
      : p.tag === "latest"
        ? 'uses the mutable tag "latest"'
        : SEMVER.test(p.tag)
          ? `uses the version tag "${p.tag}", which can be pushed again`
          : /^[0-9a-f]{7,39}$/.test(p.tag)
            ? `uses the short commit tag "${p.tag}"; only a digest, or a full 40-character commit SHA tag, names a release`
            : `uses the mutable tag "${p.tag}"`;
  return imageError(
    ref,
    what,
    `pin it by digest (${base}@sha256:<64 hex>, from \`docker buildx imagetools inspect ${ref}\`), tag releases with the full commit SHA, or accept it explicitly with ImageRef.unpinned(ref, reason)`,
  );
}

function imageError(ref: unknown, problem: string, fix: string): LandformError {
  return new LandformError({
    code: "invalid-prop",
    prop: "image",
    value: ref,
    problem,
    fix,
    message: `ImageRef ${show(ref)} ${problem}; ${fix}.`,
  });
}
