import type { Manifest } from "@cdktf/provider-kubernetes/lib/manifest";
import { TerraformProvider, TerraformStack } from "cdktf";
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
import { siblingStack } from "./private/stacks";
import { REMOTE_STATE, typesIn } from "./private/agent-grants";
import { CloudStack } from "../core/cloud-stack";

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

/** What an OCI source names: the artifact CI pushes, and how source-controller logs in to its registry. */
export interface OciArtifactProps {
  /** The artifact's repository, `oci://<registry>/<path>`. */
  readonly url: string;
  /** The tag CI pushes. @default - the cluster's name */
  readonly tag?: string;
  /** How source-controller logs in: the cloud's workload identity, or `secretName`. @default "generic" */
  readonly provider?: "aws" | "gcp" | "generic";
  /** A docker-registry secret in flux-system, for `generic`. @default - none (a public artifact) */
  readonly secretName?: string;
}

/** Where the agent reads the committed stacks from. */
export class AgentSource {
  /** The trunk, through a GitRepository on `url` and `branch` (the default). Every commit moves its revision. */
  static trunk(): AgentSource {
    return new AgentSource({ kind: "trunk" });
  }

  /**
   * An OCI artifact of the applied stacks' folders that CI pushes only when they changed
   * (`flux diff artifact || flux push artifact`, docs/delivery.md). Its revision is the artifact's
   * digest, so tofu-controller's plan id, and a pending approval, survive every other commit.
   */
  static ociArtifact(props: OciArtifactProps): AgentSource {
    return new AgentSource({ kind: "oci", props });
  }

  /** @internal */
  readonly spec: { readonly kind: "trunk" } | { readonly kind: "oci"; readonly props: OciArtifactProps };

  private constructor(spec: AgentSource["spec"]) {
    this.spec = spec;
  }
}

const OCI_RULES: PropRules<OciArtifactProps> = {
  url: Checks.required(
    Checks.string({
      pattern: /^oci:\/\/[^\s/]+\/\S+$/,
      hint: "oci://<registry>/<path>, e.g. oci://ghcr.io/acme/platform-stacks",
    }),
  ),
  // The OCI distribution spec's tag grammar.
  tag: Checks.string({ pattern: /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/, hint: 'an OCI tag, e.g. "aws-prod-cluster"' }),
  provider: Checks.oneOf(["aws", "gcp", "generic"]),
  secretName: Shapes.subdomain(),
};

const SOURCE: Check = (scope, prop, value) => {
  if (value === undefined) return;
  Checks.instance(
    (v) => v instanceof AgentSource,
    "AgentSource",
    "use AgentSource.trunk() or AgentSource.ociArtifact({ url })",
  )(scope, prop, value);
  const spec = (value as AgentSource).spec;
  if (spec.kind === "oci") validateAllProps(scope, spec.props, OCI_RULES, { prefix: `${prop}.` });
};

/** What a GitOpsAgent applies, where it reads it from, how plans are approved, and where it runs them. */
export interface GitOpsAgentProps {
  /** The cluster the agent runs on. Its stack's cloud and environment pick the stacks it applies. */
  readonly cluster: ICluster;
  /**
   * Where it reads the stacks: the trunk, or an OCI artifact that CI pushes when the applied stacks
   * change, so an approval survives unrelated commits. @default AgentSource.trunk()
   */
  readonly source?: AgentSource;
  /** The repository holding the committed stacks: `ssh://` or `https://`. Required with the trunk source. */
  readonly url?: string;
  /** @default "main" */
  readonly branch?: string;
  /** Required with the trunk source. */
  readonly credentials?: GitCredentials;
  /** Folder of the committed stacks in the repository. @default "terraform/stacks" */
  readonly stacksPath?: string;
  /**
   * The stacks it applies, among those of its cloud and environment: names, or patterns with `*`.
   * Pass the same list the pipeline leaves to the agent (`PrivateRunner.pullAgent`), so every stack
   * has exactly one applier. Never the cluster's own stack, the stack installing tofu-controller, or
   * the stack holding the agent's objects. @default ["*-workloads"]
   */
  readonly stacks?: readonly string[];
  /**
   * The environments whose plans wait for a person: pass the pipeline's `approvals`, so an
   * environment is gated in both or in neither. A plan waiting here is approved with
   * `landform agent approve <stack>`, which patches `spec.approvePlan` in the cluster (never a
   * commit: tofu-controller#1878). @default - every environment waits, unless autoApprove
   */
  readonly approvals?: readonly string[];
  /** Apply plans without a person; an alternative to `approvals`. @default false */
  readonly autoApprove?: boolean;
  /** How often each stack is planned again (drift detection). @default "10m" */
  readonly interval?: string;
  /**
   * The runner image: required when a stack it applies has a kubernetes or helm provider that runs a
   * command for credentials (`aws`, `gke-gcloud-auth-plugin`), which tofu-controller's tf-runner
   * lacks. Build it from `images/agent-runner/Dockerfile`. @default - the chart's tf-runner
   */
  readonly runnerImage?: ImageRef;
  /**
   * The commands `runnerImage` has on PATH, e.g. `["aws", "gke-gcloud-auth-plugin"]` for
   * `images/agent-runner/Dockerfile`. With it, the synth fails when a stack the agent applies execs
   * a command not listed, and each Terraform object records the list (annotation
   * `landform.dev/runner-provides`) for `landform doctor`. Only with `runnerImage`.
   * @default - not stated: doctor reports that it cannot tell
   */
  readonly runnerProvides?: readonly string[];
  /** Node labels the runner pods must run on: a pool that none of the stacks it applies replaces. @default - any node */
  readonly runnerNodeSelector?: Readonly<Record<string, string>>;
  /** Where tofu-controller is installed, for a cluster made elsewhere. @default - the cluster's add-ons stack */
  readonly addonsStack?: IConstruct;
}

const CREDENTIALS: Check = (scope, prop, value) => {
  if (value === undefined) return;
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
  source: SOURCE,
  url: Checks.string({
    pattern: /^(ssh|https):\/\/\S+$/,
    hint: "an ssh:// or https:// repository URL, e.g. ssh://git@github.com/acme/platform.git",
  }),
  branch: Checks.string({ pattern: BRANCH, hint: 'a Git branch name, e.g. "main"' }),
  credentials: CREDENTIALS,
  stacksPath: Checks.string({ pattern: PATH, hint: 'a relative folder without "..", e.g. "terraform/stacks"' }),
  stacks: Checks.list(
    Checks.string({ pattern: /^[a-z0-9*][a-z0-9*-]*$/, hint: 'a stack name or a pattern with *, e.g. "*-workloads"' }),
    { minLength: 1 },
  ),
  approvals: Checks.list(Checks.string({ nonEmpty: true })),
  autoApprove: Checks.boolean(),
  runnerNodeSelector: Checks.record(Checks.string({ nonEmpty: true })),
  interval: Checks.string({ pattern: /^[1-9][0-9]*(m|h)$/, hint: 'a whole number of minutes or hours, e.g. "10m"' }),
  runnerImage: Checks.instance(
    (v) => ImageRef.isImageRef(v),
    "an ImageRef",
    'use ImageRef.of("<repo>@sha256:<64 hex>")',
  ),
  runnerProvides: Checks.list(
    Checks.string({ pattern: /^[A-Za-z0-9][A-Za-z0-9._+-]*$/, hint: 'a command name, e.g. "aws"' }),
  ),
  addonsStack: Checks.instance(
    (v) => Construct.isConstruct(v),
    "a stack",
    "pass the stack that installs the controllers",
  ),
};

/**
 * The resource and data source types of `stack`, as one comparable string. Not terraform_remote_state:
 * cdktf adds it for cross-stack references as the app resolves, and its read grants are derived then.
 */
function typesKey(stack: TerraformStack): string {
  const { resources, data } = typesIn(stack);
  data.delete(REMOTE_STATE);
  return JSON.stringify([[...resources].sort(), [...data].sort()]);
}

/** The stacks an agent applies when none are named: the workloads stacks the pipeline leaves to it. */
export const DEFAULT_AGENT_STACKS: readonly string[] = ["*-workloads"];

/** Requests for each runner pod: OpenTofu with the providers of one stack (about 1 GiB at peak). */
const RUNNER_RESOURCES = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } } as const;

/** `name` matches a stack pattern, where `*` is any run of characters. */
export function matchesStack(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(name);
}

/**
 * A pull-based agent on a cluster: Flux's source-controller follows the trunk, and tofu-controller
 * plans and applies the Landform stacks it is given (the workloads stacks, by default), in the order
 * of the stack graph, as a runner with a cloud identity. CI applies everything else, including the
 * agent's own objects: declare the agent in `GitOpsAgent.stackFor(cluster)`, the `<cluster stack>-agent`
 * stack, which CI applies after the add-ons stack.
 */
export class GitOpsAgent extends Construct {
  /** @internal */
  static readonly landformKind = "GitOpsAgent";

  /**
   * The stack for the agent's objects on a Landform cluster: `<cluster stack>-agent`, beside the
   * cluster, applied by CI after the add-ons stack (where the Flux and tofu-controller CRDs come
   * from) and before the stacks the agent applies. Created once.
   */
  static stackFor(cluster: ICluster): CloudStack {
    const home = stackOf(cluster);
    if (!(home instanceof CloudStack))
      throw invalidConfig(
        cluster,
        `the cluster is in '${home.node.path}', which is not a CloudStack`,
        "declare the agent in a CloudStack of the cluster's cloud, region and project",
      );
    return siblingStack(cluster, home, "agent");
  }

  /** The runner's cloud identity: `grantApply` gives it what applying a stack needs. */
  readonly identity: Identity;
  /** The runner identity's cloud resources (`.role` on AWS, `.serviceAccount` on GCP), for more grants. */
  readonly identityResources: unknown;
  /** The GitRepository and Terraform objects. */
  readonly manifests: readonly Manifest[];
  /** The stacks it applies, with their dependencies among them, in name order. */
  readonly stacks: readonly AgentStack[];
  private readonly plan: AgentPlan;
  private readonly cluster: ICluster;
  private readonly holder: Construct;
  /** The stacks granted, with the resource types their grants were derived from. */
  private readonly granted = new Map<string, { stack: TerraformStack; types: string }>();

  constructor(scope: Construct, id: string, props: GitOpsAgentProps) {
    super(scope, id);
    validateAllProps<GitOpsAgentProps>(this, props, AGENT_RULES);
    if (props.approvals !== undefined && props.autoApprove !== undefined)
      throw invalidProp(
        this,
        "autoApprove",
        props.autoApprove,
        "is given with approvals, and the two could disagree",
        "pass only approvals (the pipeline's list)",
      );
    if (props.runnerProvides !== undefined && props.runnerImage === undefined)
      throw invalidProp(
        this,
        "runnerProvides",
        props.runnerProvides,
        "is given without runnerImage, and tofu-controller's default tf-runner provides only tofu",
        'pass the runnerImage these commands are in, e.g. ImageRef.of("<repository>@sha256:<digest>") built from images/agent-runner/Dockerfile',
      );
    const source = props.source?.spec ?? { kind: "trunk" as const };
    if (source.kind === "trunk") {
      if (props.url === undefined)
        throw invalidProp(
          this,
          "url",
          undefined,
          "is missing",
          "pass the repository URL, or source: AgentSource.ociArtifact({ url })",
        );
      if (props.credentials === undefined)
        throw invalidProp(
          this,
          "credentials",
          undefined,
          "is missing",
          "use GitCredentials.deployKey(secret), .githubApp(secret) or .none()",
        );
    } else {
      const git = (["url", "branch", "credentials"] as const).find((k) => props[k] !== undefined);
      if (git)
        throw invalidProp(
          this,
          git,
          props[git],
          "is given with an OCI source, which does not read the repository",
          `remove ${git}`,
        );
    }
    const cluster = props.cluster;
    this.cluster = cluster;
    const here = stackOf(this);
    const stacksPath = props.stacksPath ?? "terraform/stacks";
    const interval = props.interval ?? "10m";
    const autoApprove =
      props.approvals !== undefined ? !props.approvals.includes(here.environment) : (props.autoApprove ?? false);
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
    this.holder = holder;
    const built = builderOf(holder, "clusterServiceAccount").build(
      holder,
      cluster,
      AGENT_NAMESPACE,
      RUNNER_SERVICE_ACCOUNT,
    );
    this.identity = built.attributes.identity;
    this.identityResources = built.resources;
    // A Flux or tofu-controller installed outside Landform (ClusterAddons.external) is used as it is;
    // its runner service account then needs the annotations of this identity (docs/delivery.md).
    if (!ClusterAddons.isExternal(cluster, "flux")) ClusterAddons.install(cluster, addons, "flux");
    if (!ClusterAddons.isExternal(cluster, "tofu-controller"))
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

    const patterns = props.stacks ?? DEFAULT_AGENT_STACKS;
    const refused = new Map<StackInfo, string>([
      [home, "the stack of the cluster the agent runs on (its node pools would be replaced under the runner)"],
      [addonsHome!, "the stack that installs the agent's controllers and identity"],
      [here, "the stack holding the agent's own objects, which nothing else would apply"],
    ]);
    this.stacks = this.readStacks(here, patterns, refused);
    this.plan = {
      cluster: cluster.name,
      source:
        source.kind === "oci"
          ? {
              kind: "oci",
              url: source.props.url,
              tag: source.props.tag ?? cluster.name,
              provider: source.props.provider ?? "generic",
              secretName: source.props.secretName,
            }
          : { kind: "git", url: props.url!, branch: props.branch ?? "main", auth: props.credentials!.auth },
      stacksPath,
      sourceInterval: "1m",
      interval,
      approve: autoApprove ? "auto" : "manual",
      runnerImage: props.runnerImage?.toString(),
      runnerProvides: props.runnerProvides,
      runnerResources: RUNNER_RESOURCES,
      runnerNodeSelector: props.runnerNodeSelector,
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
    this.node.addValidation({
      validate: () => {
        // Stacks or dependencies added after the agent would be missing from it: fail the synth instead.
        const now = JSON.stringify(this.readStacks(here, patterns, refused));
        if (now !== JSON.stringify(this.stacks))
          return [
            `${this.node.path}: the stacks of ${here.cloud} ${here.environment} or their dependencies changed after the GitOpsAgent was created; create the agent after every stack and dependency`,
          ];
        // Grants are derived from the resource types a stack had then: a type added later would be ungranted.
        const regrant = [...this.granted]
          .filter(([, g]) => typesKey(g.stack) !== g.types)
          .map(
            ([name]) =>
              `${this.node.path}: stack '${name}' gained resource or data source types after grantApply; call grantApply after every resource of the stack`,
          );
        return [
          ...regrant,
          ...(props.runnerImage === undefined || props.runnerProvides !== undefined
            ? this.execProblems(here, props.runnerProvides)
            : []),
        ];
      },
    });
  }

  /**
   * Grants the runner identity what applying `stack` needs: read and write on the stack's state
   * (its own key prefix only), access to the cluster (an EKS access entry, or GKE RBAC), and the
   * cloud IAM its resources need, derived from their types, and read-only access to the state of
   * each stack it reads through terraform_remote_state (cdktf's cross-stack references, derived
   * when the app synthesizes). The grants live in the add-ons stack, which CI applies; a resource
   * type Landform cannot derive a grant for fails the synth, naming it.
   */
  grantApply(stack: IConstruct): void {
    const target = stackOf(stack);
    const name = target.node.id;
    if (!this.stacks.some((s) => s.name === name))
      throw invalidProp(
        this,
        "grantApply",
        name,
        `is not a stack this agent applies (${this.stacks.map((s) => s.name).join(", ")})`,
        "grant only the stacks the agent applies; CI applies the others",
      );
    if (this.granted.has(name)) return;
    this.granted.set(name, {
      stack: target as unknown as TerraformStack,
      types: typesKey(target as unknown as TerraformStack),
    });
    builderOf(this.holder, "kubernetes").grantAgentApply(this.holder, {
      cluster: this.cluster,
      identityResources: this.identityResources,
      identity: this.identity,
      stack: target,
      first: this.granted.size === 1,
      kubernetesProvider: () => connectionFor(this.cluster, this.holder).provider,
    });
  }

  /** The stacks the agent applies whose kubernetes or helm provider runs a command the default runner lacks. */
  private execProblems(here: StackInfo, provides?: readonly string[]): string[] {
    const root = here.node.root;
    const problems: string[] = [];
    for (const s of this.stacks) {
      const stack = root.node.tryFindChild(s.name) as TerraformStack | undefined;
      if (!stack) continue;
      const commands = new Set<string>();
      for (const c of stack.node.findAll()) {
        if (!(c instanceof TerraformProvider)) continue;
        if (c.terraformResourceType !== "kubernetes" && c.terraformResourceType !== "helm") continue;
        for (const m of JSON.stringify(c.toTerraform()).matchAll(/"command":"([^"]+)"/g)) commands.add(m[1]);
      }
      const missing = [...commands].filter((c) => !provides?.includes(c)).sort();
      if (provides !== undefined && missing.length > 0)
        problems.push(
          `${this.node.path}: stack '${s.name}' runs ${missing.join(", ")} for cluster credentials, which runnerProvides (${provides.join(", ")}) does not list; install it in the runner image and list it, or let CI apply the stack`,
        );
      else if (provides === undefined && commands.size > 0)
        problems.push(
          `${this.node.path}: runnerImage is missing, and stack '${s.name}' runs ${[...commands].sort().join(", ")} for cluster credentials, which tofu-controller's tf-runner image lacks; build images/agent-runner/Dockerfile and pass runnerImage: ImageRef.of("<repository>@sha256:<digest>")`,
        );
    }
    return problems;
  }

  /**
   * The stacks of the agent's cloud and environment that match `patterns`, with the dependencies
   * among them; a cycle, a refused stack, a name that matches nothing, or no stack at all is an error.
   */
  private readStacks(here: StackInfo, patterns: readonly string[], refused: Map<StackInfo, string>): AgentStack[] {
    const root = here.node.root;
    const all = root.node.children.filter(
      (c) => (c as unknown as Record<symbol, unknown>)[STACK_MARK] === true,
    ) as unknown as (StackInfo & TerraformStack)[];
    const local = all.filter((s) => s.cloud === here.cloud && s.environment === here.environment);
    for (const p of patterns)
      if (!p.includes("*") && !local.some((s) => s.node.id === p))
        throw invalidProp(
          this,
          "stacks",
          p,
          `names no stack of ${here.cloud} ${here.environment} (${local.map((s) => s.node.id).join(", ")})`,
          "name a stack of the agent's cloud and environment, or use a pattern with *",
        );
    const mine = local.filter((s) => patterns.some((p) => matchesStack(p, s.node.id)));
    for (const s of mine) {
      const why = refused.get(s);
      if (why)
        throw invalidProp(
          this,
          "stacks",
          s.node.id,
          `is ${why}`,
          "leave it to CI and list only the stacks the pipeline skips (PrivateRunner.pullAgent)",
        );
    }
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
