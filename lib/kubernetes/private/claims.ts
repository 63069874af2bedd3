import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "../../core/errors";
import type { ICluster } from "../../contracts/cluster";
import type { ApplicationSpec } from "./application-spec";
import { serviceNames } from "./objects";

// Kubernetes objects by cluster, namespace, kind and name, and who declares them: two declarations
// of one object would be two Terraform resources fighting over it.
const CLAIMED = new WeakMap<ICluster, Map<string, IConstruct>>();
const AGENTS = new WeakMap<ICluster, IConstruct>();

/** The objects an Application declares, by what collides: its workload's name (Deployment or Rollout, HPA, PDB, NetworkPolicy, ServiceAccount), its Services and its AnalysisTemplates. */
function objectsOf(spec: ApplicationSpec): [string, string][] {
  const names = serviceNames(spec);
  const services =
    spec.ports.length > 0
      ? [names.main, ...(names.second ? [names.second] : []), ...(names.stable ? [names.stable] : [])]
      : [];
  return [
    ["workload", spec.name],
    ...services.map((n): [string, string] => ["Service", n]),
    ...[...new Set(spec.analyses.map((a) => a.name))].map((n): [string, string] => [
      "AnalysisTemplate",
      `${spec.name}-${n}`,
    ]),
  ];
}

/**
 * An error when another Application on its cluster declares one of the objects of `app`; call the
 * function returned once `app` is built, to record them.
 */
export function claimObjects(
  app: IConstruct & { readonly cluster: ICluster; readonly spec: ApplicationSpec },
): () => void {
  const { spec } = app;
  if (Token.isUnresolved(spec.namespace) || Token.isUnresolved(spec.name)) return () => undefined;
  const claimed = CLAIMED.get(app.cluster) ?? new Map<string, IConstruct>();
  CLAIMED.set(app.cluster, claimed);
  const keys = objectsOf(spec).map(([kind, name]) => ({ kind, name, key: `${kind}/${spec.namespace}/${name}` }));
  for (const { kind, name, key } of keys) {
    const other = claimed.get(key);
    if (!other) continue;
    const what = kind === "workload" ? "its workload" : `the ${kind}`;
    throw invalidProp(
      app,
      "name",
      spec.name,
      `makes ${what} "${name}" in namespace "${spec.namespace}", which ${other.constructor.name} '${other.node.path}' already declares on cluster '${app.cluster.node.path}'`,
      "give each Application on a cluster its own name, or another namespace",
    );
  }
  return () => keys.forEach(({ key }) => claimed.set(key, app));
}

/**
 * An error when another workload (Application, Job, CronJob) on `cluster` has `name` in
 * `namespace`: their service accounts and database Secrets would be one object. Call the function
 * returned once the workload is built.
 */
export function claimWorkload(
  scope: IConstruct,
  cluster: ICluster,
  namespace: string,
  name: string,
  /** The prop that makes the name, when it is not `name` itself (an Application's rollout status objects). */
  by?: { readonly prop: string; readonly value: unknown; readonly fix: string },
): () => void {
  if (Token.isUnresolved(namespace) || Token.isUnresolved(name)) return () => undefined;
  const claimed = CLAIMED.get(cluster) ?? new Map<string, IConstruct>();
  CLAIMED.set(cluster, claimed);
  const key = `workload/${namespace}/${name}`;
  const other = claimed.get(key);
  const where = (o: IConstruct) => `${o.constructor.name} '${o.node.path}' in namespace "${namespace}"`;
  if (other && by)
    throw invalidProp(
      scope,
      by.prop,
      by.value,
      `names its service account "${name}", which is the name of ${where(other)} on cluster '${cluster.node.path}'`,
      by.fix,
    );
  if (other)
    throw invalidProp(
      scope,
      "name",
      name,
      `is the name of ${where(other)} on cluster '${cluster.node.path}', and their service accounts and Secrets would be one object`,
      "give each workload on a cluster its own name, or another namespace",
    );
  return () => claimed.set(key, scope);
}

/** An error when `cluster` has a GitOpsAgent already; call the function returned once the agent is built. */
export function claimAgent(agent: IConstruct, cluster: ICluster): () => void {
  const other = AGENTS.get(cluster);
  if (other) {
    throw invalidProp(
      agent,
      "cluster",
      cluster.node.path,
      `already has GitOpsAgent '${other.node.path}', and two agents would apply the same stacks`,
      "declare one GitOpsAgent per cluster",
    );
  }
  return () => AGENTS.set(cluster, agent);
}
