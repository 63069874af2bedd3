import { LandformError } from "../core/errors";

/** One action a workflow uses, pinned to a commit: `uses: <repo>@<sha> # <version>`. */
export interface PinnedAction {
  /** `owner/repo` or `owner/repo/path`. */
  readonly repo: string;
  /** The full 40-character commit SHA the version tag resolves to (not an annotated tag's object id). */
  readonly sha: string;
  /** The release tag, written as a comment for people and update bots. */
  readonly version: string;
}

/** The actions the generated workflows use, by role. */
export type ActionName =
  | "checkout"
  | "setupNode"
  | "setupTerraform"
  | "awsCredentials"
  | "gcpAuth"
  | "uploadSarif"
  | "uploadArtifact"
  | "downloadArtifact"
  | "githubScript"
  | "stickyComment"
  | "cache";

/**
 * Latest releases as of August 2026, each the commit its tag resolves to
 * (`git rev-parse <tag>^{commit}`). Override any of them with `GitHubPipelineProps.actions`.
 */
export const DEFAULT_ACTIONS: Readonly<Record<ActionName, PinnedAction>> = {
  checkout: { repo: "actions/checkout", sha: "3d3c42e5aac5ba805825da76410c181273ba90b1", version: "v7.0.1" },
  setupNode: { repo: "actions/setup-node", sha: "820762786026740c76f36085b0efc47a31fe5020", version: "v7.0.0" },
  setupTerraform: {
    repo: "hashicorp/setup-terraform",
    sha: "dfe3c3f87815947d99a8997f908cb6525fc44e9e",
    version: "v4.0.1",
  },
  awsCredentials: {
    repo: "aws-actions/configure-aws-credentials",
    sha: "e6de054238d6b7531b4efff3b6587d9aade6a06c",
    version: "v6.2.3",
  },
  gcpAuth: { repo: "google-github-actions/auth", sha: "7c6bc770dae815cd3e89ee6cdf493a5fab2cc093", version: "v3.0.0" },
  uploadSarif: {
    repo: "github/codeql-action/upload-sarif",
    sha: "8aad20d150bbac5944a9f9d289da16a4b0d87c1e",
    version: "v4.36.2",
  },
  uploadArtifact: {
    repo: "actions/upload-artifact",
    sha: "bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    version: "v7.0.0",
  },
  downloadArtifact: {
    repo: "actions/download-artifact",
    sha: "3e5f45b2cfb9172054b4087a40e8e0b5a5461e7c",
    version: "v8.0.1",
  },
  githubScript: { repo: "actions/github-script", sha: "ed597411d8f924073f98dfc5c65a23a2325f34cd", version: "v8.0.0" },
  stickyComment: {
    repo: "marocchino/sticky-pull-request-comment",
    sha: "5770ad5eb8f42dd2c4f34da00c94c5381e49af88",
    version: "v3.0.5",
  },
  cache: { repo: "actions/cache", sha: "27d5ce7f107fe9357f9df03efb73ab90386fccae", version: "v5.0.5" },
};

export const ACTION_NAMES = Object.keys(DEFAULT_ACTIONS) as ActionName[];

const SHA = /^[0-9a-f]{40}$/;
const REPO = /^[A-Za-z0-9][A-Za-z0-9-]{0,38}\/[A-Za-z0-9._-]{1,100}(\/[A-Za-z0-9._/-]+)?$/;

/** True for a full commit SHA: the only reference a tag move or a compromised repository cannot change. */
export function isCommitSha(ref: string): boolean {
  return SHA.test(ref);
}

/** The default table with the user's overrides, each checked: unknown names and refs that are not commits fail. */
export function actionTable(overrides: unknown, where: string): Readonly<Record<ActionName, PinnedAction>> {
  if (overrides === undefined) return DEFAULT_ACTIONS;
  if (typeof overrides !== "object" || overrides === null || Array.isArray(overrides))
    throw pipelineError(where, "actions", overrides, "is not an object", "map action names to { repo, sha, version }");
  const out: Record<string, PinnedAction> = { ...DEFAULT_ACTIONS };
  for (const [name, value] of Object.entries(overrides)) {
    const prop = `actions.${name}`;
    if (!(ACTION_NAMES as string[]).includes(name))
      throw pipelineError(
        where,
        prop,
        value,
        "is not an action the pipeline uses",
        `use one of ${ACTION_NAMES.join(", ")}`,
      );
    const a = value as Partial<PinnedAction> | null;
    if (typeof a !== "object" || a === null)
      throw pipelineError(where, prop, value, "is not an object", "pass { repo, sha, version }");
    if (typeof a.repo !== "string" || !REPO.test(a.repo))
      throw pipelineError(
        where,
        `${prop}.repo`,
        a.repo,
        "is not an action repository",
        'use "owner/repo" or "owner/repo/path"',
      );
    if (typeof a.sha !== "string" || !isCommitSha(a.sha))
      throw pipelineError(
        where,
        `${prop}.sha`,
        a.sha,
        "is not a full 40-character commit SHA",
        "pin the commit the release tag resolves to (git rev-parse <tag>^{commit}); tags and branches can be moved",
      );
    if (typeof a.version !== "string" || a.version === "" || /\s/.test(a.version))
      throw pipelineError(
        where,
        `${prop}.version`,
        a.version,
        "is not a version",
        'give the release tag, e.g. "v4.0.1"',
      );
    out[name] = { repo: a.repo, sha: a.sha, version: a.version };
  }
  return out as Record<ActionName, PinnedAction>;
}

/** `owner/repo@sha`, as `uses:` takes it. */
export function usesOf(action: PinnedAction): string {
  return `${action.repo}@${action.sha}`;
}

/** An error in the pipeline declaration, in Landform's one sentence shape. */
export function pipelineError(
  where: string,
  prop: string,
  value: unknown,
  problem: string,
  fix: string,
): LandformError {
  return new LandformError({
    code: "invalid-prop",
    kind: "GitHubPipeline",
    constructPath: where,
    prop,
    value,
    problem,
    fix,
  });
}
