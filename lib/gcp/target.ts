import type { CloudTarget } from "../core/target";
import { checkCluster, checkComputeInstance, checkDatabase, checkNetwork, checkRegion, checkStack } from "./checks";
import { GCP_DATA } from "./data";
import { GCP_PIPELINE } from "./pipeline";
import { GCP_TRAFFIC } from "./kubernetes-traffic";

// Builders are required on first use: loading this file loads no provider class.
const load = {
  provider: () => require("./provider") as typeof import("./provider"),
  network: () => require("./network") as typeof import("./network"),
  computeInstance: () => require("./compute-instance") as typeof import("./compute-instance"),
  database: () => require("./database") as typeof import("./database"),
  cluster: () => require("./cluster") as typeof import("./cluster"),
  clusterAccess: () => require("./cluster-access") as typeof import("./cluster-access"),
  bucket: () => require("./bucket") as typeof import("./bucket"),
  module: () => require("./module") as typeof import("./module"),
  bootstrap: () => require("./bootstrap") as typeof import("./bootstrap"),
  agentGrants: () => require("./agent-grants") as typeof import("./agent-grants"),
  gatewayCertificates: () => require("./gateway-certificates") as typeof import("./gateway-certificates"),
};

/** Landform on GCP. */
export const GCP: CloudTarget = {
  cloud: "gcp",
  data: GCP_DATA,
  stack: {
    checkRegion,
    check: checkStack,
    configureProvider: (stack) => load.provider().configureProvider(stack),
    configureModule: (stack) => load.module().configureModule(stack),
    defaultS3Region: () => undefined,
  },
  network: { check: checkNetwork, build: (scope, spec) => load.network().buildNetwork(scope, spec) },
  computeInstance: {
    check: checkComputeInstance,
    build: (scope, spec) => load.computeInstance().buildComputeInstance(scope, spec),
  },
  database: {
    check: checkDatabase,
    build: (scope, spec) => load.database().buildDatabase(scope, spec),
    grantRead: (scope, id, grant) => load.database().grantSecretRead(scope, id, grant),
    secretStore: (secretRef, serviceAccount) => load.database().secretStore(secretRef, serviceAccount),
  },
  cluster: { check: checkCluster, build: (scope, spec) => load.cluster().buildCluster(scope, spec) },
  clusterServiceAccount: {
    build: (scope, cluster, namespace, name) => load.clusterAccess().buildIdentity(scope, cluster, namespace, name),
  },
  kubernetes: {
    credentials: (scope, cluster) => load.clusterAccess().credentials(scope, cluster),
    traffic: GCP_TRAFFIC,
    gatewayCertificates: (scope, request) => load.gatewayCertificates().buildGatewayCertificates(scope, request),
    addons: "none",
    grantAgentApply: (scope, request) => load.agentGrants().grantAgentApply(scope, request),
    grantReaders: (scope, request) => load.clusterAccess().grantReaders(scope, request),
  },
  bucket: {
    check: () => undefined,
    build: (scope, spec) => load.bucket().buildBucket(scope, spec),
    grant: (scope, id, resources, grant) => load.bucket().grantBucket(scope, id, resources, grant),
  },
  pipeline: { ...GCP_PIPELINE, trust: (scope, request) => load.bootstrap().buildGcpTrust(scope, request) },
};
