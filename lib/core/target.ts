import type { TerraformProvider, TerraformResource } from "cdktf";
import type { Construct, IConstruct } from "constructs";
import type { BucketGrant, BucketProps, BucketSpec, BucketAttributes, IBucket } from "../contracts/bucket";
import type {
  BuiltClusterAttributes,
  ClusterProps,
  ClusterReader,
  ClusterSpec,
  ICluster,
  ReleaseChannel,
} from "../contracts/cluster";
import type {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  ComputeInstanceSpec,
} from "../contracts/compute-instance";
import type {
  DatabaseAttributes,
  DatabaseProps,
  DatabaseSecretGrant,
  DatabaseSpec,
  Engine,
} from "../contracts/database";
import type { Identity } from "../contracts/identity";
import type { NetworkAttributes, NetworkProps, NetworkSpec } from "../contracts/network";
import type { Cloud } from "./cloud";
import type { ResolvedRule } from "./connections";
import type { Architecture, ImageName } from "./images";
import type { NameRule } from "./naming";
import type { StackInfo } from "./stack-info";

/**
 * Everything one cloud knows, implemented once in `lib/<cloud>/target.ts`. Each construct entry is
 * either the cloud's checks and builder, or an explicit `notSupported(why)`: a construct a cloud
 * cannot build fails at construction with the cloud's name, and a new cloud that forgets one does
 * not compile.
 */
export interface CloudTarget {
  readonly cloud: Cloud;
  /** Tables and name rules; no provider classes, so cheap to load. */
  readonly data: CloudData;
  readonly stack: StackTarget;
  readonly network: ConstructTarget<NetworkProps, NetworkSpec, NetworkAttributes>;
  readonly computeInstance: ConstructTarget<ComputeInstanceProps, ComputeInstanceSpec, ComputeInstanceAttributes>;
  readonly database: ConstructTarget<DatabaseProps, DatabaseSpec, DatabaseAttributes> & {
    /** A grant to read the database's credentials secret, declared in `scope`. */
    readonly grantRead?: (scope: Construct, id: string, grant: DatabaseSecretGrant) => IConstruct;
    /**
     * How External Secrets Operator reads the secret `secretRef` with a Kubernetes service
     * account's cloud identity: the SecretStore's `spec.provider` and the ExternalSecret's
     * `remoteRef.key`.
     */
    readonly secretStore?: (secretRef: string, serviceAccount: string) => { provider: object; key: string };
  };
  readonly cluster: ConstructTarget<ClusterProps, ClusterSpec, BuiltClusterAttributes>;
  readonly clusterServiceAccount: ServiceAccountTarget | NotSupported;
  readonly kubernetes: KubernetesTarget | NotSupported;
  readonly bucket: BucketTarget | NotSupported;
  /** CI/CD: the cloud's environments in a GitHubPipeline, its workflow login and its BootstrapStack trust. */
  readonly pipeline: PipelineTarget | NotSupported;
}

/** The cloud's side of CloudStack. */
export interface StackTarget {
  /** The region must be one of the cloud's. */
  checkRegion(stack: StackInfo, region: unknown): void;
  /** Cloud-only checks of the stack's other props (account or project, ids). */
  check(stack: StackInfo, props: StackProps): void;
  /** Declares the stack's one provider. Loads provider classes. */
  configureProvider(stack: StackInfo): void;
  /** The region an S3 state bucket is in when the user names none. */
  defaultS3Region(stackRegion: string): string | undefined;
  /**
   * Sets up a Terraform module (`ModuleStack`): declares the cloud's provider with no settings (so
   * cdktf writes its required_providers; the empty block is dropped) and returns the region, which
   * the caller's provider decides: a data source, or a variable validated like `checkRegion`.
   * `examples` holds a value for each input it declares, for the module's generated example.
   * Absent: the cloud builds no modules yet.
   */
  configureModule?(stack: StackInfo): { region: string; examples: Record<string, unknown> };
}

/** The stack props a cloud checks. */
export interface StackProps {
  readonly region: unknown;
  readonly account?: unknown;
  readonly project?: unknown;
  readonly manageApis?: unknown;
}

export interface CloudData {
  /** Where the cloud publishes each portable image (published in the docs as IMAGES). */
  readonly images: Readonly<Record<ImageName, object>>;
  /** Human name of the cloud's Kubernetes service, for messages: "EKS", "GKE". */
  readonly kubernetesProduct: string;
  /** Why a tag/label key or value breaks the cloud's rules, or undefined. */
  labelProblem(key: string, value: string): string | undefined;
  /** Why `key` cannot name a customer-managed key, with the fix; undefined when it can. */
  encryptionKeyProblem(key: string): readonly [problem: string, fix: string] | undefined;
  /** The most a ComputeInstance's boot script may hold, in bytes. */
  readonly startupScriptMaxBytes: number;
  /** The CPU architecture a machine type runs. */
  architectureOf(machineType: string): Architecture;
  /** Major versions offered per engine. */
  readonly engineVersions: Readonly<Record<Engine, readonly string[]>>;
  /** The engine's built-in admin user on this cloud. */
  readonly databaseUsernames: Readonly<Record<Engine, string>>;
  /** Days of automated database backups at most. */
  readonly maxBackupDays: number;
  /** Storage bounds in GB. */
  readonly storageBounds: { readonly min: number; readonly max: number };
  /** Kubernetes minor versions offered for new clusters, and their support tier. */
  readonly kubernetesVersions: Readonly<Record<string, "standard" | "extended">>;
  /** The release channel a cluster follows when none is given, if the cloud has channels. */
  readonly defaultReleaseChannel?: ReleaseChannel;
  /** How the cloud names a Kubernetes cluster. */
  readonly clusterNameRule: NameRule;
  /** The cloud-specific attributes an imported network may name on this cloud; any other is an error. */
  readonly networkAttributes: readonly CloudNetworkAttribute[];
  /** The cloud-specific attributes an imported compute instance may name on this cloud; any other is an error. */
  readonly instanceAttributes: readonly CloudInstanceAttribute[];
  /** The cloud-specific attributes an imported cluster may name on this cloud; any other is an error. */
  readonly clusterAttributes: readonly CloudClusterAttribute[];
  /**
   * Why an identity's `principal` cannot be granted on this cloud (another cloud's identity), or
   * undefined. The principal may hold tokens; its literal parts decide.
   */
  principalProblem(principal: string): string | undefined;
}

/** Attributes of an imported compute instance that only some clouds use. */
export type CloudInstanceAttribute = "securityGroupId" | "serviceAccountEmail";

/** Attributes of an imported cluster that only some clouds use. */
export type CloudClusterAttribute = "oidcProviderArn" | "oidcIssuer" | "workloadPool";

/** Attributes of an imported network that only some clouds use. */
export type CloudNetworkAttribute = "primaryCidr" | "podsRangeName" | "servicesRangeName" | "privateServices";

/** One result shape for every builder. */
export interface Built<A, R = unknown> {
  readonly attributes: A;
  /** The provider resources, behind the construct's `.aws` / `.gcp` escape hatch. */
  readonly resources: R;
  /** Lets a source reach the construct (a security group or firewall rule), for constructs that accept traffic. */
  addIngress?(rule: ResolvedRule): void;
}

export interface ConstructBuilder<P, S, A> {
  /** Cloud-only rules, after the portable ones. Throws a LandformError. */
  check(scope: IConstruct, props: P, spec: S): void;
  /** Declares the resources. Loads provider classes. */
  build(scope: Construct, spec: S): Built<A>;
}

export type ConstructTarget<P, S, A> = ConstructBuilder<P, S, A> | NotSupported;

/** A Kubernetes service account bound to a cloud identity. */
export interface ServiceAccountTarget {
  build(scope: Construct, cluster: ICluster, namespace: string, name: string): Built<ServiceAccountIdentity>;
}

/** A Kubernetes service account's cloud identity, and the annotations that bind the two. */
export interface ServiceAccountIdentity {
  readonly identity: Identity;
  readonly annotations: Readonly<Record<string, string>>;
}

/**
 * What a kubernetes or helm provider needs: the API endpoint and CA, looked up by the cluster's
 * name, and an exec plugin that fetches a fresh token on every plan and apply. No token is ever
 * read into the plan or the state.
 */
export interface KubernetesCredentials {
  readonly host: string;
  /** Base64-encoded PEM. */
  readonly caCertificate: string;
  readonly exec: {
    readonly apiVersion: string;
    readonly command: string;
    readonly args: readonly string[];
  };
}

export interface KubernetesTarget {
  /** Credentials for `cluster`, with the data sources they need declared in `scope`. */
  credentials(scope: Construct, cluster: ICluster): KubernetesCredentials;
  /**
   * Controllers every cluster on this cloud needs, installed with Helm in the cluster's add-ons
   * stack (AWS: Cluster Autoscaler, since EKS node groups do not scale by themselves); "none" when
   * the cloud's managed service already provides them.
   */
  readonly addons: AddonsBuilder | "none";
  /** Grants a GitOps agent's runner identity what applying one stack needs (`GitOpsAgent.grantApply`). */
  grantAgentApply(scope: Construct, request: AgentGrantRequest): void;
  /** Read-only access for a Cluster's `readers`: cloud IAM in `scope` (the cluster's construct), RBAC where the cloud needs it. */
  grantReaders(scope: Construct, request: ClusterReadersRequest): void;
  /** How `Application.expose` publishes on this cloud, and what an Application's NetworkPolicy admits. */
  readonly traffic: KubernetesTraffic;
  /**
   * Who certifies an exposed HTTPS host: cert-manager (ACME HTTP-01 through the Gateway, an Issuer
   * per namespace), or the cloud's managed certificates, declared by this builder.
   */
  readonly gatewayCertificates: "cert-manager" | GatewayCertificatesBuilder;
}

/** Cloud-managed certificates for one namespace's Gateway: its HTTPS listeners then carry no `certificateRefs`. */
export interface GatewayCertificates {
  /** The annotations the Gateway takes to serve them. */
  readonly annotations: Readonly<Record<string, string>>;
  /** Certifies `host`, with its resources declared in a construct `id` of `scope` (in the same stack). */
  addHost(scope: Construct, id: string, host: string): void;
}

/** Declares a namespace's managed certificates in `scope` (the Gateway's construct, in the workloads stack). */
export type GatewayCertificatesBuilder = (
  scope: Construct,
  request: { readonly cluster: ICluster; readonly namespace: string },
) => GatewayCertificates;

/** What `GitOpsAgent.grantApply` hands a cloud: the runner identity and the stack it will apply. */
export interface AgentGrantRequest {
  readonly cluster: ICluster;
  readonly identity: Identity;
  /** The cloud resources of the runner identity (`role` on AWS, `serviceAccount` on GCP). */
  readonly identityResources: unknown;
  /** The stack to apply: a cdktf TerraformStack made by Landform. */
  readonly stack: StackInfo;
  /** True for the agent's first granted stack: cluster access is granted once. */
  readonly first: boolean;
  /** The kubernetes provider for the cluster in the grants' stack, made on first call (for RBAC grants). */
  kubernetesProvider(): TerraformProvider;
}

/** What a Cluster hands its cloud for `ClusterProps.readers`. */
export interface ClusterReadersRequest {
  readonly cluster: ICluster;
  /** The cluster resource's name attribute: grants in the cluster's stack wait for the cluster. */
  readonly clusterName: string;
  readonly readers: readonly ClusterReader[];
  /** The namespaces whose Secrets `reader` may read, sorted: as given, else the add-ons stack's Helm releases'. Call at synth. */
  namespacesOf(reader: ClusterReader): string[];
  /** The Helm releases in the add-ons stack that create `namespace` (what an object there waits for). Call at synth. */
  releasesIn(namespace: string): TerraformResource[];
  /** The kubernetes provider for the cluster in its add-ons stack and the construct holding it, made on first call (for RBAC). */
  kubernetes(): { readonly provider: TerraformProvider; readonly scope: Construct };
}

/** A NetworkPolicy peer or egress rule, as the API takes it. */
export type NetworkPolicyPeer = Readonly<Record<string, unknown>>;

/** A cloud's answers for Application traffic: data only, no provider classes. */
export interface KubernetesTraffic {
  /**
   * The GatewayClass namespace Gateways use. With `controllerName` Landform declares the class (its
   * controller installed by `gatewayController`); without, the cloud provides it.
   */
  readonly gatewayClass: { readonly name: string; readonly controllerName?: string };
  /** The controller Landform installs with Helm for the class (it brings the Gateway API CRDs); none when the cloud runs one. */
  readonly gatewayController?: "envoy-gateway";
  /** Who reaches an exposed Application's pods: the gateway's data plane and the load balancer's health checks. */
  readonly gatewayPeers: readonly NetworkPolicyPeer[];
  /** The load balancer health-checks backend Services with GET "/" unless a GKE `HealthCheckPolicy` names a path. */
  readonly healthCheckPolicy: boolean;
  /** Egress a pod with a cloud identity needs to get its credentials once egress is restricted. */
  readonly identityEgress: readonly {
    readonly to: readonly NetworkPolicyPeer[];
    readonly ports?: readonly { readonly port: number; readonly protocol: "TCP" | "UDP" }[];
  }[];
  /** How egress reaches a Database: its host is a private IP ("host"), or a DNS name, so its network's CIDR ("network"). */
  readonly databaseAddress: "host" | "network";
}

/** Installs a cloud's controllers on a cluster, in `scope` (a construct of the add-ons stack). */
export type AddonsBuilder = (
  scope: Construct,
  cluster: ICluster,
  built: BuiltClusterAttributes,
  helm: TerraformProvider,
) => void;

/** A construct the cloud cannot build, and why. */
export interface NotSupported {
  readonly notSupported: string;
}

export function notSupported(why: string): NotSupported {
  return { notSupported: why };
}

export function isSupported<T extends object>(target: T | NotSupported): target is T {
  return !("notSupported" in target);
}

/** A cloud's bucket: the builder plus how an identity is granted access to what it built. */
export interface BucketTarget {
  check(scope: IConstruct, props: BucketProps, spec: BucketSpec): void;
  build(scope: Construct, spec: BucketSpec): Built<BucketAttributes>;
  /** Grants on `bucket`, owned (its resources) or imported (its attributes only). */
  grant(scope: Construct, id: string, bucket: BucketAttributes, grant: BucketGrant): IConstruct;
}

/**
 * A cloud's part of the GitHub pipeline (`lib/<cloud>/pipeline.ts`): what one environment entry of
 * `GitHubPipelineProps[cloud]` holds, how a workflow job logs in as a pipeline identity, and the
 * OIDC trust a `BootstrapStack` builds for those identities. The login and the trust come from the
 * same file, so the workflows assume exactly the identities the bootstrap creates.
 */
export interface PipelineTarget {
  /** What one environment deploys to, for messages: "account", "project". */
  readonly placeNoun: string;
  /** The shape of one environment entry, for messages: "{ account }". */
  readonly environmentShape: string;
  /**
   * How apply identities of environments can be kept apart (`BootstrapStackProps.isolation`):
   * "account" (one account or project each) always; "permissionsBoundary" where the cloud can
   * bound an identity to its environment's resources in a shared one.
   */
  readonly isolations: readonly Isolation[];
  /** The longest OIDC `sub` the cloud's trust can match, in bytes, if it has a limit. */
  readonly maxSubjectBytes?: number;
  /** Checks one entry of `GitHubPipelineProps[cloud]` (a non-null object); throws `fail(field, ...)`. */
  environment(
    entry: Readonly<Record<string, unknown>>,
    request: EnvironmentRequest,
    fail: PropFail,
  ): PipelineEnvironment;
  /** The step a workflow job takes to act as the plan identity, or as an environment's apply identity. */
  login(request: LoginRequest): LoginStep;
  /** That identity as IAM and cluster access name it: a role ARN (AWS), a service account email (GCP). */
  identity(request: LoginRequest): string;
  /** Checks the BootstrapStack props the cloud reads (`applyPermissions`, `oidcProviderArn`); throws `fail(prop, ...)`. */
  checkBootstrap(props: BootstrapCloudProps, place: PipelineEnvironment, fail: PropFail): void;
  /** Declares the OIDC trust and the identities in a bootstrap stack. Loads provider classes. */
  trust(scope: Construct, request: TrustRequest): BootstrapIdentities;
}

/** Builds the LandformError for a prop (or an environment entry's field) at fault. */
export type PropFail = (prop: string, value: unknown, problem: string, fix: string) => Error;

/** What every pipeline identity's name is derived from. */
export interface PipelineNames {
  /** The GitHub repository, `owner/name`. */
  readonly repository: string;
  /** Prefix of the identities the bootstrap creates, e.g. "landform-gh". */
  readonly identityPrefix: string;
}

export interface EnvironmentRequest extends PipelineNames {
  /** The environment's name. */
  readonly environment: string;
}

/** One environment of the pipeline on a cloud, as the cloud checked it. */
export interface PipelineEnvironment {
  /** The account or project id its stacks deploy to; one BootstrapStack serves one. */
  readonly place: string;
  /** The CloudStack props that put a stack there: `{ account }` or `{ project }`. */
  readonly stackProps: { readonly account?: string; readonly project?: string };
  /** The entry's fields, as checked; the cloud reads its own back. */
  readonly fields: Readonly<Record<string, string>>;
}

export interface LoginRequest extends PipelineNames {
  readonly environment: string;
  readonly target: PipelineEnvironment;
  /** The stack's region. */
  readonly region: string;
  readonly purpose: "plan" | "apply";
}

/** A workflow step, as plain data: the action by its name in the pipeline's pinned actions. */
export interface LoginStep {
  /** The step's name in the job, e.g. "Assume the plan role". */
  readonly name: string;
  /** A key of `GitHubPipelineProps.actions` (`DEFAULT_ACTIONS`). */
  readonly action: string;
  /** The action's inputs. */
  readonly with: Readonly<Record<string, string | boolean>>;
}

/** How a BootstrapStack keeps the apply identities of its environments apart. */
export type Isolation = "account" | "permissionsBoundary";

/** The BootstrapStack props a cloud reads, unchecked. */
export interface BootstrapCloudProps {
  readonly applyPermissions?: unknown;
  readonly oidcProviderArn?: unknown;
}

/** The OIDC trust of one bootstrap stack: who may act as the plan identity and each apply identity. */
export interface TrustRequest extends PipelineNames {
  /** GitHub's OIDC issuer URL. */
  readonly issuer: string;
  /** GitHub's immutable ids of the repository and its owner: every token must carry them. */
  readonly ids: { readonly repository: string; readonly owner: string };
  /** The OIDC `sub` claims of pull requests and of the trunk (drift scans): the plan identity's. */
  readonly planSubjects: readonly string[];
  /** The `ref` claim an apply token must carry: the trunk. */
  readonly applyRef: string;
  /** The `job_workflow_ref` claim an apply token must carry: the deploy workflow on the trunk. */
  readonly applyWorkflowRef: string;
  /** The environments the stack serves, each with the `sub` claims of its jobs. */
  readonly environments: readonly {
    readonly name: string;
    readonly target: PipelineEnvironment;
    readonly subjects: readonly string[];
  }[];
  /** The state bucket the stack created: a `Bucket`, whose cloud escape hatch holds its key and policy. */
  readonly stateBucket: IBucket;
  /** Where each environment's stacks keep their state in the bucket (`landform/<cloud>-<env>`): a key prefix. */
  readonly statePrefix: (environment: string) => string;
  /** Checked by `checkBootstrap`. */
  readonly applyPermissions?: readonly string[];
  /** Checked by `checkBootstrap`. */
  readonly oidcProviderArn?: string;
  /** One of the cloud's `isolations`: "permissionsBoundary" when environments share the account. */
  readonly isolation: Isolation;
}

/** What a cloud's bootstrap builds: the identities the pipeline assumes. */
export interface BootstrapIdentities {
  readonly plan: Identity;
  readonly apply: Readonly<Record<string, Identity>>;
}
