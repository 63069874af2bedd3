import { actionsPinned } from "../workflows/rules/actions-pinned";
import { idTokenOnlyWithCloudLogin, leastPrivilege } from "../workflows/rules/least-privilege";
import { noCloudSecrets } from "../workflows/rules/no-cloud-secrets";
import { noPullRequestTarget } from "../workflows/rules/no-pull-request-target";
import { WorkflowPack } from "../workflows/rule";

/** GitHub Actions workflows: pinned actions, no privileged triggers, least-privilege tokens, no cloud keys. */
export const workflowsPack: WorkflowPack = {
  name: "workflows",
  description: "Supply chain and credentials of GitHub Actions workflows (landform pipeline lint).",
  rules: [actionsPinned, noPullRequestTarget, leastPrivilege, idTokenOnlyWithCloudLogin, noCloudSecrets],
};
