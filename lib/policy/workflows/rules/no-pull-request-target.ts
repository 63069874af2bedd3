import { isObject } from "../../attributes";
import { WorkflowRule } from "../rule";

/** The events a workflow runs on, whatever form `on:` takes. */
export function eventsOf(on: unknown): string[] {
  if (typeof on === "string") return [on];
  if (Array.isArray(on)) return on.filter((e): e is string => typeof e === "string");
  return isObject(on) ? Object.keys(on) : [];
}

export const noPullRequestTarget: WorkflowRule = {
  id: "workflow-no-pull-request-target",
  severity: "error",
  title: "No workflow runs on pull_request_target or workflow_run",
  rationale:
    "pull_request_target and workflow_run run with the base repository's secrets and a write token while the pull request's code is at hand: a checkout of it hands both to whoever opened the pull request.",
  remediation:
    "Use the pull_request event: forks get a read-only token and no OIDC token, which is what untrusted code should have.",
  check(workflow) {
    return eventsOf(workflow.on)
      .filter((e) => e === "pull_request_target" || e === "workflow_run")
      .map((e) => `on: runs on ${e}`);
  },
};
