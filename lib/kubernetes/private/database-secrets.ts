import { Construct } from "constructs";
import { invalidConfig } from "../../core/errors";
import type { ICluster } from "../../contracts/cluster";
import type { IClusterServiceAccount } from "../../contracts/cluster-service-account";
import { requireController } from "../addons";
import { allEnv, databasesOf, Env, externalSecretObjects, PodSpec } from "./pod";
import type { KubeObject } from "./objects";
import { reloadAnnotations, reloadRollouts } from "./addons-reloader";

/**
 * The SecretStore and ExternalSecret per database the workload's environment reads
 * (`EnvValue.fromDatabase`), by construct id; grants the workload's service account read on each
 * database's secret and makes sure External Secrets Operator runs on the cluster. An error when the
 * workload has no cloud identity to read with.
 */
export function databaseSecretObjects(
  workload: Construct & { readonly cluster: ICluster },
  name: string,
  namespace: string,
  env: Env,
  pod: PodSpec,
  account: IClusterServiceAccount | undefined,
): [string, KubeObject][] {
  const databases = databasesOf(allEnv(env, pod));
  if (databases.length === 0) return [];
  if (!account || !account.identity)
    throw invalidConfig(
      workload,
      "its environment reads a database's credentials (EnvValue.fromDatabase), which External Secrets Operator copies with the workload's own cloud identity, and it has none",
      "leave identity on (the default)",
      "identity",
    );
  requireController(workload.cluster, workload, "external-secrets");
  return databases.flatMap((database) => {
    database.grantRead(account);
    const { store, secret } = externalSecretObjects(name, namespace, account.name, database);
    const id = (secret as { metadata: { name: string } }).metadata.name;
    return [
      [`SecretStore-${id}`, store as KubeObject],
      [`ExternalSecret-${id}`, secret as KubeObject],
    ] as [string, KubeObject][];
  });
}

/**
 * The annotations for a Deployment or Rollout whose environment reads the database Secrets in
 * `objects` (from `databaseSecretObjects`): Stakater Reloader restarts it when External Secrets
 * Operator writes rotated credentials into one of exactly those Secrets (environment variables are
 * read at pod start), and Reloader is installed on the cluster. None when there are no such Secrets.
 */
export function reloadOnDatabaseSecrets(
  workload: Construct & { readonly cluster: ICluster },
  objects: readonly [string, KubeObject][],
  rollout: boolean,
): Record<string, string> {
  const secrets = objects
    .filter(([, o]) => o.kind === "ExternalSecret")
    .map(([, o]) => (o.spec as { target: { name: string } }).target.name);
  if (secrets.length === 0) return {};
  if (rollout) reloadRollouts(workload.cluster);
  requireController(workload.cluster, workload, "reloader");
  return reloadAnnotations(secrets, rollout);
}
