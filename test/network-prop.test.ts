import { App, Testing } from "cdktf";
import { Cluster, CloudStack, ComputeInstance, Database, Network } from "../lib";
import { CLOUDS, stackProps, testStack } from "./helpers";

// Every construct built on a Network checks its `network` prop the same way.
const builders = {
  ComputeInstance: (stack: CloudStack, network?: Network) =>
    new ComputeInstance(stack, "x", { network: network as Network }),
  Database: (stack: CloudStack, network?: Network) => new Database(stack, "x", { network: network as Network }),
  Cluster: (stack: CloudStack, network?: Network) => new Cluster(stack, "x", { network: network as Network }),
};

describe.each(CLOUDS)("the network prop on %s", (cloud) => {
  test.each(Object.entries(builders))("%s needs a network", (kind, build) => {
    expect(() => build(testStack(cloud))).toThrow(
      `${kind} '${cloud}-test/x': network undefined is required; pass the Network it lives in, e.g. network: new Network(this, "network").`,
    );
  });

  test.each(Object.entries(builders))("%s refuses a network of another stack", (kind, build) => {
    const app = Testing.app();
    const stack = testStack(cloud, {}, app);
    const network = new Network(new CloudStack(app as App, "other", stackProps(cloud)), "network");
    expect(() => build(stack, network)).toThrow(
      `${kind} '${cloud}-test/x': network 'other/network' is in another stack; use a Network of the same CloudStack.`,
    );
  });
});
