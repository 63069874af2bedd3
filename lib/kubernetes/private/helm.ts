import type { HelmProvider } from "@cdktf/provider-helm/lib/provider";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { builderOf } from "../../core/registry";
import type { StackInfo } from "../../core/stack-info";
import type { ICluster } from "../../contracts/cluster";
import { aliasFor, checkKubernetesScope, execOf, registerProvider } from "./kubernetes";

const PROVIDERS = new WeakMap<ICluster, Map<StackInfo, { provider: HelmProvider; scope: Construct }>>();

/** The helm provider for `cluster` in `stack`, with exec credentials; created on first use. */
export function helmFor(cluster: ICluster, stack: StackInfo): { provider: HelmProvider; scope: Construct } {
  checkKubernetesScope(cluster, stack);
  const made = PROVIDERS.get(cluster) ?? new Map<StackInfo, { provider: HelmProvider; scope: Construct }>();
  PROVIDERS.set(cluster, made);
  const existing = made.get(stack);
  if (existing) return existing;
  const scope = new Construct(stack, `${aliasFor(cluster)}-helm`);
  const credentials = builderOf(cluster, "kubernetes").credentials(scope, cluster);
  const { HelmProvider: Provider } =
    require("@cdktf/provider-helm/lib/provider") as typeof import("@cdktf/provider-helm/lib/provider");
  const provider = new Provider(scope, "Provider", {
    kubernetes: {
      host: credentials.host,
      clusterCaCertificate: Fn.base64decode(credentials.caCertificate),
      exec: execOf(credentials),
    },
  });
  registerProvider(stack, "helm", provider, cluster);
  made.set(stack, { provider, scope });
  return { provider, scope };
}
