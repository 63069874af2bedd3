import { GitHubPipeline, PrivateRunner } from "../lib/pipeline";
import { AGENT_ARTIFACTS, AGENT_STACKS, APPROVALS } from "./delivery";

/**
 * The reference platform's pipeline: the GitHub Actions workflows (`landform pipeline generate
 * --config stacks/pipeline.ts`) and the bootstrap stacks' OIDC trust both come from here.
 * The account ids and project numbers are placeholders: replace them with yours.
 */
export const pipeline = new GitHubPipeline({
  repository: "acme/platform",
  // GitHub's immutable ids (`gh api repos/acme/platform --jq '.id, .owner.id'`): the cloud trust
  // names the repository by them (placeholders, like the account ids).
  repositoryId: "800000001",
  ownerId: "100000001",
  trunk: "main",
  // One AWS account per environment, as one GCP project each: an apply role can reach only its own
  // environment (BootstrapStack refuses apply roles of several environments in one account by default).
  aws: {
    dev: { account: "111111111111" },
    staging: { account: "222222222222" },
    prod: { account: "333333333333" },
  },
  // One GCP project per environment.
  gcp: {
    dev: { project: "acme-platform-dev", projectNumber: "100000000001" },
    staging: { project: "acme-platform-staging", projectNumber: "100000000002" },
    prod: { project: "acme-platform-prod", projectNumber: "100000000003" },
  },
  approvals: APPROVALS,
  driftSchedule: "17 6 * * 1-5",
  // Accepted drift, each entry with a reason and an until date (docs/drift.md).
  driftIgnore: "stacks/drift-ignore.yaml",
  // Stacks whose kubernetes or helm provider reaches the cluster's private API: workloads are
  // reconciled by the in-cluster agent; everything else runs on a runner inside the environment's network.
  privateStacks: {
    ...Object.fromEntries(AGENT_STACKS.map((pattern) => [pattern, PrivateRunner.pullAgent("tofu-controller")])),
    // Applies run on landform-<cloud>-<env>; pull request plans and drift scans on separate
    // runners (their own runner group, ephemeral), so a pull request never runs code where the
    // approved prod apply runs. Both need the aws CLI or gke-gcloud-auth-plugin (docs/cli/pipeline.md, Runners).
    "*": PrivateRunner.selfHosted(["self-hosted", "linux", "landform-{cloud}-{environment}"], {
      planLabels: ["self-hosted", "linux", "landform-{cloud}-{environment}-plan"],
      // What the runners have on PATH (stated here, checked by each job's exec step, read by doctor).
      provides: ["aws", "gke-gcloud-auth-plugin"],
    }),
  },
  // Bootstrap stacks create the trust the pipeline runs on, and github-governance the repository's
  // environments and trunk ruleset: an admin applies them (docs/cli/pipeline.md).
  manual: ["bootstrap-*", "github-governance"],
  // A private repository on GitHub Team has no required reviewers (GitHub Docs, "Reviewing
  // deployments"): staging and prod wait for an approving review on the pull request instead.
  github: { plan: "team", visibility: "private" },
  approvalMode: "pull-request",
  // CODEOWNERS: the first matching pattern owns a stack; the governance stack's owners own the pipeline.
  owners: {
    "github-governance": ["@acme/platform-leads"],
    "bootstrap-*": ["@acme/platform-leads"],
    "*-prod*": ["@acme/platform-leads"],
    "*": ["@acme/platform"],
  },
  terraformVersion: "1.11.4",
  // The deploy workflow pushes each agent's stacks here when they change; the agents read them
  // (AgentSource.ociArtifact in stacks/platform.ts), so a pending approval survives other commits.
  agentArtifacts: AGENT_ARTIFACTS,
  // This repository is Landform itself: `npx landform` runs bin/landform.js, which runs the
  // TypeScript source after `npm ci` (nothing builds dist/ in these jobs; pipelines-review B1).
});
