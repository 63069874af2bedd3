import { Cloud, CloudStack, Cluster, ComputeInstance, Database, LandformError, Network } from "../../lib";
import { testStack } from "../helpers";

/** Builds one construct with bad input; returns the error it throws. Anything but a LandformError fails the test. */
export function probe(build: () => unknown): LandformError {
  try {
    build();
  } catch (error) {
    if (LandformError.isLandformError(error)) return error;
    throw error;
  }
  throw new Error("no error was thrown");
}

export type Kind = "Network" | "ComputeInstance" | "Database" | "Cluster";

/** A stack with a network, and the construct under test built as `<cloud>-test/probe` with raw, untyped props. */
export function construct(cloud: Cloud, kind: Kind, props: unknown) {
  const stack: CloudStack = testStack(cloud);
  return constructIn(stack, new Network(stack, "network"), "probe", kind, props);
}

/** The construct under test built as `<stack>/<id>` with raw, untyped props, beside a network of the stack. */
export function constructIn(stack: CloudStack, network: Network, id: string, kind: Kind, props: unknown) {
  const withNetwork = (p: unknown) =>
    typeof p === "object" && p !== null && !Array.isArray(p) && !("network" in p) ? { network, ...p } : p;
  // Casts on purpose: these probes stand for JavaScript and JSON callers the compiler never sees.
  const any = withNetwork(props) as never;
  if (kind === "Network") return new Network(stack, id, props as never);
  if (kind === "ComputeInstance") return new ComputeInstance(stack, id, any);
  if (kind === "Database") return new Database(stack, id, any);
  return new Cluster(stack, id, any);
}
