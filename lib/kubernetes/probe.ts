import type { IDatabase } from "../contracts/database";
import type { ConfigMap } from "./config-map";
import { optionsOf } from "./private/options";

/** What `EnvValue.fromDatabase` reads: the credentials from the database's managed secret, or where it is. */
export type DatabaseField = "username" | "password" | "host" | "port";

/** How Kubernetes checks a container: an HTTP GET, a TCP connection, or a command. */
export interface ProbeOptions {
  /** Seconds between checks. @default 10 */
  readonly periodSeconds?: number;
  /** Consecutive failures before the container counts as failing. @default 3 */
  readonly failureThreshold?: number;
  /** Seconds after start before the first check. @default 0 */
  readonly initialDelaySeconds?: number;
  /** Seconds a check may take. @default 1 */
  readonly timeoutSeconds?: number;
}

export type ProbeSpec =
  | ({ readonly kind: "http"; readonly path: string; readonly port?: number } & ProbeOptions)
  | ({ readonly kind: "tcp"; readonly port?: number } & ProbeOptions)
  | ({ readonly kind: "exec"; readonly command: readonly string[] } & ProbeOptions);

/** A readiness, liveness or startup probe. The port defaults to the Application's first port. */
export class Probe {
  /** Healthy when GET `path` answers 200-399. */
  static http(path: string, options: ProbeOptions & { readonly port?: number } = {}): Probe {
    return new Probe({ kind: "http", path, ...optionsOf("Probe.http", options) });
  }

  /** Healthy when a TCP connection opens. */
  static tcp(options: ProbeOptions & { readonly port?: number } = {}): Probe {
    return new Probe({ kind: "tcp", ...optionsOf("Probe.tcp", options) });
  }

  /** Healthy when `command` exits 0 inside the container. */
  static exec(command: string[], options: ProbeOptions = {}): Probe {
    return new Probe({ kind: "exec", command, ...optionsOf("Probe.exec", options) });
  }

  /** @internal */
  readonly spec: ProbeSpec;

  private constructor(spec: ProbeSpec) {
    this.spec = spec;
  }
}

/** The probes of an Application's container. */
export interface Probes {
  /** Whether a pod may receive traffic. Required by canary and blue-green rollouts. */
  readonly readiness?: Probe;
  /** Whether the container must be restarted. */
  readonly liveness?: Probe;
  /** Holds the other probes back while a slow container starts. */
  readonly startup?: Probe;
}

/** An environment variable's value: plain text, or a key of a Kubernetes secret (never a secret's value). */
export class EnvValue {
  /** A plain value, written into the pod spec (and the Terraform JSON): never a secret. */
  static value(text: string): EnvValue {
    return new EnvValue({ value: text });
  }

  /** A key of an existing Kubernetes secret in the Application's namespace, read by the kubelet. */
  static fromSecret(secretName: string, key: string): EnvValue {
    return new EnvValue({ secret: { name: secretName, key } });
  }

  /**
   * A field of a database's connection: `username` and `password` come from the database's
   * managed secret (RDS's Secrets Manager secret, Landform's Secret Manager secret on GCP),
   * copied into a Kubernetes Secret by External Secrets Operator with the workload's own cloud
   * identity, which Landform grants read on exactly that secret; `host` and `port` are plain values.
   */
  static fromDatabase(database: IDatabase, field: DatabaseField): EnvValue {
    if (field === "host" || field === "port") {
      const text = field === "host" ? database?.host : database?.port;
      if (text !== undefined) return new EnvValue({ value: String(text), database: { database, field } });
    }
    return new EnvValue({ database: { database, field } });
  }

  /** A key of a Landform ConfigMap, read by the kubelet. */
  static fromConfigMap(configMap: ConfigMap, key: string): EnvValue {
    return new EnvValue({ configMap: { configMap, key } });
  }

  /** @internal */
  readonly spec: {
    readonly value?: string;
    readonly secret?: { readonly name: string; readonly key: string };
    readonly database?: { readonly database: IDatabase; readonly field: DatabaseField };
    readonly configMap?: { readonly configMap: ConfigMap; readonly key: string };
  };

  private constructor(spec: EnvValue["spec"]) {
    this.spec = spec;
  }
}
