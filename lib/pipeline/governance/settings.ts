import { pipelineError } from "../actions";

/**
 * Where GitHub lets a repository use the settings the governance stack writes, from GitHub Docs
 * ("Reviewing deployments", "Managing environments for deployment", "About rulesets"):
 * environments, environment secrets and deployment branches are available in public repositories
 * on every plan, and in private or internal ones on Pro, Team and Enterprise; "If you are on a
 * GitHub Free, GitHub Pro, or GitHub Team plan, other deployment protection rules, such as a wait
 * timer or required reviewers, are only available for public repositories". Rulesets: public
 * repositories on every plan, private ones on Pro, Team and Enterprise Cloud. Internal
 * repositories exist only under GitHub Enterprise.
 */
export type GitHubPlan = "free" | "pro" | "team" | "enterprise";
export type GitHubVisibility = "public" | "private" | "internal";

/**
 * How applies to the environments in `approvals` wait for a person:
 * - `"environment-reviewers"`: the GitHub environment's required reviewers approve each deploy job
 *   (GitHub's own gate; public repositories, or GitHub Enterprise);
 * - `"pull-request"`: the approval is an approving review on the pull request that brought the
 *   commit to the trunk, as Atlantis' `approved` apply requirement: the trunk ruleset requires it
 *   before merge, and each gated apply job checks it again through the GitHub API before it logs in.
 *   Works on every plan that has rulesets (Pro and Team included), but approves the code and the
 *   pull request's plan, not the deploy run itself (docs/cli/pipeline.md, "Repository governance").
 */
export type ApprovalMode = "environment-reviewers" | "pull-request";

/** The GitHub repository's plan and visibility: what decides which controls GitHub enforces there. */
export interface GitHubRepositorySettings {
  /** The plan of the account or organization that owns the repository. */
  readonly plan: GitHubPlan;
  /** @default "private" */
  readonly visibility?: GitHubVisibility;
  /**
   * Approving reviews a pull request to the trunk needs before it merges (the trunk ruleset).
   * @default 1
   */
  readonly requiredApprovals?: number;
}

/** The governance part of the declaration after defaults and checks. */
export interface GovernanceSpec {
  /** Undefined when the declaration names no plan: no governance stack can be built. */
  readonly github?: Required<GitHubRepositorySettings>;
  readonly approvalMode: ApprovalMode;
  /** Per environment, its required reviewers: `user` or `org/team` (without `@`). */
  readonly reviewers: Readonly<Record<string, readonly string[]>>;
  /** Per stack name or pattern, in declaration order, its code owners: `@user` or `@org/team`. */
  readonly owners: readonly (readonly [pattern: string, owners: readonly string[]])[];
}

export interface GovernanceProps {
  readonly github?: GitHubRepositorySettings;
  readonly approvalMode?: ApprovalMode;
  readonly reviewers?: Readonly<Record<string, readonly string[]>>;
  readonly owners?: Readonly<Record<string, readonly string[]>>;
}

const WHERE = "pipeline";
const PLANS: readonly GitHubPlan[] = ["free", "pro", "team", "enterprise"];
const VISIBILITIES: readonly GitHubVisibility[] = ["public", "private", "internal"];
const MODES: readonly ApprovalMode[] = ["environment-reviewers", "pull-request"];
/** GitHub: "You can list up to six users or teams as reviewers." */
const MAX_REVIEWERS = 6;
/** A GitHub login, or `org/team-slug`. */
const USER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const TEAM = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9_.-]{1,100}$/;

/**
 * Checks the governance props against each other and the plan: an environment in `approvals`
 * whose approval GitHub would not enforce is an error, never a silent no-op (pipelines-review S3).
 * `approvalEnvironments` are the environments whose applies need approval.
 */
export function resolveGovernance(
  props: GovernanceProps,
  repository: string,
  environments: ReadonlySet<string>,
  approvalEnvironments: readonly string[],
): GovernanceSpec {
  const owner = repository.split("/")[0];
  const github = props.github === undefined ? undefined : settings(props.github);
  const approvalMode = props.approvalMode ?? "environment-reviewers";
  if (!MODES.includes(approvalMode))
    throw pipelineError(WHERE, "approvalMode", approvalMode, "is not an approval mode", `use ${quoted(MODES)}`);
  if (props.approvalMode !== undefined && github === undefined)
    throw pipelineError(
      WHERE,
      "approvalMode",
      approvalMode,
      "needs the repository's plan to be checked against",
      'declare github: { plan: "team", visibility: "private" } (your plan and visibility)',
    );
  const reviewers = reviewersOf(props.reviewers, owner, environments);
  if (github !== undefined) checkEnforced(github, approvalMode, reviewers, approvalEnvironments);
  else if (Object.keys(reviewers).length > 0)
    throw pipelineError(
      WHERE,
      "reviewers",
      props.reviewers,
      "needs the repository's plan: required reviewers exist only on some plans",
      'declare github: { plan: "enterprise", visibility: "private" } (your plan and visibility)',
    );
  return { github, approvalMode, reviewers, owners: ownersOf(props.owners, owner) };
}

function settings(value: GitHubRepositorySettings): Required<GitHubRepositorySettings> {
  if (!isRecord(value))
    throw pipelineError(WHERE, "github", value, "is not an object", 'pass { plan: "team", visibility: "private" }');
  const known = ["plan", "visibility", "requiredApprovals"];
  const unknown = Object.keys(value).find((k) => !known.includes(k));
  if (unknown !== undefined)
    throw pipelineError(
      WHERE,
      `github.${unknown}`,
      (value as unknown as Record<string, unknown>)[unknown],
      "is not a known prop",
      `use one of ${known.join(", ")}`,
    );
  if (!PLANS.includes(value.plan))
    throw pipelineError(
      WHERE,
      "github.plan",
      value.plan,
      "is not a GitHub plan",
      `use the plan of the repository's owner: ${quoted(PLANS)}`,
    );
  const visibility = value.visibility ?? "private";
  if (!VISIBILITIES.includes(visibility))
    throw pipelineError(WHERE, "github.visibility", visibility, "is not a visibility", `use ${quoted(VISIBILITIES)}`);
  if (visibility === "internal" && value.plan !== "enterprise")
    throw pipelineError(
      WHERE,
      "github.visibility",
      visibility,
      `does not exist on GitHub ${value.plan}: internal repositories belong to GitHub Enterprise`,
      'use "private", or plan "enterprise"',
    );
  if (visibility !== "public" && value.plan === "free")
    throw pipelineError(
      WHERE,
      "github.plan",
      value.plan,
      `has no environments or rulesets for ${visibility} repositories, so no branch policy, reviewer or protected trunk can exist`,
      'make the repository public, or move it to a "pro", "team" or "enterprise" plan',
    );
  const requiredApprovals = value.requiredApprovals ?? 1;
  if (!Number.isInteger(requiredApprovals) || requiredApprovals < 1 || requiredApprovals > 10)
    throw pipelineError(
      WHERE,
      "github.requiredApprovals",
      requiredApprovals,
      "is not a whole number from 1 to 10",
      "use the approving reviews a pull request needs, e.g. 1",
    );
  return { plan: value.plan, visibility, requiredApprovals };
}

/** Whether GitHub enforces required reviewers on a repository of this plan and visibility. */
export function requiredReviewersAvailable(github: Required<GitHubRepositorySettings>): boolean {
  return github.visibility === "public" || github.plan === "enterprise";
}

function checkEnforced(
  github: Required<GitHubRepositorySettings>,
  mode: ApprovalMode,
  reviewers: Readonly<Record<string, readonly string[]>>,
  approvals: readonly string[],
): void {
  if (mode === "pull-request") {
    const named = Object.keys(reviewers)[0];
    if (named !== undefined)
      throw pipelineError(
        WHERE,
        `reviewers.${named}`,
        reviewers[named],
        'is not used with approvalMode "pull-request": the approval is a review on the pull request',
        "name who may approve a stack in owners (CODEOWNERS, required by the trunk ruleset) and remove reviewers",
      );
    return;
  }
  const ungated = Object.keys(reviewers).find((e) => !approvals.includes(e));
  if (ungated !== undefined)
    throw pipelineError(
      WHERE,
      `reviewers.${ungated}`,
      reviewers[ungated],
      `names reviewers for environment ${ungated}, which is not in approvals`,
      `add ${ungated} to approvals, or remove its reviewers`,
    );
  if (approvals.length === 0) return;
  if (!requiredReviewersAvailable(github))
    throw pipelineError(
      WHERE,
      "approvals",
      approvals,
      `would not be enforced: GitHub ${github.plan} has no required reviewers for ${github.visibility} repositories (GitHub Docs, "Reviewing deployments"), so these environments would apply on merge without anyone approving`,
      'set approvalMode: "pull-request" (an approving review on the pull request, checked again before each gated apply), or move the repository to GitHub Enterprise',
    );
  const missing = approvals.find((e) => reviewers[e] === undefined);
  if (missing !== undefined)
    throw pipelineError(
      WHERE,
      `reviewers.${missing}`,
      undefined,
      `is missing: environment ${missing} needs approval, and a GitHub environment without required reviewers lets every deploy through`,
      `name its reviewers, e.g. reviewers: { ${missing}: ["acme/platform-leads"] } (users or org/team)`,
    );
}

function reviewersOf(
  value: GovernanceProps["reviewers"],
  owner: string,
  environments: ReadonlySet<string>,
): Record<string, readonly string[]> {
  if (value === undefined) return {};
  if (!isRecord(value))
    throw pipelineError(
      WHERE,
      "reviewers",
      value,
      "is not an object",
      'map environments to reviewers, e.g. { prod: ["acme/leads"] }',
    );
  const out: Record<string, readonly string[]> = {};
  for (const [environment, list] of Object.entries(value)) {
    const prop = `reviewers.${environment}`;
    if (!environments.has(environment))
      throw pipelineError(
        WHERE,
        "reviewers",
        environment,
        "is not an environment of the pipeline",
        `use one of ${[...environments].sort().join(", ")}`,
      );
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_REVIEWERS)
      throw pipelineError(
        WHERE,
        prop,
        list,
        `is not a list of 1 to ${MAX_REVIEWERS} reviewers (GitHub's limit per environment)`,
        'list users or teams, e.g. ["acme/platform-leads", "octocat"]',
      );
    for (const r of list) checkPrincipal(prop, r, owner, false);
    const lower = list.map((r: string) => r.toLowerCase());
    const repeated = list.find((_: string, i: number) => lower.indexOf(lower[i]) !== i);
    if (repeated !== undefined)
      throw pipelineError(
        WHERE,
        prop,
        repeated,
        "is listed twice (GitHub names are case-insensitive)",
        "list each reviewer once",
      );
    out[environment] = [...list];
  }
  return out;
}

function ownersOf(value: GovernanceProps["owners"], owner: string): GovernanceSpec["owners"] {
  if (value === undefined) return [];
  if (!isRecord(value))
    throw pipelineError(
      WHERE,
      "owners",
      value,
      "is not an object",
      'map stack names or patterns to owners, e.g. { "*-prod*": ["@acme/leads"] }',
    );
  return Object.entries(value).map(([pattern, list]) => {
    const prop = `owners.${pattern}`;
    if (!/^[A-Za-z0-9*][A-Za-z0-9_.*-]*$/.test(pattern))
      throw pipelineError(
        WHERE,
        "owners",
        pattern,
        "is not a stack name or pattern",
        'use a stack name, or * for any characters, e.g. "aws-*"',
      );
    if (!Array.isArray(list) || list.length === 0)
      throw pipelineError(
        WHERE,
        prop,
        list,
        "is not a non-empty list of owners",
        'list users or teams, e.g. ["@acme/platform"]',
      );
    for (const o of list) checkPrincipal(prop, o, owner, true);
    return [pattern, [...list]] as const;
  });
}

/** A user or a team of the repository's owner; CODEOWNERS writes them with `@`, reviewers without. */
function checkPrincipal(prop: string, value: unknown, owner: string, at: boolean): void {
  const example = at ? '"@octocat" or "@acme/platform"' : '"octocat" or "acme/platform"';
  const text = typeof value === "string" ? value : "";
  const bare = at ? text.replace(/^@/, "") : text;
  if (typeof value !== "string" || (at && !text.startsWith("@")) || (!USER.test(bare) && !TEAM.test(bare)))
    throw pipelineError(WHERE, prop, value, "is not a GitHub user or team", `write ${example}`);
  if (TEAM.test(bare) && bare.split("/")[0].toLowerCase() !== owner.toLowerCase())
    throw pipelineError(
      WHERE,
      prop,
      value,
      `is a team of ${bare.split("/")[0]}, not of the repository's owner ${owner}`,
      `use a team of ${owner}, or a user`,
    );
}

function quoted(values: readonly string[]): string {
  return values.map((v) => `"${v}"`).join(", ");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
