import type { AwsEnvironment } from "../aws/pipeline";
import { Cloud, CLOUDS, PerCloud } from "../core/cloud";
import { isProductionEnvironment } from "../core/environment";
import { pipelineTargetFor } from "../core/registry";
import type { PipelineEnvironment } from "../core/target";
import type { GcpEnvironment } from "../gcp/pipeline";
import { ActionName, actionTable, PinnedAction, pipelineError } from "./actions";
import { cronProblem } from "./cron";
import { ApprovalMode, GitHubRepositorySettings, GovernanceSpec, resolveGovernance } from "./governance/settings";

export type { AwsEnvironment, GcpEnvironment };

/** Where a stack whose provider must reach a private endpoint (a Kubernetes API) is planned and applied. */
export class PrivateRunner {
  /**
   * On a self-hosted runner inside the network. `{cloud}` and `{environment}` in a label are
   * replaced by the stack's, e.g. `["self-hosted", "landform-{cloud}-{environment}"]`.
   */
  static selfHosted(labels: readonly string[], options: SelfHostedOptions = {}): PrivateRunner {
    return new PrivateRunner(
      "self-hosted",
      labels,
      undefined,
      options.planLabels,
      options.queueMinutes,
      options.provides,
    );
  }

  /** Left to the pull-based agent in the cluster (e.g. tofu-controller): no workflow job plans or applies it. */
  static pullAgent(agent: string): PrivateRunner {
    return new PrivateRunner("pull-agent", [], agent, undefined, undefined, undefined);
  }

  private constructor(
    readonly kind: "self-hosted" | "pull-agent",
    /** Where applies (trunk code, the apply identity) run. */
    readonly labels: readonly string[],
    readonly agent: string | undefined,
    /** Where pull request plans and drift scans (the plan identity) run; `undefined`: on `labels`. */
    readonly planLabels: readonly string[] | undefined,
    /** How long a job may wait for one of these runners before the watchdog cancels the run. */
    readonly queueMinutes: number | undefined,
    /** The commands these runners have on PATH, as declared; `undefined`: not stated. */
    readonly provides: readonly string[] | undefined,
  ) {}
}

/** Where a self-hosted stack's plans run, and how long its jobs may wait for a runner. */
export interface SelfHostedOptions {
  /**
   * Labels of the runners that plan pull requests and scan drift, with the same `{cloud}` and
   * `{environment}` placeholders, e.g. `["self-hosted", "landform-{cloud}-{environment}-plan"]`.
   * A pull request's workflow runs whatever the pull request says, so a stack in an environment
   * that needs approval must not plan on the runners that apply it: generation fails unless these
   * hold a label the apply labels lack (give the two sets to different runner groups, see
   * docs/cli/pipeline.md, "Runners").
   * @default - the apply labels (refused for environments that need approval)
   */
  readonly planLabels?: readonly string[];
  /**
   * Minutes a job may wait for one of these runners. GitHub has no queue timeout (a job waits 24
   * hours), so a watchdog job cancels the run and names the labels nobody serves.
   * @default 15
   */
  readonly queueMinutes?: number;
  /**
   * The commands the runners (apply and plan labels) have on PATH, among those the stacks'
   * providers exec for cluster credentials, e.g. `["aws", "gke-gcloud-auth-plugin"]`. Generation
   * fails when a stack placed here execs a command not listed; each job records the list
   * (`LANDFORM_RUNNER_PROVIDES`) for `landform doctor`, and checks it on the runner before
   * Terraform runs. @default - not stated: doctor reports that it cannot tell
   */
  readonly provides?: readonly string[];
}

export interface PipelineCommands {
  /** @default "npm ci" */
  readonly install?: string;
  /**
   * Run after `install` in every job that calls `landform`: builds what `landform` runs when it is
   * not in the repository (e.g. `"npm run build"` for `node dist/bin/landform.js`). Generation
   * fails when `landform` runs a file that is not committed and no setup is given.
   * @default - none: `landform` runs what `install` leaves
   */
  readonly setup?: string;
  /** @default "npm test" */
  readonly test?: string;
  /** Fails when the committed Terraform is not what the code synthesizes. @default - `<landform> synth --check` */
  readonly synthCheck?: string;
  /** How jobs run Landform's CLI. @default "npx landform" */
  readonly landform?: string;
}

export interface GitHubPipelineProps {
  /** The GitHub repository, `owner/name`: workflows and identity descriptions name it. */
  readonly repository: string;
  /**
   * GitHub's numeric id of the repository (`gh api repos/OWNER/NAME --jq .id`), as a string. The
   * cloud trust names the repository by it: GitHub's immutable OIDC subject is
   * `repo:OWNER@OWNER_ID/NAME@REPOSITORY_ID:...`, and an id is never reused, so a renamed, deleted
   * or re-created repository of the same name gets no identity. `BootstrapStack` requires it.
   * @default - none: workflows can be generated, but no BootstrapStack can be built
   */
  readonly repositoryId?: string;
  /** GitHub's numeric id of the repository's owner (`gh api repos/OWNER/NAME --jq .owner.id`), as a string. Required with `repositoryId`. */
  readonly ownerId?: string;
  /**
   * Also trust GitHub's legacy name-only subjects (`repo:OWNER/NAME:...`) beside the immutable
   * ones: only while a repository created before 2026-07-15 still gets them (it has not opted into
   * immutable subjects). Remove it once the repository has switched. The trust still checks the
   * repository id (AWS `repository_id`, GCP `assertion.repository_id`), so a name reused by
   * another repository is refused either way.
   * @default false
   */
  readonly legacySubjects?: boolean;
  /** The branch that deploys. @default "main" */
  readonly trunk?: string;
  /** Per environment name, the AWS account its stacks deploy to. @default - no AWS stack may be deployed */
  readonly aws?: Readonly<Record<string, AwsEnvironment>>;
  /** Per environment name, the GCP project its stacks deploy to. @default - no GCP stack may be deployed */
  readonly gcp?: Readonly<Record<string, GcpEnvironment>>;
  /**
   * Environments whose applies wait for a person: give their GitHub environments required reviewers.
   * @default - the production environments ("prod", "production")
   */
  readonly approvals?: readonly string[];
  /**
   * The order environments are applied in for one commit: each environment's applies wait for the
   * previous environment's (dev, then staging, then prod), never in parallel; a failure stops the
   * promotion. List every environment once.
   * @default - the environments in the order the declaration first names them (`aws`, then `gcp`)
   */
  readonly promotion?: readonly string[];
  /**
   * Minutes an apply job may run once started (approval waits do not count): sized for a first
   * apply that creates a cluster and a Multi-AZ database. Terraform gets an interrupt 15 minutes
   * before, to finish what is in flight, save state and release its lock.
   * @default 180
   */
  readonly applyTimeoutMinutes?: number;
  /** When drift is scanned, as cron in UTC. @default "17 6 * * 1-5" (weekdays 06:17) */
  readonly driftSchedule?: string;
  /**
   * Per stack name or pattern (`*` matches any characters), where a stack whose provider must reach
   * a private endpoint runs. Every such stack must match one; the first match wins.
   * @default - none: a stack configuring a kubernetes or helm provider fails generation
   */
  readonly privateStacks?: Readonly<Record<string, PrivateRunner>>;
  /** Stacks no workflow plans or applies (names or patterns), e.g. bootstrap stacks applied by a person. @default - none */
  readonly manual?: readonly string[];
  /** Resource address patterns whose destruction `landform plan review` allows. @default - none */
  readonly allowDestroy?: readonly string[];
  /** The exact Terraform version CI installs; it must satisfy every stack's `required_version`. @default - the lowest version every stack's `required_version` allows */
  readonly terraformVersion?: string;
  /**
   * Accepted drift for the drift workflow (`landform drift --ignore`, see docs/drift.md), relative
   * to the repository root; it must exist when the workflows are generated.
   * @default - none: every drifted resource that is not provider noise opens an issue
   */
  readonly driftIgnore?: string;
  /** The Node.js major version jobs set up (Node 20 left maintenance in April 2026). @default "24" */
  readonly nodeVersion?: string;
  /** Runner of jobs that need no private network. @default "ubuntu-24.04" */
  readonly runner?: string;
  /** Actions pinned to other commits than Landform's table. @default - DEFAULT_ACTIONS */
  readonly actions?: Partial<Readonly<Record<ActionName, PinnedAction>>>;
  readonly commands?: PipelineCommands;
  /** Prefix of the IAM roles and service accounts the bootstrap creates. @default "landform-gh" */
  readonly identityPrefix?: string;
  /**
   * The repository's plan and visibility: they decide whether GitHub enforces required reviewers,
   * and the governance stack (`GitHubGovernanceStack`) needs them.
   * @default - unknown: no governance stack, and nothing checks that `approvals` are enforced
   */
  readonly github?: GitHubRepositorySettings;
  /**
   * How applies to the environments in `approvals` wait for a person. `"pull-request"` is for
   * private repositories below GitHub Enterprise, which have no required reviewers.
   * @default "environment-reviewers"
   */
  readonly approvalMode?: ApprovalMode;
  /**
   * Per environment in `approvals`, its required reviewers (1 to 6): GitHub logins (`"octocat"`) or
   * teams of the repository's owner (`"acme/platform-leads"`). Required for each of them with
   * approvalMode "environment-reviewers" once `github` is declared.
   * @default - none
   */
  readonly reviewers?: Readonly<Record<string, readonly string[]>>;
  /**
   * Per stack name or pattern (`*` matches any characters), its code owners (`"@octocat"`,
   * `"@acme/platform"`): written to `.github/CODEOWNERS` by `pipeline generate`; the first match
   * wins. The owners of the governance stack also own the workflows, the declaration and CODEOWNERS.
   * @default - no CODEOWNERS file
   */
  readonly owners?: Readonly<Record<string, readonly string[]>>;
  /**
   * Where the deploy workflow publishes, per cloud and environment, the folders of the stacks left
   * to the in-cluster agent (`PrivateRunner.pullAgent`) as an OCI artifact, only when their content
   * changed: the agent reads it with `AgentSource.ociArtifact`, so its plan id, and a pending
   * approval, move only when those stacks do (docs/delivery.md).
   * @default - none: no artifact is pushed, and the agents must read the trunk
   */
  readonly agentArtifacts?: AgentArtifactsProps;
}

/** The OCI repository the deploy workflow pushes the agents' stacks to. */
export interface AgentArtifactsProps {
  /**
   * A GitHub Container Registry repository, `ghcr.io/<owner>/<name>` (lowercase): the job pushes
   * with the workflow's `GITHUB_TOKEN` (`packages: write`), which only GHCR accepts.
   */
  readonly repository: string;
  /**
   * The tag per agent: `{cloud}` and `{environment}` are replaced by the agent's. Pass the same tag
   * to `AgentSource.ociArtifact`. @default "{cloud}-{environment}"
   */
  readonly tag?: string;
}

/** The agents' artifact repository after validation. */
export interface AgentArtifactsSpec {
  readonly repository: string;
  readonly tag: string;
}

/** An agent's artifact tag: the declared template with `{cloud}` and `{environment}` replaced. */
export function agentArtifactTag(template: string, cloud: string, environment: string): string {
  return template.replace(/\{cloud\}/g, cloud).replace(/\{environment\}/g, environment);
}

/** Each cloud's environments prop: a cloud added to CLOUDS does not compile until it has one. */
const ENVIRONMENTS_PROP: PerCloud<keyof GitHubPipelineProps> = { aws: "aws", gcp: "gcp" };

/** Every prop GitHubPipeline reads besides the clouds' (ENVIRONMENTS_PROP): any other key (a typo) is refused. */
const PROPS: Record<Exclude<keyof Required<GitHubPipelineProps>, Cloud>, true> = {
  repository: true,
  repositoryId: true,
  ownerId: true,
  legacySubjects: true,
  trunk: true,
  approvals: true,
  promotion: true,
  applyTimeoutMinutes: true,
  driftSchedule: true,
  driftIgnore: true,
  privateStacks: true,
  manual: true,
  allowDestroy: true,
  terraformVersion: true,
  nodeVersion: true,
  runner: true,
  actions: true,
  commands: true,
  identityPrefix: true,
  github: true,
  approvalMode: true,
  reviewers: true,
  owners: true,
  agentArtifacts: true,
};

/** The declaration after defaults and validation. */
export interface PipelineSpec {
  readonly repository: string;
  /** GitHub's immutable ids of the repository and its owner, when declared (BootstrapStack requires them). */
  readonly ids?: { readonly repository: string; readonly owner: string };
  /** Whether the legacy name-only subjects are trusted beside the immutable ones. */
  readonly legacySubjects: boolean;
  readonly trunk: string;
  /** Per cloud, per environment name, where its stacks deploy, as the cloud checked it. */
  readonly environments: Readonly<Record<Cloud, Readonly<Record<string, PipelineEnvironment>>>>;
  readonly approvals: readonly string[] | undefined;
  /** Every environment, in the order one commit is applied to them. */
  readonly promotion: readonly string[];
  readonly applyTimeoutMinutes: number;
  readonly driftSchedule: string;
  readonly driftIgnore?: string;
  readonly privateStacks: readonly (readonly [pattern: string, runner: PrivateRunner])[];
  readonly manual: readonly string[];
  readonly allowDestroy: readonly string[];
  readonly terraformVersion?: string;
  readonly nodeVersion: string;
  readonly runner: string;
  readonly actions: Readonly<Record<ActionName, PinnedAction>>;
  readonly commands: Required<Omit<PipelineCommands, "setup">> & Pick<PipelineCommands, "setup">;
  readonly identityPrefix: string;
  /** Repository governance: plan, approval mode, reviewers and code owners. */
  readonly governance: GovernanceSpec;
  /** Where the agents' stacks are published, when declared. */
  readonly agentArtifacts?: AgentArtifactsSpec;
}

const REPOSITORY = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/;
const BRANCH = /^(?!\/|.*\/$|.*\/\/|.*\.\.|.*@\{)[A-Za-z0-9._/-]{1,200}$/;
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,30}$/;
const VERSION = /^\d+\.\d+\.\d+$/;
/** GitHub's numeric ids: positive integers, written as strings (like AWS account ids). */
const GITHUB_ID = /^[1-9]\d{0,19}$/;
const PREFIX = /^[a-z][a-z0-9-]{1,11}$/;
const WHERE = "pipeline";
const BRAND = Symbol.for("landform.GitHubPipeline");

/**
 * The one declaration the CI/CD pipeline is generated from: the GitHub Actions workflows
 * (`landform pipeline generate`) and the OIDC trust of the bootstrap stacks (`BootstrapStack`),
 * so the two cannot disagree. Plain data, validated here: no construct, no provider loaded.
 */
export class GitHubPipeline {
  /** True for a GitHubPipeline from any copy of Landform (the CLI's and the one a declaration module imports). */
  static isGitHubPipeline(value: unknown): value is GitHubPipeline {
    return typeof value === "object" && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }

  /** @internal The declaration after defaults and checks. */
  readonly spec: PipelineSpec;

  constructor(props: GitHubPipelineProps) {
    this.spec = resolve(props);
    Object.defineProperty(this, BRAND, { value: true });
  }

  get repository(): string {
    return this.spec.repository;
  }

  /** Whether applies to `environment` wait for a required reviewer. */
  needsApproval(environment: string): boolean {
    return approvalNeeded(this.spec, environment);
  }

  /**
   * The identity pull request plans, drift scans and deploy plans of `environment` on `cloud` run as
   * (a role ARN on AWS, a service account email on GCP): give it to the environment's clusters as a
   * reader (`Cluster` `readers`), so plans of their add-ons can refresh Helm releases.
   */
  planIdentity(cloud: Cloud, environment: string, region: string): string {
    const target = this.spec.environments[cloud]?.[environment];
    if (target === undefined)
      throw pipelineError(
        WHERE,
        "planIdentity",
        `${cloud}/${environment}`,
        `is not an environment of the pipeline`,
        `declare ${environment} under ${cloud}, or pass one of: ${Object.keys(this.spec.environments[cloud] ?? {}).join(", ")}`,
      );
    if (typeof region !== "string" || region.trim() === "")
      throw pipelineError(
        WHERE,
        "planIdentity region",
        region,
        "is not a region",
        'pass the stacks\' region, e.g. "eu-west-1"',
      );
    const names = { repository: this.spec.repository, identityPrefix: this.spec.identityPrefix };
    return pipelineTargetFor(cloud, { kind: "GitHubPipeline", path: WHERE, prop: "planIdentity" }).identity({
      ...names,
      environment,
      target,
      region,
      purpose: "plan",
    });
  }
}

/** Whether applies to `environment` wait for a required reviewer: listed in `approvals`, or production by default. */
export function approvalNeeded(spec: PipelineSpec, environment: string): boolean {
  return spec.approvals?.includes(environment) ?? isProductionEnvironment(environment);
}

function resolve(props: GitHubPipelineProps): PipelineSpec {
  if (typeof props !== "object" || props === null)
    throw pipelineError(WHERE, "props", props, "is missing", 'pass { repository: "owner/name", ... }');
  rejectNulls(props);
  const propNames: string[] = [...Object.keys(PROPS), ...Object.values(ENVIRONMENTS_PROP)];
  const unknown = Object.keys(props).find((key) => !propNames.includes(key));
  if (unknown !== undefined)
    throw pipelineError(
      WHERE,
      unknown,
      (props as unknown as Record<string, unknown>)[unknown],
      "is not a known prop",
      `use one of ${propNames.join(", ")}`,
    );
  if (typeof props.repository !== "string" || !REPOSITORY.test(props.repository))
    throw pipelineError(
      WHERE,
      "repository",
      props.repository,
      "is not owner/name",
      'write it as GitHub shows it, e.g. "acme/platform"',
    );
  const ids = idsOf(props);
  if (props.legacySubjects !== undefined && typeof props.legacySubjects !== "boolean")
    throw pipelineError(
      WHERE,
      "legacySubjects",
      props.legacySubjects,
      "is not true or false",
      "set legacySubjects: true while the repository still gets name-only OIDC subjects, or leave it out",
    );
  const trunk = props.trunk ?? "main";
  if (typeof trunk !== "string" || !BRANCH.test(trunk))
    throw pipelineError(WHERE, "trunk", trunk, "is not a branch name", 'use the deploying branch, e.g. "main"');
  const prefix = props.identityPrefix ?? "landform-gh";
  if (typeof prefix !== "string" || !PREFIX.test(prefix))
    throw pipelineError(
      WHERE,
      "identityPrefix",
      prefix,
      "is not a short identity prefix",
      "use 2-12 lowercase letters, digits and dashes, starting with a letter",
    );
  const environments = environmentsOf(props, prefix);
  const known = new Set(CLOUDS.flatMap((c) => Object.keys(environments[c])));
  if (known.size === 0)
    throw pipelineError(
      WHERE,
      CLOUDS[0],
      props[CLOUDS[0]],
      `and ${CLOUDS.slice(1).join(", ")} name no environment`,
      `declare the ${CLOUDS.map((c) => `${placeNoun(c)} (${c})`).join(" or ")} of each environment the pipeline deploys`,
    );

  const approvals = props.approvals;
  if (approvals !== undefined) {
    if (!Array.isArray(approvals))
      throw pipelineError(WHERE, "approvals", approvals, "is not a list", 'list environment names, e.g. ["prod"]');
    const unknown = approvals.find((a) => !known.has(a));
    if (unknown !== undefined)
      throw pipelineError(
        WHERE,
        "approvals",
        unknown,
        "is not an environment of the pipeline",
        `use one of ${[...known].sort().join(", ")}`,
      );
    const repeated = approvals.find((a, i) => approvals.indexOf(a) !== i);
    if (repeated !== undefined)
      throw pipelineError(WHERE, "approvals", repeated, "is listed twice", "list each environment once");
  }
  const promotion = promotionOf(
    props.promotion,
    CLOUDS.flatMap((c) => Object.keys(environments[c])),
  );
  const applyTimeoutMinutes = props.applyTimeoutMinutes ?? 180;
  if (
    typeof applyTimeoutMinutes !== "number" ||
    !Number.isInteger(applyTimeoutMinutes) ||
    applyTimeoutMinutes < 30 ||
    applyTimeoutMinutes > 360
  )
    throw pipelineError(
      WHERE,
      "applyTimeoutMinutes",
      applyTimeoutMinutes,
      "is not a whole number of minutes from 30 to 360",
      "give the minutes a first apply needs (GitHub stops a hosted job at 360), e.g. 180",
    );
  const driftSchedule = props.driftSchedule ?? "17 6 * * 1-5";
  const cron = typeof driftSchedule === "string" ? cronProblem(driftSchedule) : "is not a string";
  if (cron)
    throw pipelineError(
      WHERE,
      "driftSchedule",
      driftSchedule,
      `is not valid cron: ${cron}`,
      'use five fields, e.g. "17 6 * * 1-5" for weekdays at 06:17 UTC',
    );

  if (props.privateStacks !== undefined && !isRecord(props.privateStacks))
    throw pipelineError(
      WHERE,
      "privateStacks",
      props.privateStacks,
      "is not an object",
      'map stack names or patterns to runners, e.g. { "*-addons": PrivateRunner.selfHosted([...]) }',
    );
  const privateStacks = Object.entries(props.privateStacks ?? {}).map(([pattern, runner]) => {
    if (!(runner instanceof PrivateRunner))
      throw pipelineError(
        WHERE,
        `privateStacks.${pattern}`,
        runner,
        "is not a PrivateRunner",
        'use PrivateRunner.selfHosted(["self-hosted", ...]) or PrivateRunner.pullAgent("tofu-controller")',
      );
    if (
      runner.kind === "self-hosted" &&
      (runner.labels.length === 0 || runner.labels.some((l) => typeof l !== "string" || l.trim() === ""))
    )
      throw pipelineError(
        WHERE,
        `privateStacks.${pattern}`,
        runner.labels,
        "is not a list of runner labels",
        'give the labels of runners inside the network, e.g. ["self-hosted", "landform-{cloud}-{environment}"]',
      );
    if (
      runner.planLabels !== undefined &&
      (!Array.isArray(runner.planLabels) ||
        runner.planLabels.length === 0 ||
        runner.planLabels.some((l) => typeof l !== "string" || l.trim() === ""))
    )
      throw pipelineError(
        WHERE,
        `privateStacks.${pattern}.planLabels`,
        runner.planLabels,
        "is not a list of runner labels",
        'give the labels of the plan runners, e.g. ["self-hosted", "landform-{cloud}-{environment}-plan"]',
      );
    if (
      runner.queueMinutes !== undefined &&
      (!Number.isInteger(runner.queueMinutes) || runner.queueMinutes < 1 || runner.queueMinutes > 1440)
    )
      throw pipelineError(
        WHERE,
        `privateStacks.${pattern}.queueMinutes`,
        runner.queueMinutes,
        "is not a whole number of minutes from 1 to 1440",
        "give how long a job may wait for a runner, e.g. 15",
      );
    if (
      runner.provides !== undefined &&
      (!Array.isArray(runner.provides) ||
        runner.provides.some((c) => typeof c !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(c)))
    )
      throw pipelineError(
        WHERE,
        `privateStacks.${pattern}.provides`,
        runner.provides,
        "is not a list of command names",
        'give the commands on the runners\' PATH, e.g. ["aws", "gke-gcloud-auth-plugin"]',
      );
    return [pattern, runner] as const;
  });
  const terraformVersion = props.terraformVersion;
  if (terraformVersion !== undefined && (typeof terraformVersion !== "string" || !VERSION.test(terraformVersion)))
    throw pipelineError(
      WHERE,
      "terraformVersion",
      terraformVersion,
      "is not an exact version",
      'pin one release, e.g. "1.11.4"',
    );
  const list = (prop: string, value: unknown): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string" || v === ""))
      throw pipelineError(WHERE, prop, value, "is not a list of names or patterns", 'list names, e.g. ["bootstrap-*"]');
    return value;
  };
  if (props.commands !== undefined && !isRecord(props.commands))
    throw pipelineError(WHERE, "commands", props.commands, "is not an object", 'pass { install: "npm ci", ... }');
  const commands = props.commands ?? {};
  rejectNulls(commands, "commands.");
  const driftIgnore = props.driftIgnore;
  if (
    driftIgnore !== undefined &&
    (typeof driftIgnore !== "string" || driftIgnore.trim() === "" || /[\s'"$`\\]/.test(driftIgnore))
  )
    throw pipelineError(
      WHERE,
      "driftIgnore",
      driftIgnore,
      "is not a file path without spaces, quotes or shell characters",
      'give the ignore file relative to the repository root, e.g. "stacks/drift-ignore.yaml"',
    );
  const agentArtifacts = agentArtifactsOf(props.agentArtifacts);
  const landform = text(
    "commands.landform",
    commands.landform,
    "npx landform",
    'use a shell command, e.g. "npx landform"',
  );
  return {
    repository: props.repository,
    ...(ids ? { ids } : {}),
    legacySubjects: props.legacySubjects ?? false,
    trunk,
    environments,
    approvals,
    promotion,
    applyTimeoutMinutes,
    driftSchedule,
    driftIgnore,
    privateStacks,
    manual: list("manual", props.manual),
    allowDestroy: list("allowDestroy", props.allowDestroy),
    terraformVersion,
    nodeVersion: text("nodeVersion", props.nodeVersion, "24", 'use a Node version, e.g. "24"'),
    runner: text("runner", props.runner, "ubuntu-24.04", 'give a runner label, e.g. "ubuntu-24.04"'),
    actions: actionTable(props.actions, WHERE),
    commands: {
      install: text("commands.install", commands.install, "npm ci", 'use a shell command, e.g. "npm ci"'),
      setup:
        commands.setup === undefined
          ? undefined
          : text("commands.setup", commands.setup, "", 'use a shell command, e.g. "npm run build"'),
      test: text("commands.test", commands.test, "npm test", 'use a shell command, e.g. "npm test"'),
      synthCheck: text(
        "commands.synthCheck",
        commands.synthCheck,
        `${landform} synth --check`,
        'use a shell command, e.g. "npx landform synth --check"',
      ),
      landform,
    },
    identityPrefix: prefix,
    governance: resolveGovernance(
      props,
      props.repository,
      known,
      [...known].filter((e) => approvals?.includes(e) ?? isProductionEnvironment(e)).sort(),
    ),
    ...(agentArtifacts ? { agentArtifacts } : {}),
  };
}

/** A lowercase GHCR repository path (the OCI distribution spec's name grammar, below ghcr.io/<owner>). */
const GHCR_REPOSITORY = /^ghcr\.io\/[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)+$/;
/** An OCI tag (`[A-Za-z0-9_][A-Za-z0-9._-]{0,127}`) once `{cloud}` and `{environment}` are replaced. */
const TAG_TEMPLATE = /^[A-Za-z0-9_{][A-Za-z0-9._{}-]{0,99}$/;

/** `agentArtifacts`: a GHCR repository and a tag template naming both the cloud and the environment. */
function agentArtifactsOf(value: GitHubPipelineProps["agentArtifacts"]): AgentArtifactsSpec | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value))
    throw pipelineError(
      WHERE,
      "agentArtifacts",
      value,
      "is not an object",
      'pass { repository: "ghcr.io/<owner>/<name>" }',
    );
  const unknown = Object.keys(value).find((k) => k !== "repository" && k !== "tag");
  if (unknown !== undefined)
    throw pipelineError(
      WHERE,
      `agentArtifacts.${unknown}`,
      value[unknown as keyof typeof value],
      "is not a prop",
      "use repository and tag",
    );
  if (typeof value.repository !== "string" || !GHCR_REPOSITORY.test(value.repository))
    throw pipelineError(
      WHERE,
      "agentArtifacts.repository",
      value.repository,
      "is not a lowercase GitHub Container Registry repository (the job pushes with GITHUB_TOKEN, which only ghcr.io accepts)",
      'write it without oci://, e.g. "ghcr.io/acme/platform-stacks"',
    );
  const tag = value.tag ?? "{cloud}-{environment}";
  if (
    typeof tag !== "string" ||
    !TAG_TEMPLATE.test(tag) ||
    !tag.includes("{cloud}") ||
    !tag.includes("{environment}") ||
    /\{(?!cloud\}|environment\})/.test(tag)
  )
    throw pipelineError(
      WHERE,
      "agentArtifacts.tag",
      tag,
      "is not an OCI tag template naming {cloud} and {environment} (one artifact per agent)",
      'use letters, digits, ".", "_", "-" and both placeholders, e.g. "{cloud}-{environment}-cluster"',
    );
  return { repository: value.repository, tag };
}

/** `repositoryId` and `ownerId`: both or neither, each a GitHub id as a string. */
function idsOf(props: GitHubPipelineProps): PipelineSpec["ids"] {
  const lookup = `copy it from \`gh api repos/${props.repository} --jq '.id, .owner.id'\` (repositoryId, then ownerId), as a string`;
  for (const prop of ["repositoryId", "ownerId"] as const) {
    const value: unknown = props[prop];
    if (value !== undefined && (typeof value !== "string" || !GITHUB_ID.test(value)))
      throw pipelineError(WHERE, prop, value, "is not a GitHub id", lookup);
  }
  if ((props.repositoryId === undefined) !== (props.ownerId === undefined)) {
    const missing = props.repositoryId === undefined ? "repositoryId" : "ownerId";
    throw pipelineError(WHERE, missing, undefined, "is missing: the immutable subject names both ids", lookup);
  }
  return props.repositoryId === undefined ? undefined : { repository: props.repositoryId, owner: props.ownerId! };
}

/** Each cloud's environments, checked by the cloud (`lib/<cloud>/pipeline.ts`). */
function environmentsOf(
  props: GitHubPipelineProps,
  identityPrefix: string,
): PerCloud<Record<string, PipelineEnvironment>> {
  const out = {} as Record<Cloud, Record<string, PipelineEnvironment>>;
  for (const cloud of CLOUDS) {
    out[cloud] = {};
    const prop = ENVIRONMENTS_PROP[cloud];
    const value: unknown = props[prop];
    if (value === undefined) continue;
    const target = pipelineTargetFor(cloud, { kind: "GitHubPipeline", path: WHERE, prop });
    if (typeof value !== "object" || value === null || Array.isArray(value))
      throw pipelineError(
        WHERE,
        prop,
        value,
        "is not an object",
        `map each environment to its ${target.environmentShape}`,
      );
    for (const [environment, e] of Object.entries(value)) {
      const where = `${prop}.${environment}`;
      if (!ENVIRONMENT.test(environment))
        throw pipelineError(
          WHERE,
          prop,
          environment,
          "is not an environment name",
          'use the stacks\' environment, e.g. "prod"',
        );
      if (typeof e !== "object" || e === null || Array.isArray(e))
        throw pipelineError(WHERE, where, e, "is not an object", `give ${target.environmentShape}`);
      rejectNulls(e as object, `${where}.`);
      const fail = (field: string, v: unknown, problem: string, fix: string) =>
        pipelineError(WHERE, field === "" ? where : `${where}.${field}`, v, problem, fix);
      const request = { repository: props.repository, identityPrefix, environment };
      out[cloud][environment] = target.environment(e as Record<string, unknown>, request, fail);
    }
  }
  return out;
}

/** The promotion order: as given (every environment exactly once), or the order the declaration names them. */
function promotionOf(value: unknown, declared: readonly string[]): string[] {
  const known = [...new Set(declared)];
  if (value === undefined) return known;
  const example = `e.g. ${JSON.stringify(known)}`;
  if (!Array.isArray(value) || value.some((v) => typeof v !== "string"))
    throw pipelineError(
      WHERE,
      "promotion",
      value,
      "is not a list of environment names",
      `list them in order, ${example}`,
    );
  const unknown = value.find((v) => !known.includes(v));
  if (unknown !== undefined)
    throw pipelineError(
      WHERE,
      "promotion",
      unknown,
      "is not an environment of the pipeline",
      `use ${known.join(", ")}`,
    );
  const repeated = value.find((v, i) => value.indexOf(v) !== i);
  if (repeated !== undefined)
    throw pipelineError(WHERE, "promotion", repeated, "is listed twice", "list each environment once");
  const missing = known.filter((e) => !value.includes(e));
  if (missing.length > 0)
    throw pipelineError(
      WHERE,
      "promotion",
      value,
      `leaves out ${missing.join(", ")}`,
      `list every environment once, in the order a commit reaches them, ${example}`,
    );
  return value;
}

/** How a cloud's environments name where they deploy ("account", "project"), for messages. */
function placeNoun(cloud: Cloud): string {
  return pipelineTargetFor(cloud, { kind: "GitHubPipeline", path: WHERE, prop: cloud }).placeNoun;
}

/** An optional text prop, or its default; "" and blanks are errors, not "left out". */
function text(prop: string, value: unknown, fallback: string, example: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== "string" || value.trim() === "")
    throw pipelineError(
      WHERE,
      prop,
      value,
      "is not a non-empty string",
      `${example}, or leave ${prop} out for "${fallback}"`,
    );
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `x ?? default` would take null for "left out" and hide the mistake: null is an error. */
function rejectNulls(props: object, prefix = ""): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === null)
      throw pipelineError(
        WHERE,
        `${prefix}${key}`,
        null,
        "is not a value",
        `leave ${prefix}${key} out for its default, or set it`,
      );
  }
}

/** True when `name` matches `pattern`, where `*` stands for any characters. */
export function matches(pattern: string, name: string): boolean {
  const re = new RegExp(
    `^${pattern
      .split("*")
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*")}$`,
  );
  return re.test(name);
}
