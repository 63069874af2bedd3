import { kubernetesPack, Probe, RolloutStrategy, CanaryStep, Application } from "../../lib";
import { checkStacks } from "../../lib/policy";
import { DIGEST_IMAGE, withCluster } from "./fixtures";

const stack = (resource: Record<string, unknown>) => ({ name: "s", json: { resource } });
const findings = (resource: Record<string, unknown>) =>
  checkStacks([stack(resource)], { packs: [kubernetesPack] }).findings.map(
    (f) => `${f.ruleId} ${f.address}: ${f.message}`,
  );

describe("kubernetes policy pack", () => {
  test("flags a root, privileged, host-sharing manifest workload with a mutable image and no probe or limit", () => {
    const rollout = {
      manifest: {
        apiVersion: "argoproj.io/v1alpha1",
        kind: "Rollout",
        metadata: { name: "bad" },
        spec: {
          template: {
            spec: {
              hostNetwork: true,
              securityContext: { runAsUser: 0 },
              containers: [{ name: "app", image: "nginx:latest", securityContext: { privileged: true } }],
              volumes: [{ name: "docker", hostPath: { path: "/var/run/docker.sock" } }],
            },
          },
        },
      },
    };
    expect(findings({ kubernetes_manifest: { bad: rollout } }).sort()).toEqual([
      'kubernetes-images-pinned kubernetes_manifest.bad: container app: image "nginx:latest" uses the mutable tag "latest"',
      "kubernetes-no-host-access kubernetes_manifest.bad: the pod sets hostNetwork: true",
      "kubernetes-no-host-access kubernetes_manifest.bad: volume docker is a hostPath",
      "kubernetes-pod-hardened kubernetes_manifest.bad: container app does not set allowPrivilegeEscalation: false",
      "kubernetes-pod-hardened kubernetes_manifest.bad: container app is privileged",
      "kubernetes-pod-hardened kubernetes_manifest.bad: container app runs as root (runAsUser 0)",
      "kubernetes-pod-restricted kubernetes_manifest.bad: container app does not drop ALL capabilities",
      "kubernetes-pod-restricted kubernetes_manifest.bad: container app has no seccomp profile (RuntimeDefault)",
      "kubernetes-probes-and-limits kubernetes_manifest.bad: container app has no memory limit",
      "kubernetes-probes-and-limits kubernetes_manifest.bad: container app has no readiness probe",
    ]);
  });

  test("reads typed kubernetes_deployment_v1 blocks too (snake_case, blocks as lists)", () => {
    const deployment = {
      spec: [
        {
          template: [
            {
              spec: [
                {
                  host_pid: true,
                  container: [
                    {
                      name: "web",
                      image: "nginx@sha256:" + "a".repeat(64),
                      security_context: [{ run_as_non_root: false }],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    expect(findings({ kubernetes_deployment_v1: { web: deployment } }).sort()).toEqual([
      "kubernetes-no-host-access kubernetes_deployment_v1.web: the pod sets hostPID: true",
      "kubernetes-pod-hardened kubernetes_deployment_v1.web: container web does not set allowPrivilegeEscalation: false",
      "kubernetes-pod-hardened kubernetes_deployment_v1.web: container web may run as root: runAsNonRoot is not true",
      "kubernetes-pod-restricted kubernetes_deployment_v1.web: container web does not drop ALL capabilities",
      "kubernetes-pod-restricted kubernetes_deployment_v1.web: container web has no seccomp profile (RuntimeDefault)",
      "kubernetes-probes-and-limits kubernetes_deployment_v1.web: container web has no memory limit",
      "kubernetes-probes-and-limits kubernetes_deployment_v1.web: container web has no readiness probe",
    ]);
  });

  test("an Application's objects pass the pack with no finding", () => {
    const { cluster, namespace } = withCluster("gcp");
    new Application(cluster.workloads, "orders", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      ports: [8080],
      probes: { readiness: Probe.http("/healthz") },
      strategy: RolloutStrategy.canary({
        steps: [CanaryStep.setWeight(50), CanaryStep.pause("1m"), CanaryStep.setWeight(100)],
      }),
    });
    // With the "//" metadata (construct paths, suppressions) that `landform policy check` reads.
    const report = checkStacks([{ name: "w", json: cluster.workloads.toTerraform() as any }], {
      packs: [kubernetesPack],
    });
    expect(report.findings.filter((f) => !f.suppressed)).toEqual([]);
    // The only suppression: the tag of Argo's kubectl plugin image on the rollout status pod.
    expect(report.findings.filter((f) => f.suppressed).map((f) => `${f.ruleId} ${f.constructPath}`)).toEqual([
      "kubernetes-images-pinned gcp-test-workloads/orders/RolloutStatus",
    ]);
    expect(report.summary.resources).toBeGreaterThan(5);
  });
});
