import { isObject, isReference } from "../attributes";
import { Rule } from "../rule";

const DIGEST = /@sha256:[0-9a-f]{64}$/;
const COMMIT_SHA = /^[0-9a-f]{40}$/;

/** Why an image reference is not pinned, or undefined when it is. */
export function unpinned(image: string): string | undefined {
  if (isReference(image) || DIGEST.test(image)) return undefined;
  const lastSlash = image.lastIndexOf("/");
  const colon = image.indexOf(":", lastSlash + 1);
  const tag = colon === -1 ? undefined : image.slice(colon + 1);
  if (tag === undefined) return `image "${image}" has no tag or digest (it means :latest)`;
  if (COMMIT_SHA.test(tag)) return undefined;
  return `image "${image}" uses the mutable tag "${tag}"`;
}

/** Every `image` of a container-like object under `container`, `init_container` or `containers`. */
function images(value: unknown, out: string[]): void {
  if (Array.isArray(value)) value.forEach((v) => images(v, out));
  else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) {
      if (["container", "init_container", "containers", "ephemeral_container"].includes(key)) {
        for (const c of Array.isArray(v) ? v : [v]) if (isObject(c) && typeof c.image === "string") out.push(c.image);
      }
      if (typeof v === "object") images(v, out);
    }
  }
}

/** Images in an ECS task's container_definitions, when it is literal JSON. */
function ecsImages(definitions: unknown): string[] {
  if (typeof definitions !== "string") return [];
  try {
    const parsed: unknown = JSON.parse(definitions);
    return Array.isArray(parsed)
      ? parsed
          .filter(isObject)
          .map((c) => c.image)
          .filter((i): i is string => typeof i === "string")
      : [];
  } catch {
    return []; // Holds Terraform expressions: only known at apply time.
  }
}

const CLOUD_RUN = new Set(["google_cloud_run_service", "google_cloud_run_v2_service", "google_cloud_run_v2_job"]);
const KUBERNETES =
  /^kubernetes_(deployment|stateful_set|daemon_set|daemonset|replication_controller|pod|job|cron_job)(_v\d+)?$/;

export const imagesPinned: Rule = {
  id: "images-pinned",
  severity: "error",
  title: "Container images are pinned by digest or commit SHA",
  rationale:
    "A mutable tag such as latest can point at different code tomorrow: deployments stop being reproducible and a pushed image changes production unreviewed.",
  remediation:
    "Refer to images by digest (repo/app@sha256:<64 hex>) or by an immutable 40-character commit SHA tag, and let your pipeline update the reference.",
  check(r) {
    const found: string[] = [];
    if (KUBERNETES.test(r.type) || CLOUD_RUN.has(r.type)) images(r.attributes, found);
    else if (r.type === "aws_ecs_task_definition") found.push(...ecsImages(r.attributes.container_definitions));
    return found.map(unpinned).filter((m): m is string => m !== undefined);
  },
};
