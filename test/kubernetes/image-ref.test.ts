import { ImageRef, LandformError } from "../../lib";

const DIGEST = `sha256:${"0123456789abcdef".repeat(4)}`;
const SHA = "3d3c42e5aac5ba805825da76410c181273ba90b1";

describe("ImageRef", () => {
  test.each([
    [`ghcr.io/acme/orders@${DIGEST}`, "ghcr.io", "acme/orders", undefined, DIGEST, "digest"],
    [`localhost:5000/orders:v2@${DIGEST}`, "localhost:5000", "orders", "v2", DIGEST, "digest"],
    [`acme/orders:${SHA}`, undefined, "acme/orders", SHA, undefined, "commit"],
    [
      `europe-west1-docker.pkg.dev/p/r/orders:${SHA}`,
      "europe-west1-docker.pkg.dev",
      "p/r/orders",
      SHA,
      undefined,
      "commit",
    ],
  ])("accepts %s", (ref, registry, repository, tag, digest, pin) => {
    const image = ImageRef.of(ref);
    // Only a digest is immutable: a commit-SHA tag can be pushed again (S5).
    expect(image).toMatchObject({ registry, repository, tag, digest, pin, immutable: pin === "digest" });
    expect(image.toString()).toBe(ref);
    expect(ImageRef.isImageRef(image)).toBe(true);
  });

  test.each([
    ["nginx", "has no tag or digest, which means the mutable tag latest"],
    ["nginx:latest", 'uses the mutable tag "latest"'],
    ["ghcr.io/acme/orders:1.27.3", 'uses the version tag "1.27.3", which can be pushed again'],
    ["acme/orders:v2", 'uses the version tag "v2", which can be pushed again'],
    [
      "acme/orders:3d3c42e",
      'uses the short commit tag "3d3c42e"; only a digest, or a full 40-character commit SHA tag, names a release',
    ],
    ["acme/orders:stable", 'uses the mutable tag "stable"'],
  ])("refuses %s and says how to pin it", (ref, problem) => {
    const base = ref.split(":")[0];
    expect(() => ImageRef.of(ref)).toThrow(
      `ImageRef "${ref}" ${problem}; pin it by digest (${base}@sha256:<64 hex>, from \`docker buildx imagetools inspect ${ref}\`), tag releases with the full commit SHA, or accept it explicitly with ImageRef.unpinned(ref, reason).`,
    );
  });

  test.each([["Acme/Orders"], ["acme/orders@sha256:abc"], [""], ["acme//orders"]])(
    "refuses the malformed %s",
    (ref) => {
      expect(() => ImageRef.of(ref)).toThrow(
        `ImageRef ${JSON.stringify(ref)} is not a valid OCI image reference; use [registry/]repository[:tag][@sha256:<64 hex>] with a lowercase repository.`,
      );
    },
  );

  test("refuses non-strings with a LandformError", () => {
    let error: unknown;
    try {
      ImageRef.of(42 as unknown as string);
    } catch (e) {
      error = e;
    }
    expect(LandformError.isLandformError(error)).toBe(true);
    expect((error as LandformError).message).toBe(
      "ImageRef 42 is not an image reference; pass a string such as ghcr.io/acme/app@sha256:<64 hex>.",
    );
  });

  test("unpinned needs a reason, and keeps it", () => {
    expect(() => ImageRef.unpinned("bitnami/redis:7.4", " ")).toThrow(
      'ImageRef "bitnami/redis:7.4" is accepted unpinned without a reason; pass a reason of at least 10 characters that says why this image cannot be pinned.',
    );
    const image = ImageRef.unpinned("bitnami/redis:7.4", "vendor publishes no digests; reviewed monthly");
    expect(image).toMatchObject({
      pin: "unpinned",
      tag: "7.4",
      unpinnedReason: "vendor publishes no digests; reviewed monthly",
    });
  });
});
