import { Pack } from "../rule";
import {
  kubernetesImagesPinned,
  kubernetesNoHostAccess,
  kubernetesPodHardened,
  kubernetesProbesAndLimits,
} from "../rules/kubernetes-workload-rules";

/** Workloads on Kubernetes: pinned images, hardened pods, no host access, probes and memory limits. */
export const kubernetesPack: Pack = {
  name: "kubernetes",
  description:
    "Kubernetes workloads: pinned images, non-root unprivileged pods, no host namespaces or paths, probes and limits.",
  rules: [kubernetesImagesPinned, kubernetesPodHardened, kubernetesNoHostAccess, kubernetesProbesAndLimits],
};
