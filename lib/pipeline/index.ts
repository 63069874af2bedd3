/** `landform/pipeline`: the GitHub Actions pipeline declaration, its generator and writer. */
export { DEFAULT_ACTIONS, ACTION_NAMES, isCommitSha } from "./actions";
export type { ActionName, PinnedAction } from "./actions";
export { GitHubPipeline, PrivateRunner } from "./declaration";
export type {
  AgentArtifactsProps,
  AwsEnvironment,
  GcpEnvironment,
  GitHubPipelineProps,
  PipelineCommands,
  PipelineSpec,
  SelfHostedOptions,
} from "./declaration";
export { cronProblem } from "./cron";
export { CODEOWNERS_PATH } from "./governance/codeowners";
export type { ApprovalMode, GitHubPlan, GitHubRepositorySettings, GitHubVisibility } from "./governance/settings";
export { PipelineError } from "./errors";
export { generateWorkflows, WORKFLOW_DIR } from "./generate";
export type { Generated, GeneratedWorkflow } from "./generate";
export * as identities from "./identities";
export type { LoginStep, PipelineEnvironment } from "../core/target";
export { loadPipeline } from "./load";
export type { PlacedStack, SkippedStack } from "./placement";
export { staleFiles, writeWorkflows } from "./write";
export type { StaleFile } from "./write";
export { toYaml } from "./yaml";
export type { YamlOptions, YamlValue } from "./yaml";
export type { Workflow, Job, Step, Permission, Permissions, PermissionScope } from "./workflows/model";
export type { PipelineStack } from "./stacks";
