import { usesOf, WorkflowRule } from "../rule";

const SHA = /^[0-9a-f]{40}$/;

export const actionsPinned: WorkflowRule = {
  id: "workflow-actions-pinned",
  severity: "error",
  title: "Every third-party action is pinned to a full commit SHA",
  rationale:
    "Tags and branches can be moved by anyone who controls the action's repository; a moved tag runs new code with the job's token and cloud credentials (tj-actions/changed-files, March 2025).",
  remediation:
    "Write `uses: owner/repo@<40-character commit SHA> # vX.Y.Z`, the commit the release tag resolves to; let an update bot bump SHA and comment together.",
  check(workflow) {
    return usesOf(workflow).flatMap(({ where, uses }) => {
      // Local actions and workflows (./...) are the repository's own code at this commit.
      if (uses.startsWith("./")) return [];
      if (uses.startsWith("docker://"))
        return /@sha256:[0-9a-f]{64}$/.test(uses)
          ? []
          : [`${where}: ${uses} is a container image not pinned by digest`];
      const at = uses.lastIndexOf("@");
      const ref = at < 0 ? "" : uses.slice(at + 1);
      return SHA.test(ref) ? [] : [`${where}: ${uses} is not pinned to a commit SHA`];
    });
  },
};
