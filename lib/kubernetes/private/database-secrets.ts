import { Construct } from "constructs";
import { invalidConfig } from "../../core/errors";
import type { ICluster } from "../../contracts/cluster";
import type { IClusterServiceAccount } from "../../contracts/cluster-service-account";
import { requireController } from "../addons";
import { allEnv, databasesOf, Env, externalSecretObjects, PodSpec } from "./pod";
import type { KubeObject } from "./objects";

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
