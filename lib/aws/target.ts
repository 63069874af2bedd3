import type { CloudTarget } from "../core/target";
import { checkCluster, checkComputeInstance, checkDatabase, checkNetwork, checkRegion, checkStack } from "./checks";
import { AWS_DATA } from "./data";
import { AWS_PIPELINE } from "./pipeline";
import { AWS_TRAFFIC } from "./kubernetes-traffic";

// Builders are required on first use: loading this file loads no provider class.
const load = {
  provider: () => require("./provider") as typeof import("./provider"),
  network: () => require("./network") as typeof import("./network"),
  computeInstance: () => require("./compute-instance") as typeof import("./compute-instance"),
  database: () => require("./database") as typeof import("./database"),
  metricsServer: () =>
    require("../kubernetes/private/addons-metrics-server") as typeof import("../kubernetes/private/addons-metrics-server"),
  cluster: () => require("./cluster") as typeof import("./cluster"),
  clusterAccess: () => require("./cluster-access") as typeof import("./cluster-access"),
  clusterAutoscaler: () => require("./cluster-autoscaler") as typeof import("./cluster-autoscaler"),
  bucket: () => require("./bucket") as typeof import("./bucket"),
  module: () => require("./module") as typeof import("./module"),
  bootstrap: () => require("./bootstrap") as typeof import("./bootstrap"),
  agentGrants: () => require("./agent-grants") as typeof import("./agent-grants"),
};

/** Landform on AWS. */
export const AWS: CloudTarget = {
  cloud: "aws",
  data: AWS_DATA,
  stack: {
    checkRegion,
    check: checkStack,
    configureProvider: (stack) => load.provider().configureProvider(stack),
    configureModule: (stack) => load.module().configureModule(stack),
    defaultS3Region: (region) => region,
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
    traffic: AWS_TRAFFIC,
    gatewayCertificates: "cert-manager",
    addons: (scope, cluster, built, helm) => {
      load.clusterAutoscaler().installAutoscaler(scope, cluster, built, helm);
      // EKS has no metrics-server, so the HPA would never scale (kubernetes review M2).
      load.metricsServer().installMetricsServer(scope, cluster, helm);
    },
    grantAgentApply: (scope, request) => load.agentGrants().grantAgentApply(scope, request),
    grantReaders: (scope, request) => load.clusterAccess().grantReaders(scope, request),
  },
  bucket: {
    check: () => undefined,
    build: (scope, spec) => load.bucket().buildBucket(scope, spec),
    grant: (scope, id, resources, grant) => load.bucket().grantBucket(scope, id, resources, grant),
  },
  pipeline: { ...AWS_PIPELINE, trust: (scope, request) => load.bootstrap().buildAwsTrust(scope, request) },
};
