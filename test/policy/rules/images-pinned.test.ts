import { imagesPinned, unpinned } from "../../../lib/policy/rules/images-pinned";
import { check } from "../helpers";

const DIGEST = "sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31";
const SHA = "3f786850e387550fdab836ed7e6dc881de23001b";
const deployment = (image: string) => ({
  spec: {
    template: {
      spec: { container: [{ name: "app", image }], init_container: { name: "init", image: `busybox@${DIGEST}` } },
    },
  },
});

describe("images-pinned", () => {
  test.each([
    ["kubernetes_deployment", deployment(`nginx@${DIGEST}`)],
    ["kubernetes_deployment_v1", deployment(`ghcr.io/acme/app:${SHA}`)],
    [
      "kubernetes_cron_job_v1",
      { spec: { job_template: { spec: { template: { spec: { container: { image: "${var.image}" } } } } } } },
    ],
    [
      "google_cloud_run_v2_service",
      { template: { containers: [{ image: `europe-docker.pkg.dev/p/r/app@${DIGEST}` }] } },
    ],
    [
      "aws_ecs_task_definition",
      { container_definitions: JSON.stringify([{ name: "app", image: `acme/app@${DIGEST}` }]) },
    ],
    ["aws_instance", { image: "latest" }],
  ])("%s is compliant", (type, attributes) => {
    expect(check(imagesPinned, type, attributes)).toEqual([]);
  });

  test.each([
    ["kubernetes_deployment", deployment("nginx:latest"), 'image "nginx:latest" uses the mutable tag "latest"'],
    [
      "kubernetes_pod",
      { spec: { container: [{ image: "redis" }] } },
      'image "redis" has no tag or digest (it means :latest)',
    ],
    [
      "kubernetes_job_v1",
      { spec: { template: { spec: { container: [{ image: "localhost:5000/tool:1.2" }] } } } },
      'image "localhost:5000/tool:1.2" uses the mutable tag "1.2"',
    ],
    [
      "google_cloud_run_v2_service",
      { template: { containers: [{ image: "us-docker.pkg.dev/cloudrun/container/hello" }] } },
      'image "us-docker.pkg.dev/cloudrun/container/hello" has no tag or digest (it means :latest)',
    ],
    [
      "google_cloud_run_service",
      { template: { spec: { containers: [{ image: "gcr.io/p/app:latest" }] } } },
      expect.stringContaining('image "gcr.io/p/app:latest"'),
    ],
    [
      "aws_ecs_task_definition",
      { container_definitions: JSON.stringify([{ name: "app", image: "acme/app:v1" }]) },
      'image "acme/app:v1" uses the mutable tag "v1"',
    ],
  ])("%s is not", (type, attributes, message) => {
    expect(check(imagesPinned, type, attributes)).toEqual([message]);
  });

  test("a registry port is not a tag", () => {
    expect(unpinned("localhost:5000/tool")).toBe('image "localhost:5000/tool" has no tag or digest (it means :latest)');
  });
});
