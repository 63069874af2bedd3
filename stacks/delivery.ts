/**
 * Who applies what, shared by the pipeline (stacks/pipeline.ts) and the agents (stacks/platform.ts)
 * so the two cannot disagree; plain data, so the app loads no pipeline code.
 */

/**
 * The stacks the in-cluster agent (tofu-controller) applies, and so the only ones the pipeline
 * skips: every stack has one applier.
 */
export const AGENT_STACKS: readonly string[] = ["*-workloads"];

/** The environments whose applies wait for a person, in the pipeline and in the agent alike. */
export const APPROVALS: readonly string[] = ["staging", "prod"];

/**
 * Where the deploy workflow pushes each agent's stacks (the pipeline's `agentArtifacts`), and so
 * where the agent reads them: one tag per cloud and environment, the agent's cluster name.
 */
export const AGENT_ARTIFACTS = {
  repository: "ghcr.io/acme/platform-stacks",
  tag: "{cloud}-{environment}-cluster",
} as const;

/**
 * The package is private, like the repository: source-controller logs in to ghcr.io with this
 * docker-registry secret in flux-system (a read:packages token, docs/delivery.md).
 */
export const AGENT_PULL_SECRET = "ghcr-platform-stacks";

/** The artifact the agent of `cloud` and `environment` reads: the one the deploy workflow pushes. */
export function agentArtifact(cloud: string, environment: string): { url: string; tag: string } {
  return {
    url: `oci://${AGENT_ARTIFACTS.repository}`,
    tag: AGENT_ARTIFACTS.tag.replace("{cloud}", cloud).replace("{environment}", environment),
  };
}
