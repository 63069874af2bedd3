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
