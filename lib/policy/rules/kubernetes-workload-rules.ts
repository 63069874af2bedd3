import { Rule } from "../rule";
import { unpinned } from "./images-pinned";
import { isRoot, podsOf } from "./kubernetes-pods";

/** Images of custom resources and of `kubernetes_manifest` workloads, which `images-pinned` does not read. */
export const kubernetesImagesPinned: Rule = {
  id: "kubernetes-images-pinned",
  severity: "error",
  title: "Images of Kubernetes manifests (Deployments, Rollouts, Jobs) are pinned by digest or commit SHA",
  rationale:
    "A mutable tag can point at different code tomorrow; a canary or blue-green rollout compares releases, which only works when a release is one image.",
  remediation:
    "Use ImageRef.of with a digest (repo@sha256:<64 hex>) or a full commit SHA tag; for a third-party image, ImageRef.unpinned(ref, reason).",
  check(r) {
    if (r.type !== "kubernetes_manifest") return undefined;
    return podsOf(r.type, r.attributes).flatMap((pod) =>
      pod.containers.flatMap((c) => {
        const problem = c.image === undefined ? undefined : unpinned(c.image);
        return problem ? [`container ${c.name}: ${problem}`] : [];
      }),
    );
  },
};

export const kubernetesPodHardened: Rule = {
  id: "kubernetes-pod-hardened",
  severity: "error",
  title: "Pods run as non-root, unprivileged, without privilege escalation",
  rationale:
    "A privileged or root container that escapes reaches the node and every pod on it; privilege escalation lets a process gain more rights than it started with.",
  remediation:
    "Set runAsNonRoot: true (and a non-zero runAsUser), privileged: false and allowPrivilegeEscalation: false; Landform's Application does this by default.",
  check(r) {
    return podsOf(r.type, r.attributes).flatMap((pod) =>
      pod.containers.flatMap((c) => {
        const out: string[] = [];
        if (c.privileged === true) out.push(`container ${c.name} is privileged`);
        if (c.allowPrivilegeEscalation !== false)
          out.push(`container ${c.name} does not set allowPrivilegeEscalation: false`);
        if (isRoot(c.runAsUser) || (c.runAsUser === undefined && isRoot(pod.runAsUser)))
          out.push(`container ${c.name} runs as root (runAsUser 0)`);
        else if (c.runAsNonRoot !== true && pod.runAsNonRoot !== true)
          out.push(`container ${c.name} may run as root: runAsNonRoot is not true`);
        return out;
      }),
    );
  },
};

export const kubernetesNoHostAccess: Rule = {
  id: "kubernetes-no-host-access",
  severity: "error",
  title: "Pods share nothing with their node: no hostNetwork, hostPID, hostIPC or hostPath",
  rationale:
    "Host namespaces and host paths bypass the container boundary: a pod can read other pods' traffic, processes or files, or the kubelet's credentials.",
  remediation:
    "Remove hostNetwork/hostPID/hostIPC and hostPath volumes; use a Service, emptyDir or a PersistentVolumeClaim instead.",
  check(r) {
    return podsOf(r.type, r.attributes).flatMap((pod) => [
      ...(["hostNetwork", "hostPID", "hostIPC"] as const)
        .filter((k) => pod[k] === true)
        .map((k) => `the pod sets ${k}: true`),
      ...pod.hostPathVolumes.map((v) => `volume ${v} is a hostPath`),
    ]);
  },
};

export const kubernetesProbesAndLimits: Rule = {
  id: "kubernetes-probes-and-limits",
  severity: "warning",
  title: "Containers have a readiness probe and a memory limit",
  rationale:
    "Without a readiness probe a broken release receives traffic (and a rollout promotes it); without a memory limit one leaking pod starves the node.",
  remediation: "Set a readiness probe and resources.limits.memory (Application: probes.readiness and size).",
  check(r) {
    return podsOf(r.type, r.attributes).flatMap((pod) =>
      pod.containers.flatMap((c) => [
        // A Job's pods run to completion and serve nothing: no readiness to probe.
        ...(!c.init && !c.readinessProbe && !pod.runsToCompletion
          ? [`container ${c.name} has no readiness probe`]
          : []),
        ...(c.memoryLimit === undefined ? [`container ${c.name} has no memory limit`] : []),
      ]),
    );
  },
};
