import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../core/errors";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import type { ICluster } from "../contracts/cluster";
import { Shapes } from "./private/shapes";

/** A namespace as `cluster.addNamespace` takes it. */
interface NamespaceShape {
  readonly name: string;
  readonly labels?: Record<string, string>;
}

const NAMESPACE_RULES: PropRules<NamespaceShape> = {
  name: Checks.required(Shapes.name()),
  labels: Shapes.labels(),
};

const DECLARED = new WeakMap<ICluster, Map<string, IConstruct>>();
const CLUSTERS = new WeakMap<IConstruct, ICluster>();

/** The cluster a namespace from `cluster.addNamespace` is on. */
export function clusterOfNamespace(namespace: IConstruct): ICluster | undefined {
  return CLUSTERS.get(namespace);
}

/**
 * Refuses a namespace from another cluster's `addNamespace` for a workload of `cluster` (a name is
 * not checked: it may be made elsewhere). `whose` names the workload in the fix ("the Job's").
 */
export function checkNamespaceCluster(scope: IConstruct, given: unknown, cluster: ICluster, whose: string): void {
  const home = typeof given === "object" && given !== null ? clusterOfNamespace(given as IConstruct) : undefined;
  if (home && home !== cluster)
    throw invalidProp(
      scope,
      "namespace",
      (given as IConstruct).node.path,
      `is a namespace of cluster '${home.node.path}', not of '${cluster.node.path}'`,
      `pass a namespace declared on ${whose} cluster, or its name`,
    );
}

/**
 * Checks the options of `cluster.addNamespace` (errors name the cluster and `addNamespace <prop>`)
 * and that no other namespace of that name is declared on the cluster; returns the name and a
 * function that records the namespace once it is declared.
 */
export function checkNamespace(
  cluster: ICluster,
  options: unknown,
): { name: string; labels: Record<string, string>; declared: (ns: IConstruct) => void } {
  validateAllProps<NamespaceShape>(cluster, options, NAMESPACE_RULES, "addNamespace ");
  const { name } = options as NamespaceShape;
  const declared = DECLARED.get(cluster) ?? new Map<string, IConstruct>();
  DECLARED.set(cluster, declared);
  const other = declared.get(name);
  if (other && !Token.isUnresolved(name)) {
    throw invalidProp(
      cluster,
      "addNamespace name",
      name,
      `is declared already by '${other.node.path}'`,
      "declare each namespace once, and pass that namespace to what runs in it",
    );
  }
  return {
    name,
    labels: { ...podSecurityLabels(cluster), ...(options as NamespaceShape).labels },
    declared: (ns) => {
      declared.set(name, ns);
      CLUSTERS.set(ns, cluster);
    },
  };
}

/**
 * The Pod Security Admission labels every namespace Landform declares carries: enforce (and warn
 * and audit) the restricted Pod Security Standard, at the cluster's Kubernetes minor when it is
 * known, so a pod that is not restricted-compliant is refused by the API server, whatever wrote
 * it. A label given in `addNamespace({ labels })` overrides these, and the
 * `kubernetes-pod-restricted` policy rule then reports the namespace.
 */
export function podSecurityLabels(cluster: ICluster): Record<string, string> {
  const version = cluster.version !== undefined && /^1\.\d+$/.test(cluster.version) ? `v${cluster.version}` : "latest";
  const labels: Record<string, string> = {};
  for (const mode of ["enforce", "warn", "audit"]) {
    labels[`pod-security.kubernetes.io/${mode}`] = "restricted";
    labels[`pod-security.kubernetes.io/${mode}-version`] = version;
  }
  return labels;
}
