import { kubernetesImagesDigest } from "../../../lib/policy/rules/kubernetes-images-digest";
import { kubernetesPodRestricted } from "../../../lib/policy/rules/kubernetes-pod-restricted";
import { check } from "../helpers";

const DIGEST = `ghcr.io/acme/orders@sha256:${"a".repeat(64)}`;
const SHA_TAG = "ghcr.io/acme/orders:3d3c42e5aac5ba805825da76410c181273ba90b1";

/** A Deployment manifest with this pod spec. */
const deployment = (pod: object) => ({
  manifest: { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "x" }, spec: { template: { spec: pod } } },
});
const hardened = { capabilities: { drop: ["ALL"] } };

describe("kubernetes-pod-restricted", () => {
  test.each([
    [
      "a pod-level RuntimeDefault profile",
      {
        securityContext: { seccompProfile: { type: "RuntimeDefault" } },
        containers: [{ name: "app", securityContext: hardened }],
      },
    ],
    [
      "a container-level Localhost profile and NET_BIND_SERVICE",
      {
        containers: [
          {
            name: "app",
            securityContext: {
              seccompProfile: { type: "Localhost" },
              capabilities: { drop: ["ALL"], add: ["NET_BIND_SERVICE"] },
            },
          },
        ],
      },
    ],
  ])("%s is compliant", (_, pod) => {
    expect(check(kubernetesPodRestricted, "kubernetes_manifest", deployment(pod))).toEqual([]);
  });

  test("a CronJob's and an init container's gaps are found", () => {
    const cron = {
      manifest: {
        apiVersion: "batch/v1",
        kind: "CronJob",
        metadata: { name: "c" },
        spec: {
          jobTemplate: {
            spec: {
              template: {
                spec: {
                  securityContext: { seccompProfile: { type: "Unconfined" } },
                  initContainers: [{ name: "init", securityContext: { capabilities: { drop: ["NET_RAW"] } } }],
                  containers: [
                    { name: "app", securityContext: { capabilities: { drop: ["ALL"], add: ["SYS_ADMIN"] } } },
                  ],
                },
              },
            },
          },
        },
      },
    };
    expect(check(kubernetesPodRestricted, "kubernetes_manifest", cron).sort()).toEqual([
      "container app adds capabilities SYS_ADMIN",
      "container app runs with seccomp profile Unconfined",
      "container init does not drop ALL capabilities",
      "container init runs with seccomp profile Unconfined",
    ]);
  });

  test("typed resources are read too (snake_case blocks)", () => {
    const typed = {
      spec: [
        {
          template: [
            { spec: [{ container: [{ name: "web", security_context: [{ capabilities: [{ drop: ["ALL"] }] }] }] }] },
          ],
        },
      ],
    };
    expect(check(kubernetesPodRestricted, "kubernetes_deployment_v1", typed)).toEqual([
      "container web has no seccomp profile (RuntimeDefault)",
    ]);
    const withProfile = {
      spec: [
        {
          template: [
            {
              spec: [
                {
                  security_context: [{ seccomp_profile: [{ type: "RuntimeDefault" }] }],
                  container: [{ name: "web", security_context: [{ capabilities: [{ drop: ["ALL"] }] }] }],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(check(kubernetesPodRestricted, "kubernetes_deployment_v1", withProfile)).toEqual([]);
  });

  test.each([
    [
      "kubernetes_namespace_v1",
      { metadata: [{ name: "apps", labels: { "pod-security.kubernetes.io/enforce": "restricted" } }] },
      [],
    ],
    [
      "kubernetes_namespace",
      { metadata: [{ name: "apps" }] },
      [
        "the namespace does not enforce the restricted Pod Security Standard (pod-security.kubernetes.io/enforce: unset)",
      ],
    ],
    [
      "kubernetes_manifest",
      {
        manifest: {
          apiVersion: "v1",
          kind: "Namespace",
          metadata: { name: "a", labels: { "pod-security.kubernetes.io/enforce": "baseline" } },
        },
      },
      [
        "the namespace does not enforce the restricted Pod Security Standard (pod-security.kubernetes.io/enforce: baseline)",
      ],
    ],
  ])("namespace %s %j", (type, attributes, expected) => {
    expect(check(kubernetesPodRestricted, type, attributes)).toEqual(expected);
  });
});

describe("kubernetes-images-digest", () => {
  test("a commit-SHA tag is warned, a digest (even with a tag) is not", () => {
    expect(
      check(
        kubernetesImagesDigest,
        "kubernetes_manifest",
        deployment({ containers: [{ name: "app", image: SHA_TAG }] }),
      ),
    ).toEqual([`container app: image "${SHA_TAG}" is a commit-SHA tag, which can be pushed again; pin it by digest`]);
    expect(
      check(
        kubernetesImagesDigest,
        "kubernetes_manifest",
        deployment({ containers: [{ name: "app", image: DIGEST }] }),
      ),
    ).toEqual([]);
    expect(
      check(
        kubernetesImagesDigest,
        "kubernetes_manifest",
        deployment({ containers: [{ name: "app", image: `${SHA_TAG}@sha256:${"b".repeat(64)}` }] }),
      ),
    ).toEqual([]);
  });
});
