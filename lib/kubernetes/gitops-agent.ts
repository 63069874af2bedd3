import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { invalidConfig, invalidProp } from "../core/errors";
import { Check, Checks, PropRules, validateAllProps } from "../core/validate";
import { builderOf } from "../core/registry";
import { STACK_MARK, StackInfo, stackOf } from "../core/stack-info";
import { connectionFor } from "./private/kubernetes";
import type { ICluster } from "../contracts/cluster";
import type { Identity } from "../contracts/identity";
import { ClusterAddons, requireController } from "./addons";
import {
  AGENT_NAMESPACE,
  AgentPlan,
  agentObjects,
  AgentStack,
  findCycle,
  GitAuth,
  RUNNER_SERVICE_ACCOUNT,
} from "./agent-objects";
import { ImageRef } from "./image-ref";
import { K8S_NAME } from "./private/application-spec";
import { claimAgent } from "./private/claims";
import { Shapes } from "./private/shapes";

/** How the agent reads the repository: a secret that already exists in flux-system, never a key in Terraform. */
export class GitCredentials {
  /** An SSH deploy key: a secret with `identity` and `known_hosts` (`flux create secret git`). */
  static deployKey(secretName: string): GitCredentials {
    return new GitCredentials({ kind: "deployKey", secretName });
  }

  /** A GitHub App: a secret with `githubAppID`, `githubAppInstallationID` and `githubAppPrivateKey`. */
  static githubApp(secretName: string): GitCredentials {
    return new GitCredentials({ kind: "githubApp", secretName });
  }

  /** A public repository. */
  static none(): GitCredentials {
    return new GitCredentials({ kind: "none" });
  }

  /** @internal */
  readonly auth: GitAuth;

  private constructor(auth: GitAuth) {
    this.auth = auth;
  }
}

export interface GitOpsAgentProps {
  /** The cluster the agent runs on. Its stack's cloud and environment pick the stacks it applies. */
  readonly cluster: ICluster;
  /** The repository holding the committed stacks: `ssh://` or `https://`. */
  readonly url: string;
  /** @default "main" */
  readonly branch?: string;
  readonly credentials: GitCredentials;
  /** Folder of the committed stacks in the repository. @default "terraform/stacks" */
  readonly stacksPath?: string;
  /**
   * Apply plans without a person: true outside production. In production the agent plans and
   * waits for `tfctl approve` (never a commit: tofu-controller#1878). @default - false in production, else true
   */
  readonly autoApprove?: boolean;
  /** How often each stack is planned again (drift detection). @default "10m" */
  readonly interval?: string;
  /**
   * The runner image, when the stacks need tools the default runner lacks (the exec plugins of
   * the kubernetes and helm providers: `aws` or `gke-gcloud-auth-plugin`). @default - the chart's tf-runner
   */
  readonly runnerImage?: ImageRef;
  /** Where tofu-controller is installed, for a cluster made elsewhere. @default - the cluster's add-ons stack */
  readonly addonsStack?: IConstruct;
}

const CREDENTIALS: Check = (scope, prop, value) => {
  Checks.instance(
    (v) => v instanceof GitCredentials,
    "GitCredentials",
    "use GitCredentials.deployKey(secret), .githubApp(secret) or .none()",
  )(scope, prop, value);
  const auth = (value as GitCredentials).auth;
  if (auth.kind !== "none") Checks.required(Shapes.subdomain())(scope, `${prop}.secretName`, auth.secretName);
};

// A Git branch name (git check-ref-format): no "..", "//", "@{", leading "-" or "/", or trailing "/", "." or ".lock".
const BRANCH = /^(?![-/])(?!.*(?:\.\.|\/\/|@\{|\/$|\.$|\.lock$|\/\.))[A-Za-z0-9._/@-]+$/;
const PATH = /^(?!.*(?:^|\/)\.\.(?:\/|$))[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

const AGENT_RULES: PropRules<GitOpsAgentProps> = {
  cluster: Checks.required(
    Checks.instance((v) => Construct.isConstruct(v), "a cluster", "pass the Cluster the agent runs on"),
  ),
  url: Checks.required(
    Checks.string({
      pattern: /^(ssh|https):\/\/\S+$/,
      hint: "an ssh:// or https:// repository URL, e.g. ssh://git@github.com/acme/platform.git",
    }),
  ),
  branch: Checks.string({ pattern: BRANCH, hint: 'a Git branch name, e.g. "main"' }),
  credentials: Checks.required(CREDENTIALS),
  stacksPath: Checks.string({ pattern: PATH, hint: 'a relative folder without "..", e.g. "terraform/stacks"' }),
  autoApprove: Checks.boolean(),
  interval: Checks.string({ pattern: /^[1-9][0-9]*(m|h)$/, hint: 'a whole number of minutes or hours, e.g. "10m"' }),
  runnerImage: Checks.instance(
    (v) => ImageRef.isImageRef(v),
    "an ImageRef",
    'use ImageRef.of("<repo>@sha256:<64 hex>")',
  ),
  addonsStack: Checks.instance(
    (v) => Construct.isConstruct(v),
    "a stack",
    "pass the stack that installs the controllers",
  ),
};

/**
 * A pull-based agent on a cluster: Flux's source-controller follows the trunk, and tofu-controller
 * plans and applies each Landform stack of the cluster's cloud and environment, in the order of
 * the stack graph, as a runner with a cloud identity. CI keeps no access to the environment.
 */
export class GitOpsAgent extends Construct {
  /** @internal */
  static readonly landformKind = "GitOpsAgent";

  /** The runner's cloud identity: grant it what applying the stacks needs. */
  readonly identity: Identity;
  /** The runner identity's cloud resources (`.aws` role or `.gcp` service account), for grants. */
  readonly identityResources: unknown;
  /** The GitRepository and Terraform objects. */
  readonly manifests: readonly Manifest[];
  /** The stacks it applies, with their dependencies, in name order. */
  readonly stacks: readonly AgentStack[];
  private readonly plan: AgentPlan;

  constructor(scope: Construct, id: string, props: GitOpsAgentProps) {
    super(scope, id);
    validateAllProps<GitOpsAgentProps>(this, props, AGENT_RULES);
    const cluster = props.cluster;
    const here = stackOf(this);
    const stacksPath = props.stacksPath ?? "terraform/stacks";
    const interval = props.interval ?? "10m";
    const autoApprove = props.autoApprove ?? !here.production;
    const claimed = claimAgent(this, cluster);

    // The runner's identity and tofu-controller go in the add-ons stack; the objects here, after it.
    const addons =
      props.addonsStack ??
      (cluster.resource !== undefined && "addons" in cluster ? (cluster as { addons: IConstruct }).addons : undefined);
    const home = stackOf(cluster);
    const addonsHome = addons ? stackOf(addons) : undefined;
    if (addonsHome && (["cloud", "region", "project"] as const).some((k) => addonsHome[k] !== home[k]))
      throw invalidProp(
        this,
        "addonsStack",
        addonsHome.node.path,
        `is on ${addonsHome.cloud} ${addonsHome.region}, and the cluster on ${home.cloud} ${home.region}`,
        "pass a stack of the cluster's cloud, region and project",
      );
    if (!addons)
      throw invalidProp(
        this,
        "addonsStack",
        undefined,
        "is missing for a cluster made elsewhere",
        "pass the stack that installs the controllers",
      );
    const holder = new Construct(stackOf(addons), `${id}-runner`);
    const built = builderOf(holder, "clusterServiceAccount").build(
      holder,
      cluster,
      AGENT_NAMESPACE,
      RUNNER_SERVICE_ACCOUNT,
    );
    this.identity = built.attributes.identity;
    this.identityResources = built.resources;
    ClusterAddons.install(cluster, addons, "flux");
    ClusterAddons.install(cluster, addons, "tofu-controller", {
      runner: {
        serviceAccount: {
          create: true,
          name: RUNNER_SERVICE_ACCOUNT,
          annotations: built.attributes.annotations,
          allowedNamespaces: [AGENT_NAMESPACE],
        },
      },
    });
    requireController(cluster, this, "flux");
    requireController(cluster, this, "tofu-controller");

    this.stacks = this.readStacks(here);
    this.plan = {
      cluster: cluster.name,
      url: props.url,
      branch: props.branch ?? "main",
      auth: props.credentials.auth,
      stacksPath,
      sourceInterval: "1m",
      interval,
      approve: autoApprove ? "auto" : "manual",
      runnerImage: props.runnerImage?.toString(),
      stacks: this.stacks,
    };
    const provider = connectionFor(cluster, this).provider;
    const { Manifest: KubernetesManifest } =
      require("@cdktf/provider-kubernetes/lib/manifest") as typeof import("@cdktf/provider-kubernetes/lib/manifest");
    this.manifests = agentObjects(this.plan).map(
      (object) =>
        new KubernetesManifest(this, `${object.kind}-${object.metadata.name as string}`, {
          provider,
          manifest: object,
        }),
    );
    claimed();
    // Stacks or dependencies added after the agent would be missing from it: fail the synth instead.
    this.node.addValidation({
      validate: () => {
        const now = JSON.stringify(this.readStacks(here));
        return now === JSON.stringify(this.stacks)
          ? []
          : [
              `${this.node.path}: the stacks of ${here.cloud} ${here.environment} or their dependencies changed after the GitOpsAgent was created; create the agent after every stack and dependency`,
            ];
      },
    });
  }

  /** The Landform stacks of the agent's cloud and environment, with the dependencies among them; a cycle is an error. */
  private readStacks(here: StackInfo): AgentStack[] {
    const root = here.node.root;
    const all = root.node.children.filter(
      (c) => (c as unknown as Record<symbol, unknown>)[STACK_MARK] === true,
    ) as unknown as (StackInfo & TerraformStack)[];
    const mine = all.filter((s) => s.cloud === here.cloud && s.environment === here.environment);
    const names = new Set(mine.map((s) => s.node.id));
    const stacks = mine
      .map((s) => {
        if (!K8S_NAME.test(s.node.id))
          throw invalidConfig(
            this,
            `stack '${s.node.id}' is not a Kubernetes name, so it cannot name a Terraform object`,
            "name stacks with lowercase letters, digits and dashes",
          );
        return {
          name: s.node.id,
          dependsOn: s.dependencies
            .map((d) => d.node.id)
            .filter((n) => names.has(n))
            .sort(),
        };
      })
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const cycle = findCycle(stacks);
    if (cycle)
      throw invalidConfig(
        this,
        `the stacks it applies depend on each other in a cycle: ${cycle.join(" -> ")}`,
        "remove one of those stack dependencies",
      );
    return stacks;
  }
}
