import { optionsOf } from "./private/options";

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

  /** @internal */
  readonly spec: { readonly value?: string; readonly secret?: { readonly name: string; readonly key: string } };

  private constructor(spec: EnvValue["spec"]) {
    this.spec = spec;
  }
}
