import { IResolveContext, Lazy, TerraformStack, Token } from "cdktf";
import { Construct } from "constructs";
import { StateBackend } from "../../core/backend";
import { CLOUDS } from "../../core/cloud";
import { TERRAFORM_VERSION } from "../../core/cloud-stack";
import { LandformError } from "../../core/errors";
import { quietStackTraces } from "../../core/stack-traces";
import { stackFacts } from "../../ops/facts";
import { Stack } from "../../ops/read";
import { GitHubPipeline } from "../declaration";
import { pullRequestJobNames } from "../generate";

export interface GitHubGovernanceStackProps {
  /** The declaration the workflows are generated from: environments, trunk, reviewers and owners come from it. */
  readonly pipeline: GitHubPipeline;
  /**
   * Where the stack's own state lives. Like the bootstrap stacks, apply it once with the local
   * backend, then migrate its state to a bucket (docs/cli/pipeline.md, "Repository governance").
   * @default StateBackend.local()
   */
  readonly backend?: StateBackend;
  /**
   * The cdktf output folder, relative to the repository root, as `pipeline generate` reads it: the
   * pull-request workflow is generated from the app's other stacks against it, and its job names
   * become the trunk's required status checks.
   * @default "terraform"
   */
  readonly output?: string;
}

/**
 * The GitHub Actions app's id (GitHub REST API, `GET /apps/github-actions`): a required check bound
 * to it can be satisfied only by a workflow job, not by a commit status anyone with write access posts.
 */
const GITHUB_ACTIONS_APP_ID = 15368;

const PROPS = ["pipeline", "backend", "output"];

/**
 * The repository's governance, from the same declaration as the workflows and the cloud trust
 * (seed practices 13 and 15): one GitHub environment per pipeline environment that only the trunk
 * may deploy to, with the declared required reviewers for each environment in `approvals`; and a
 * ruleset on the trunk: changes through pull requests only (approved, by code owners when the
 * declaration names owners), the pull-request workflow's jobs as required checks, no force push,
 * no deletion, linear history. An admin applies it with a GitHub App token (GITHUB_TOKEN); no
 * workflow does. Construct it after every other stack of the app: its required checks are the job
 * names of the workflow generated from them. Provider classes load only when it is built.
 */
export class GitHubGovernanceStack extends TerraformStack {
  /** @internal */
  static readonly landformKind = "GitHubGovernanceStack";

  constructor(scope: Construct, id: string, props: GitHubGovernanceStackProps) {
    super(scope, id);
    quietStackTraces(this);
    keepWrittenJson(this);
    const fail = (prop: string, value: unknown, problem: string, fix: string) =>
      new LandformError({
        code: "invalid-prop",
        kind: "GitHubGovernanceStack",
        constructPath: id,
        prop,
        value,
        problem,
        fix,
      });
    if (typeof props !== "object" || props === null) throw fail("props", props, "is missing", "pass { pipeline }");
    for (const [key, value] of Object.entries(props))
      if (value === null)
        throw fail(
          key,
          null,
          "is not a value",
          key === "pipeline" ? "set pipeline" : `leave ${key} out for its default, or set it`,
        );
    const unknown = Object.keys(props).find((k) => !PROPS.includes(k));
    if (unknown !== undefined)
      throw fail(
        unknown,
        (props as unknown as Record<string, unknown>)[unknown],
        "is not a known prop",
        `use one of ${PROPS.join(", ")}`,
      );
    if (!GitHubPipeline.isGitHubPipeline(props.pipeline))
      throw fail(
        "pipeline",
        props.pipeline,
        "is not a GitHubPipeline",
        "pass the declaration the workflows are generated from",
      );
    if (props.backend !== undefined && !(props.backend instanceof StateBackend))
      throw fail(
        "backend",
        props.backend,
        "is not a StateBackend",
        "use StateBackend.s3(...), StateBackend.gcs(...) or StateBackend.local(...)",
      );
    const output = props.output ?? "terraform";
    if (typeof output !== "string" || output.trim() === "" || output.startsWith("/"))
      throw fail(
        "output",
        output,
        "is not a folder relative to the repository root",
        'use cdktf.json\'s "output", e.g. "terraform"',
      );
    const spec = props.pipeline.spec;
    const github = spec.governance.github;
    if (github === undefined)
      throw fail(
        "pipeline.github",
        undefined,
        "is missing: whether GitHub enforces required reviewers depends on the repository's plan and visibility",
        'declare github: { plan: "team", visibility: "private" } (yours) in the GitHubPipeline',
      );
    (props.backend ?? StateBackend.local()).bind(this, { stackName: id });
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);

    const gh = loadGitHub();
    const [owner, repository] = spec.repository.split("/");
    // Credentials come from the environment (GITHUB_TOKEN: a GitHub App installation token), never the JSON.
    new gh.GithubProvider(this, "github", { owner });

    const reviewerIds = new Map<string, { readonly kind: "users" | "teams"; readonly id: number }>();
    const reviewerId = (given: string) => {
      // GitHub logins and team slugs are case-insensitive: one data source each.
      const name = given.toLowerCase();
      const known = reviewerIds.get(name);
      if (known) return known;
      const [org, team] = name.split("/");
      const ref =
        team === undefined
          ? {
              kind: "users" as const,
              id: Token.asNumber(new gh.DataGithubUser(this, `User-${org}`, { username: org }).id),
            }
          : {
              kind: "teams" as const,
              id: Token.asNumber(new gh.DataGithubTeam(this, `Team-${team}`, { slug: team, summaryOnly: true }).id),
            };
      reviewerIds.set(name, ref);
      return ref;
    };
    const environments = [...new Set(CLOUDS.flatMap((c) => Object.keys(spec.environments[c])))].sort();
    for (const environment of environments) {
      const reviewers = spec.governance.reviewers[environment];
      // The declaration checked that each environment in approvals has reviewers GitHub enforces (or another mode).
      const gated = spec.governance.approvalMode === "environment-reviewers" && reviewers !== undefined;
      const ids = (reviewers ?? []).map(reviewerId);
      const env = new gh.RepositoryEnvironment(this, `Environment-${environment}`, {
        repository,
        environment,
        // Only the branches of the deployment policies below (the trunk) may deploy here.
        deploymentBranchPolicy: { protectedBranches: false, customBranchPolicies: true },
        ...(gated
          ? {
              reviewers: [
                {
                  users: ids.filter((r) => r.kind === "users").map((r) => r.id),
                  teams: ids.filter((r) => r.kind === "teams").map((r) => r.id),
                },
              ],
              preventSelfReview: true,
              canAdminsBypass: false,
            }
          : {}),
      });
      new gh.RepositoryEnvironmentDeploymentPolicy(this, `TrunkOnly-${environment}`, {
        repository,
        environment: env.environment,
        branchPattern: spec.trunk,
      });
    }

    const checks = Lazy.anyValue({
      produce: (context: IResolveContext) =>
        // cdktf resolves every stack once while preparing, before the others are final: the checks are read when writing.
        context.preparing ? [] : requiredChecks(this, props.pipeline, output),
    });
    new gh.RepositoryRuleset(this, "Trunk", {
      name: `landform trunk (${spec.trunk})`,
      repository,
      target: "branch",
      enforcement: "active",
      conditions: { refName: { include: [`refs/heads/${spec.trunk}`], exclude: [] } },
      rules: {
        deletion: true,
        nonFastForward: true,
        requiredLinearHistory: true,
        pullRequest: {
          requiredApprovingReviewCount: github.requiredApprovals,
          requireCodeOwnerReview: spec.governance.owners.length > 0,
          dismissStaleReviewsOnPush: true,
          requireLastPushApproval: true,
        },
        requiredStatusChecks: {
          strictRequiredStatusChecksPolicy: true,
          requiredCheck: checks,
        },
      },
    });
  }
}

/**
 * The trunk's required checks: the names of the pull-request workflow's jobs, generated from the
 * app's other stacks exactly as `pipeline generate` does from their synthesized output. GitHub
 * names the check run of a job that has `name:` by that name (without the workflow's name).
 */
function requiredChecks(
  self: GitHubGovernanceStack,
  pipeline: GitHubPipeline,
  output: string,
): { context: string; integration_id: number }[] {
  const all = self.node.root.node.findAll().filter((c): c is TerraformStack => TerraformStack.isStack(c));
  const later = all.slice(all.indexOf(self) + 1)[0];
  if (later !== undefined)
    throw new LandformError({
      code: "invalid-config",
      kind: "GitHubGovernanceStack",
      constructPath: self.node.path,
      prop: "scope",
      value: later.node.id,
      problem: `is constructed before stack ${later.node.id}, whose pull-request jobs it must require`,
      fix: "construct GitHubGovernanceStack after every other stack of the app",
    });
  const stacks: Stack[] = all.map((s) => {
    const name = s.node.id;
    // This stack itself (still being written) counts only as a repository stack: its provider.
    const json = s === self ? { provider: { github: [{}] } } : terraformOf(s);
    const file = `${output.replace(/\/$/, "")}/stacks/${name}/cdk.tf.json`;
    return {
      name,
      constructPath: s.node.path,
      file,
      json,
      files: [{ file, text: "", json }],
      dependsOn: s.dependencies.map((d) => d.node.id),
      ...stackFacts(json),
    };
  });
  // Only the job names are needed: the repository's files are `pipeline generate`'s to check, and
  // synth must not depend on the folder it runs in.
  return pullRequestJobNames(pipeline, stacks, { output, cwd: process.cwd() }).map((context) => ({
    context,
    integration_id: GITHUB_ACTIONS_APP_ID,
  }));
}

/** Each stack's Terraform JSON as cdktf resolved it to write it, kept for the governance stack's checks. */
const writtenJson = new WeakMap<TerraformStack, Record<string, unknown>>();

/**
 * Keeps what each stack constructed before `self` (all of them: `requiredChecks` fails otherwise)
 * resolves to when cdktf writes it. Every other stack is written before this one, and reading the
 * files back cost ~5 ms of CPU per synth of the reference platform (docs/performance.md).
 */
function keepWrittenJson(self: GitHubGovernanceStack): void {
  for (const stack of self.node.root.node.findAll()) {
    if (!TerraformStack.isStack(stack) || stack === self) continue;
    const resolve = stack.toTerraform.bind(stack);
    stack.toTerraform = () => {
      const json = resolve() as Record<string, unknown>;
      writtenJson.set(stack, json);
      return json;
    };
  }
}

/**
 * A stack's Terraform JSON: as cdktf resolved it to write it earlier in this synth (resolving every
 * stack again would cost a third of the synth), or resolved now when it was not written (a test
 * synthesizing only this stack, or HCL output).
 */
function terraformOf(stack: TerraformStack): Record<string, unknown> {
  return writtenJson.get(stack) ?? (stack.toTerraform() as Record<string, unknown>);
}

/**
 * The provider classes, per resource, loaded when a governance stack is built (never by the CLI or
 * the library root); the reviewers' data sources only when an environment names reviewers.
 */
function loadGitHub() {
  return {
    GithubProvider: (
      require("@cdktf/provider-github/lib/provider") as typeof import("@cdktf/provider-github/lib/provider")
    ).GithubProvider,
    get DataGithubUser() {
      return (
        require("@cdktf/provider-github/lib/data-github-user") as typeof import("@cdktf/provider-github/lib/data-github-user")
      ).DataGithubUser;
    },
    get DataGithubTeam() {
      return (
        require("@cdktf/provider-github/lib/data-github-team") as typeof import("@cdktf/provider-github/lib/data-github-team")
      ).DataGithubTeam;
    },
    RepositoryEnvironment: (
      require("@cdktf/provider-github/lib/repository-environment") as typeof import("@cdktf/provider-github/lib/repository-environment")
    ).RepositoryEnvironment,
    RepositoryEnvironmentDeploymentPolicy: (
      require("@cdktf/provider-github/lib/repository-environment-deployment-policy") as typeof import("@cdktf/provider-github/lib/repository-environment-deployment-policy")
    ).RepositoryEnvironmentDeploymentPolicy,
    RepositoryRuleset: (
      require("@cdktf/provider-github/lib/repository-ruleset") as typeof import("@cdktf/provider-github/lib/repository-ruleset")
    ).RepositoryRuleset,
  };
}
