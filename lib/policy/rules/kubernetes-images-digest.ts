import { Rule } from "../rule";
import { podsOf } from "./kubernetes-pods";

const COMMIT_TAG = /:([0-9a-f]{40})$/;

/**
 * Images of Kubernetes workloads tagged with a commit SHA rather than pinned by digest: a warning.
 * A 40-hex tag names a release but is not immutable: registries let a tag be pushed again unless
 * tag immutability is on (ECR `image_tag_mutability = "IMMUTABLE"`, Artifact Registry
 * `docker_config.immutable_tags`), and a canary compares releases, which only works when a release
 * is one image.
 */
export const kubernetesImagesDigest: Rule = {
  id: "kubernetes-images-digest",
  severity: "warning",
  title: "Images of Kubernetes workloads are pinned by digest, not only by a commit-SHA tag",
  rationale:
    "A tag that is a commit SHA can be pushed again unless the registry makes tags immutable, so the same reference can run different code; only a digest names one image.",
  remediation:
    "Resolve the tag to a digest in CI (`docker buildx imagetools inspect <ref>`) and pass repo@sha256:<digest>, or turn on tag immutability in the registry and suppress this rule with that reason.",
  check(r) {
    if (r.type !== "kubernetes_manifest") return undefined;
    return podsOf(r.type, r.attributes).flatMap((pod) =>
      pod.containers.flatMap((c) =>
        c.image !== undefined && !c.image.includes("@") && COMMIT_TAG.test(c.image)
          ? [`container ${c.name}: image "${c.image}" is a commit-SHA tag, which can be pushed again; pin it by digest`]
          : [],
      ),
    );
  },
};
