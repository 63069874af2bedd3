import { PipelineSpec } from "../declaration";
import { Permissions, Step } from "../workflows/model";

/**
 * With `approvalMode: "pull-request"`, what a gated apply job runs before it logs in to the cloud:
 * the commit it deploys must be the one a pull request to the trunk was merged as, and that pull
 * request must carry `github.requiredApprovals` approving reviews on its last commit, from people
 * other than its author with write access (author association OWNER, MEMBER or COLLABORATOR) whose
 * latest review is an approval. The trunk ruleset already requires this before merge; the check
 * here catches a commit that reached the trunk another way (a bypass, a ruleset switched off) and
 * a `workflow_dispatch` of another commit. Atlantis' `approved` apply requirement is the model.
 * It calls the GitHub REST API with the job's own token through `gh` (preinstalled on GitHub-hosted
 * runners; self-hosted runners need it): "List pull requests associated with a commit" and "List
 * reviews for a pull request". Empty for environments that need no approval, or another mode.
 */
export function approvalSteps(spec: PipelineSpec, environment: string, needsApproval: boolean): Step[] {
  const github = spec.governance.github;
  if (!needsApproval || spec.governance.approvalMode !== "pull-request" || github === undefined) return [];
  return [
    {
      name: "Require an approved pull request",
      env: {
        GH_TOKEN: "${{ github.token }}",
        REPOSITORY: "${{ github.repository }}",
        SHA: "${{ github.sha }}",
        TRUNK: spec.trunk,
        ENVIRONMENT: environment,
        REQUIRED: String(github.requiredApprovals),
      },
      run: APPROVAL_SCRIPT,
    },
  ];
}

/** The permission the check needs besides the job's own: reading pull requests and their reviews. */
export function approvalPermissions(spec: PipelineSpec, needsApproval: boolean): Permissions {
  return needsApproval && spec.governance.approvalMode === "pull-request" && spec.governance.github !== undefined
    ? { "pull-requests": "read" }
    : {};
}

const APPROVAL_SCRIPT = [
  "set -euo pipefail",
  'fail() { echo "::error::$ENVIRONMENT applies only commits of approved pull requests (approvalMode pull-request): $1"; exit 1; }',
  // Merged pull requests into the trunk whose merge produced this commit (squash, rebase or merge commit).
  'pr=$(gh api "repos/$REPOSITORY/commits/$SHA/pulls" --jq "[.[] | select(.merged_at != null and .base.ref == \\"$TRUNK\\" and .merge_commit_sha == \\"$SHA\\")][0].number // empty")',
  '[ -n "$pr" ] || fail "commit $SHA is not the merge of a pull request into $TRUNK"',
  'head=$(gh api "repos/$REPOSITORY/pulls/$pr" --jq .head.sha)',
  'author=$(gh api "repos/$REPOSITORY/pulls/$pr" --jq .user.login)',
  // One line per decisive review, oldest first; a later review of the same person replaces an earlier one.
  'gh api --paginate "repos/$REPOSITORY/pulls/$pr/reviews?per_page=100" --jq \'.[] | select(.state == "APPROVED" or .state == "CHANGES_REQUESTED" or .state == "DISMISSED") | "\\(.user.login) \\(.state) \\(.commit_id) \\(.author_association)"\' > "$RUNNER_TEMP/reviews.txt"',
  'approvers=$(awk -v head="$head" -v author="$author" \'{ s[$1] = $2; c[$1] = $3; a[$1] = $4 } END { for (u in s) if (s[u] == "APPROVED" && c[u] == head && u != author && (a[u] == "OWNER" || a[u] == "MEMBER" || a[u] == "COLLABORATOR")) print u }\' "$RUNNER_TEMP/reviews.txt" | sort)',
  'count=$(printf "%s" "$approvers" | grep -c . || true)',
  '[ "$count" -ge "$REQUIRED" ] || fail "pull request #$pr has $count approving review(s) on its last commit $head by others than $author; $REQUIRED needed"',
  'echo "Pull request #$pr approved by: $(printf "%s" "$approvers" | tr "\\n" " ")"',
].join("\n");
