import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import type { NamespaceV1 } from "@cdktf/provider-kubernetes/lib/namespace-v1";
import { createHash } from "crypto";
import { Token } from "cdktf";
import { Construct } from "constructs";
import { invalidProp } from "../core/errors";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import type { ICluster } from "../contracts/cluster";
import { checkNamespaceCluster } from "./namespace";
import { connectionFor, namespaceName } from "./private/kubernetes";
import { K8S_NAME, Shapes } from "./private/shapes";

export interface ConfigMapProps {
  /** The cluster the ConfigMap is on. */
  readonly cluster: ICluster;
  /** The namespace, by name or as the namespace resource (which also orders creation after it). */
  readonly namespace: string | NamespaceV1;
  /** The Kubernetes name. @default - the construct id */
  readonly name?: string;
  /** The keys and their text: file contents or environment values. Never secrets: they are written into the Terraform JSON. */
  readonly data: Record<string, string>;
}

const DATA_KEY = /^[-._a-zA-Z0-9]{1,253}$/;

const RULES: PropRules<ConfigMapProps> = {
  cluster: Checks.required(
    Checks.instance((v) => Construct.isConstruct(v), "a cluster", "pass the Cluster (or Cluster.fromAttributes)"),
  ),
  namespace: Checks.required(Shapes.namespace()),
  name: Shapes.name(),
  data: Checks.required(
    Checks.record(Checks.string(), { pattern: DATA_KEY, hint: "letters, digits, '-', '_' and '.'" }),
  ),
};

/**
 * Configuration as a Kubernetes ConfigMap: keys read by Applications, Jobs and CronJobs as
 * environment variables (`EnvValue.fromConfigMap(config, key)`) or mounted as files
 * (`configFiles: { "/etc/app": config }`). Pods that mount or read it roll when its data changes.
 * Like cdk8s-plus `ConfigMap`. Declare it in the workloads stack, next to what reads it.
 */
export class ConfigMap extends Construct {
  /** @internal */
  static readonly landformKind = "ConfigMap";

  readonly name: string;
  readonly namespace: string;
  readonly cluster: ICluster;
  /** The keys the ConfigMap holds. */
  readonly keys: readonly string[];
  /** A digest of the data, written on the pods that use the ConfigMap so a change rolls them. */
  readonly digest: string;
  /** The ConfigMap, as a `kubernetes_manifest` resource: the escape hatch. */
  readonly manifest: Manifest;

  constructor(scope: Construct, id: string, props: ConfigMapProps) {
    super(scope, id);
    validateAllProps<ConfigMapProps>(this, props, RULES, { fix: "pass { cluster, namespace, data }" });
    const given = props.namespace;
    const namespace = typeof given === "string" ? given : (namespaceName(given) ?? given.metadata?.name);
    checkNamespaceCluster(this, given, props.cluster, "the ConfigMap's");
    this.name = props.name ?? id;
    if (!K8S_NAME.test(this.name))
      throw invalidProp(
        this,
        "name",
        this.name,
        "is not a Kubernetes name",
        "use lowercase letters, digits and dashes",
      );
    this.namespace = namespace;
    this.cluster = props.cluster;
    const data = Object.fromEntries(Object.entries(props.data).sort(([a], [b]) => (a < b ? -1 : 1)));
    this.keys = Object.keys(data);
    this.digest = Object.values(data).some((v) => Token.isUnresolved(v))
      ? ""
      : createHash("sha256").update(JSON.stringify(data)).digest("hex").slice(0, 16);
    const { Manifest: KubernetesManifest } =
      require("@cdktf/provider-kubernetes/lib/manifest") as typeof import("@cdktf/provider-kubernetes/lib/manifest");
    this.manifest = new KubernetesManifest(this, "Resource", {
      provider: connectionFor(this.cluster, this).provider,
      manifest: {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: this.name, namespace, labels: { "app.kubernetes.io/managed-by": "landform" } },
        data,
      },
      dependsOn: typeof given === "object" ? [given] : [],
    });
  }

  /** @internal Throws unless `key` is one of the ConfigMap's keys. */
  checkKey(scope: Construct, prop: string, key: string): void {
    if (!this.keys.includes(key))
      throw invalidProp(
        scope,
        prop,
        key,
        `is not a key of ConfigMap '${this.node.path}' (${this.keys.join(", ") || "no keys"})`,
        "use one of its keys, or add the key to its data",
      );
  }
}
