import { Attributes } from "../rule";
import { block, blockAt, blocks, bool, isObject } from "../attributes";

/** One container, as the Kubernetes policy rules read it from either shape of Terraform JSON. */
export interface ContainerView {
  readonly name: string;
  readonly image?: string;
  /** An init container needs no readiness probe. */
  readonly init: boolean;
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: unknown;
  readonly readinessProbe: boolean;
  readonly memoryLimit?: unknown;
  /** The container's seccomp profile type, when it sets one. */
  readonly seccomp?: string;
  /** Capabilities the container drops and adds. */
  readonly capabilitiesDrop: readonly string[];
  readonly capabilitiesAdd: readonly string[];
}

/** A pod template's spec, from a typed `kubernetes_deployment_v1` or a `kubernetes_manifest`. */
export interface PodView {
  readonly containers: readonly ContainerView[];
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: unknown;
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly hostPathVolumes: readonly string[];
  /** The pod's seccomp profile type, when it sets one. */
  readonly seccomp?: string;
  /** A Job's or CronJob's pod, which runs to completion and serves no traffic. */
  readonly runsToCompletion?: boolean;
}

const TYPED =
  /^kubernetes_(deployment|stateful_set|daemon_set|daemonset|replication_controller|job|cron_job|pod)(_v\d+)?$/;
const WITH_TEMPLATE = new Set(["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "Rollout"]);

/** The pod specs a resource declares; none for resources that hold no pods. */
export function podsOf(type: string, attributes: Attributes): PodView[] {
  if (type === "kubernetes_manifest") {
    const m = attributes.manifest;
    if (!isObject(m) || !isObject(m.spec)) return [];
    const spec = m.spec;
    const pod =
      m.kind === "Pod"
        ? spec
        : m.kind === "CronJob"
          ? at(spec, "jobTemplate", "spec", "template", "spec")
          : WITH_TEMPLATE.has(String(m.kind))
            ? at(spec, "template", "spec")
            : undefined;
    return pod ? [{ ...manifestPod(pod), runsToCompletion: m.kind === "Job" || m.kind === "CronJob" }] : [];
  }
  const match = TYPED.exec(type);
  if (!match) return [];
  const spec =
    match[1] === "pod"
      ? block(attributes, "spec")
      : match[1] === "cron_job"
        ? blockAt(attributes, "spec", "job_template", "spec", "template", "spec")
        : blockAt(attributes, "spec", "template", "spec");
  return spec ? [{ ...typedPod(spec), runsToCompletion: match[1] === "job" || match[1] === "cron_job" }] : [];
}

function at(value: unknown, ...keys: string[]): Attributes | undefined {
  let current: unknown = value;
  for (const key of keys) current = isObject(current) ? current[key] : undefined;
  return isObject(current) ? current : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

function list(value: unknown): Attributes[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

function manifestPod(spec: Attributes): PodView {
  const security = at(spec, "securityContext");
  const container = (c: Attributes, init: boolean): ContainerView => {
    const s = at(c, "securityContext");
    return {
      name: String(c.name),
      image: typeof c.image === "string" ? c.image : undefined,
      init,
      privileged: bool(s?.privileged),
      allowPrivilegeEscalation: bool(s?.allowPrivilegeEscalation),
      runAsNonRoot: bool(s?.runAsNonRoot),
      runAsUser: s?.runAsUser,
      readinessProbe: isObject(c.readinessProbe),
      memoryLimit: at(c, "resources", "limits")?.memory,
      seccomp: str(at(s, "seccompProfile")?.type),
      capabilitiesDrop: strings(at(s, "capabilities")?.drop),
      capabilitiesAdd: strings(at(s, "capabilities")?.add),
    };
  };
  return {
    containers: [
      ...list(spec.containers).map((c) => container(c, false)),
      ...list(spec.initContainers).map((c) => container(c, true)),
    ],
    runAsNonRoot: bool(security?.runAsNonRoot),
    runAsUser: security?.runAsUser,
    hostNetwork: bool(spec.hostNetwork),
    hostPID: bool(spec.hostPID),
    hostIPC: bool(spec.hostIPC),
    hostPathVolumes: list(spec.volumes)
      .filter((v) => isObject(v.hostPath))
      .map((v) => String(v.name)),
    seccomp: str(at(security, "seccompProfile")?.type),
  };
}

function typedPod(spec: Attributes): PodView {
  const security = block(spec, "security_context");
  const container = (c: Attributes, init: boolean): ContainerView => {
    const s = block(c, "security_context");
    const limits = block(c, "resources")?.limits;
    return {
      name: String(c.name),
      image: typeof c.image === "string" ? c.image : undefined,
      init,
      privileged: bool(s?.privileged),
      allowPrivilegeEscalation: bool(s?.allow_privilege_escalation),
      runAsNonRoot: bool(s?.run_as_non_root),
      runAsUser: s?.run_as_user,
      readinessProbe: block(c, "readiness_probe") !== undefined,
      memoryLimit: isObject(limits) ? limits.memory : undefined,
      seccomp: str(block(s, "seccomp_profile")?.type),
      capabilitiesDrop: strings(block(s, "capabilities")?.drop),
      capabilitiesAdd: strings(block(s, "capabilities")?.add),
    };
  };
  return {
    containers: [
      ...blocks(spec, "container").map((c) => container(c, false)),
      ...blocks(spec, "init_container").map((c) => container(c, true)),
    ],
    runAsNonRoot: bool(security?.run_as_non_root),
    runAsUser: security?.run_as_user,
    hostNetwork: bool(spec.host_network),
    hostPID: bool(spec.host_pid),
    hostIPC: bool(spec.host_ipc),
    hostPathVolumes: blocks(spec, "volume")
      .filter((v) => block(v, "host_path") !== undefined)
      .map((v) => String(v.name)),
    seccomp: str(block(security, "seccomp_profile")?.type),
  };
}

/** Whether a user id is root (0, or "0" as Terraform JSON may write it). */
export function isRoot(user: unknown): boolean {
  return user === 0 || user === "0";
}
