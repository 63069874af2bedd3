export { StateBackend } from "./core/backend";
export type { GcsStateOptions, LocalStateOptions, S3StateOptions } from "./core/backend";
export { CLOUDS, isCloud } from "./core/cloud";
export type { Cloud, PerCloud } from "./core/cloud";
export { CloudStack } from "./core/cloud-stack";
export type { CloudStackProps } from "./core/cloud-stack";
export { LandformError } from "./core/errors";
export type { LandformErrorCode, LandformErrorDetails } from "./core/errors";
export { InputError } from "./core/input-error";
export type { InputErrorDetails } from "./core/input-error";
export { NameRules, physicalName } from "./core/naming";
export type { NameRule } from "./core/naming";
export { machineType, SIZE_CLASSES, SIZE_NAMES } from "./core/sizes";
export type { MachineTypes, SizeClass, SizeName, Workload } from "./core/sizes";
export { Network, NetworkBase } from "./network";
export type { INetwork, NatGateways, NetworkAttributes, NetworkProps } from "./network";
export { Cluster, ClusterBase } from "./cluster";
export type {
  ClusterAttributes,
  ClusterProps,
  ClusterReader,
  EndpointAccess,
  ICluster,
  NamespaceOptions,
  NodePoolProps,
  NodeTaint,
  ReleaseChannel,
  TaintEffect,
} from "./cluster";
export type { ClusterMaintenanceWindow, MaintenanceExclusion, MaintenanceExclusionScope } from "./contracts/cluster";
export { ClusterServiceAccount, ClusterServiceAccountBase } from "./cluster-service-account";
export type {
  ClusterServiceAccountAttributes,
  ClusterServiceAccountOptions,
  ClusterServiceAccountProps,
  IClusterServiceAccount,
} from "./cluster-service-account";
export { KUBERNETES_VERSIONS } from "./cluster";
export { ComputeInstance, ComputeInstanceBase, IMAGES } from "./compute-instance";
export type {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  IComputeInstance,
  Identity,
  ImportedComputeInstanceAttributes,
  SubnetTier,
} from "./compute-instance";
export type { Connectable, Connections, IngressRule, Ports, Protocol, Source } from "./core/connections";
export { IMAGE_NAMES } from "./core/images";
export type { Architecture, ImageIds, ImageName } from "./core/images";
export { Database, DatabaseBase, ENGINE_VERSIONS, STORAGE_BOUNDS } from "./database";
export type {
  DatabaseAttributes,
  DatabaseProps,
  Engine,
  IDatabase,
  ImportedDatabaseAttributes,
  MaintenanceWindow,
  SecretGrant,
  Weekday,
} from "./database";
export { Bucket, BucketBase } from "./bucket";
export type { BucketAttributes, BucketGrant, BucketProps, Grant, IBucket } from "./bucket";
export { BootstrapStack, stateKeyAlias, stateKeyArn } from "./bootstrap";
export type { BootstrapStackProps } from "./bootstrap";
export { GitHubGovernanceStack } from "./pipeline/governance/stack";
export type { GitHubGovernanceStackProps } from "./pipeline/governance/stack";
export { GitHubPipeline, PrivateRunner, DEFAULT_ACTIONS } from "./pipeline";
export type { GitHubPipelineProps, PinnedAction } from "./pipeline";
// The construct side of policy (Policy.of(stack), packs, rule types); the engine, loaders and
// formatters are in landform/policy.
// From their own files, not ./policy's index: an app then does not load the CLI's loaders and
// report formatters.
export { Policy } from "./policy/policy";
export { SEVERITIES } from "./policy/rule";
export * as attributes from "./policy/attributes";
export { baselinePack } from "./policy/packs/baseline";
export { kubernetesPack } from "./policy/packs/kubernetes";
export { allowedRegionsPack } from "./policy/packs/allowed-regions";
export { allowedSizesPack } from "./policy/packs/allowed-sizes";
export { requiredTagsPack } from "./policy/packs/required-tags";
export { requiredTagsRule } from "./policy/rules/required-tags";
export type {
  AllowedRegionsPackOptions,
  AllowedSizesPackOptions,
  Attributes,
  EnforceOptions,
  Pack,
  PolicyResource,
  RequiredTagsPackOptions,
  RequiredTagsRuleOptions,
  ResourceKind,
  Rule,
  RuleResult,
  Severity,
  StackContext,
  Suppression,
  TerraformJson,
} from "./policy";
export { ImageRef } from "./kubernetes/image-ref";
export type { ImagePin } from "./kubernetes/image-ref";
export { Application } from "./kubernetes/application";
export type {
  ApplicationDestination,
  ApplicationMetrics,
  ApplicationPort,
  ApplicationProps,
  ApplicationSource,
} from "./kubernetes/application";
export type { ExposeOptions } from "./kubernetes/expose";
export { CanaryStep, RolloutStrategy } from "./kubernetes/strategy";
export type { BlueGreenOptions, CanaryOptions, Duration, RollingOptions } from "./kubernetes/strategy";
export type { AnalysisTemplateProps, PrometheusMetric, PrometheusSigV4 } from "./kubernetes/analysis";
export { EnvValue, Probe } from "./kubernetes/probe";
export type { DatabaseField, ProbeOptions, Probes } from "./kubernetes/probe";
export { ConfigMap } from "./kubernetes/config-map";
export type { ConfigMapProps } from "./kubernetes/config-map";
export type { ContainerOptions, PodOptions } from "./kubernetes/pod-options";
export { Job } from "./kubernetes/job";
export type { JobProps } from "./kubernetes/job";
export { CronJob } from "./kubernetes/cron-job";
export type { CronJobProps } from "./kubernetes/cron-job";
export { POD_SIZES } from "./kubernetes/sizes";
export type { PodResources } from "./kubernetes/sizes";
export { CHARTS, ClusterAddons } from "./kubernetes/addons";
export type { ChartPin, ControllerName } from "./kubernetes/addons";
export { AgentSource, GitCredentials, GitOpsAgent } from "./kubernetes/gitops-agent";
export type { GitOpsAgentProps, OciArtifactProps } from "./kubernetes/gitops-agent";
// The escape hatches' types (`network.aws`, `database.gcp`, ...), so users can name them. Type-only:
// the package root loads no cloud's code.
export type { AwsBucketResources } from "./aws/bucket";
export type { AwsClusterResources } from "./aws/cluster";
export type { AwsServiceAccountIdentity } from "./aws/cluster-access";
export type { AwsComputeInstanceResources } from "./aws/compute-instance";
export type { AwsDatabaseResources } from "./aws/database";
export type { AwsNetworkResources } from "./aws/network";
export type { GcpBucketResources } from "./gcp/bucket";
export type { GcpClusterResources } from "./gcp/cluster";
export type { GcpServiceAccountIdentity } from "./gcp/cluster-access";
export type { GcpComputeInstanceResources } from "./gcp/compute-instance";
export type { GcpDatabaseResources } from "./gcp/database";
export type { GcpNetworkResources } from "./gcp/network";
export type { StackInfo } from "./core/stack-info";
export type { IngressRules } from "./aws/ingress";
export type { FirewallRules } from "./gcp/firewall";
export type { EphemeralPassword } from "./gcp/ephemeral-password";
export type { PrivateServices } from "./gcp/private-services";
export type { ActionName } from "./pipeline/actions";
export type { AwsEnvironment, GcpEnvironment, PipelineCommands } from "./pipeline/declaration";
export type { BootstrapIdentities } from "./bootstrap/bootstrap-stack";
export type { AgentStack } from "./kubernetes/agent-objects";
