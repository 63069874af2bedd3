import { GitHubPipeline, PrivateRunner } from "../lib/pipeline";
import { AGENT_STACKS, APPROVALS } from "./delivery";

/**
 * The reference platform's pipeline: the GitHub Actions workflows (`landform pipeline generate
 * --config stacks/pipeline.ts`) and the bootstrap stacks' OIDC trust both come from here.
 * The account ids and project numbers are placeholders: replace them with yours.
 */
export const pipeline = new GitHubPipeline({
  repository: "acme/platform",
  trunk: "main",
  // One AWS account; each environment's state is a prefix of the shared bucket, with its own apply role.
  aws: {
    dev: { account: "111111111111" },
    staging: { account: "111111111111" },
    prod: { account: "111111111111" },
  },
  // One GCP project per environment.
  gcp: {
    dev: { project: "acme-platform-dev", projectNumber: "100000000001" },
    staging: { project: "acme-platform-staging", projectNumber: "100000000002" },
    prod: { project: "acme-platform-prod", projectNumber: "100000000003" },
  },
  approvals: APPROVALS,
  driftSchedule: "17 6 * * 1-5",
  // Stacks whose kubernetes or helm provider reaches the cluster's private API: workloads are
  // reconciled by the in-cluster agent; everything else runs on a runner inside the environment's network.
  privateStacks: {
    ...Object.fromEntries(AGENT_STACKS.map((pattern) => [pattern, PrivateRunner.pullAgent("tofu-controller")])),
    "*": PrivateRunner.selfHosted(["self-hosted", "linux", "landform-{cloud}-{environment}"]),
  },
  // Bootstrap stacks create the trust the pipeline runs on: a person applies them.
  manual: ["bootstrap-*"],
  terraformVersion: "1.11.4",
  // This repository is Landform itself: `npx landform` runs bin/landform.js, which runs the
  // TypeScript source after `npm ci` (nothing builds dist/ in these jobs; pipelines-review B1).
});
