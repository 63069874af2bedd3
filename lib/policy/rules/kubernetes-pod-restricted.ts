import { Rule } from "../rule";
import { block, isObject } from "../attributes";
import { podsOf } from "./kubernetes-pods";

// The restricted Pod Security Standard's seccomp and capabilities controls
// (kubernetes.io/docs/concepts/security/pod-security-standards, "Restricted"): seccomp
// RuntimeDefault or Localhost on the pod or every container, every container drops ALL and adds
// at most NET_BIND_SERVICE. And the namespaces Landform declares enforce that standard.

const SECCOMP = new Set(["RuntimeDefault", "Localhost"]);
const ENFORCE = "pod-security.kubernetes.io/enforce";

/** Labels of a typed kubernetes_namespace(_v1) or a Namespace manifest; undefined for other resources. */
function namespaceLabels(type: string, attributes: Record<string, unknown>): Record<string, unknown> | undefined {
  if (/^kubernetes_namespace(_v1)?$/.test(type)) {
    const labels = block(attributes, "metadata")?.labels;
    return isObject(labels) ? labels : {};
  }
  if (type === "kubernetes_manifest" && isObject(attributes.manifest) && attributes.manifest.kind === "Namespace") {
    const labels = isObject(attributes.manifest.metadata) ? attributes.manifest.metadata.labels : undefined;
    return isObject(labels) ? labels : {};
  }
  return undefined;
}

export const kubernetesPodRestricted: Rule = {
  id: "kubernetes-pod-restricted",
  severity: "error",
  title: "Pods meet the restricted Pod Security Standard's seccomp and capability controls, and namespaces enforce it",
  rationale:
    "Without a seccomp profile a container can make any system call; a retained capability (NET_RAW, SYS_ADMIN) widens what an attacker in the container can do. A namespace that does not enforce the restricted standard accepts pods that break it from any writer, not only from Landform.",
  remediation:
    'Set seccompProfile.type: RuntimeDefault and capabilities.drop: ["ALL"] (add back only NET_BIND_SERVICE); keep the pod-security.kubernetes.io/enforce: restricted label Landform writes on namespaces. Landform\'s Application, Job and CronJob do this by default.',
  check(r) {
    const labels = namespaceLabels(r.type, r.attributes);
    if (labels !== undefined)
      return labels[ENFORCE] === "restricted"
        ? []
        : [
            `the namespace does not enforce the restricted Pod Security Standard (${ENFORCE}: ${String(labels[ENFORCE] ?? "unset")})`,
          ];
    return podsOf(r.type, r.attributes).flatMap((pod) =>
      pod.containers.flatMap((c) => {
        const out: string[] = [];
        const seccomp = c.seccomp ?? pod.seccomp;
        if (seccomp === undefined) out.push(`container ${c.name} has no seccomp profile (RuntimeDefault)`);
        else if (!SECCOMP.has(seccomp)) out.push(`container ${c.name} runs with seccomp profile ${seccomp}`);
        if (!c.capabilitiesDrop.includes("ALL")) out.push(`container ${c.name} does not drop ALL capabilities`);
        const added = c.capabilitiesAdd.filter((a) => a !== "NET_BIND_SERVICE");
        if (added.length > 0) out.push(`container ${c.name} adds capabilities ${added.join(", ")}`);
        return out;
      }),
    );
  },
};
