import { Generated } from "../../pipeline/generate";

/** What `pipeline generate` says after writing: the Terraform version, skipped stacks, environments to protect. */
export function generateNotes(result: Generated): string[] {
  const lines = [`Terraform ${result.terraformVersion}.`];
  for (const s of result.skipped) lines.push(`skipped ${s.name}: ${s.why}`);
  if (result.approvalMode !== undefined)
    lines.push(
      result.approvalMode === "pull-request"
        ? `Applies to ${result.approvals.join(", ") || "no environment"} wait for an approved pull request (approvalMode "pull-request"); an admin applies the governance stack for the trunk ruleset and environments.`
        : `An admin applies the governance stack: environments limited to the trunk, required reviewers for ${result.approvals.join(", ") || "no environment"}, the trunk ruleset.`,
    );
  else if (result.approvals.length > 0)
    lines.push(
      `Give these GitHub environments required reviewers: ${result.approvals.join(", ")}; limit every environment's deployment branches to the trunk (or declare github: { plan, visibility } and apply a GitHubGovernanceStack, which also checks that GitHub enforces them).`,
    );
  return lines;
}
