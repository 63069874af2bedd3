import { Pack } from "../rule";
import {
  kubernetesImagesPinned,
  kubernetesNoHostAccess,
  kubernetesPodHardened,
  kubernetesProbesAndLimits,
} from "../rules/kubernetes-workload-rules";
import { kubernetesImagesDigest } from "../rules/kubernetes-images-digest";
import { kubernetesPodRestricted } from "../rules/kubernetes-pod-restricted";

/** Workloads on Kubernetes: pinned images, hardened pods, no host access, probes and memory limits. */
export const kubernetesPack: Pack = {
  name: "kubernetes",
  description:
    "Kubernetes workloads: pinned images, non-root unprivileged pods, restricted Pod Security (seccomp, capabilities, enforcing namespaces), no host namespaces or paths, probes and limits.",
  rules: [
    kubernetesImagesPinned,
    kubernetesImagesDigest,
    kubernetesPodHardened,
    kubernetesPodRestricted,
    kubernetesNoHostAccess,
    kubernetesProbesAndLimits,
  ],
};
