import { Generated } from "../../pipeline/generate";

/** What `pipeline generate` says after writing: the Terraform version, skipped stacks, environments to protect. */
export function generateNotes(result: Generated): string[] {
  const lines = [`Terraform ${result.terraformVersion}.`];
  for (const s of result.skipped) lines.push(`skipped ${s.name}: ${s.why}`);
  if (result.approvals.length > 0)
    lines.push(
      `Give these GitHub environments required reviewers: ${result.approvals.join(", ")}; limit every environment's deployment branches to the trunk.`,
    );
  return lines;
}
