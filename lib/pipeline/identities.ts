import { Cloud } from "../core/cloud";
import { pipelineTargetFor } from "../core/registry";
import { LoginStep } from "../core/target";
import { PipelineSpec } from "./declaration";

/**
 * Who may do what, derived once from the declaration: the workflows assume these identities and
 * the bootstrap stacks create them and their trust, so the two cannot disagree. Each cloud names
 * its identities in `lib/<cloud>/pipeline.ts`; the OIDC subjects are GitHub's, the same on every cloud.
 *
 * | identity | trusted for the OIDC subject | rights |
 * |---|---|---|
 * | plan (one per account or project) | `repo:<owner>/<name>:pull_request`, `repo:<owner>/<name>:ref:refs/heads/<trunk>` (drift) | read-only, state read and lock |
 * | apply-<env> | `repo:<owner>/<name>:environment:<env>` only | deploy, state write |
 */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/** The OIDC `sub` claims of pull requests and of the trunk (scheduled drift scans run there). */
export function planSubjects(spec: PipelineSpec): string[] {
  return [`repo:${spec.repository}:pull_request`, `repo:${spec.repository}:ref:refs/heads/${spec.trunk}`];
}

/** The OIDC `sub` claim of a job that declares `environment: <environment>`. */
export function applySubject(spec: PipelineSpec, environment: string): string {
  return `repo:${spec.repository}:environment:${environment}`;
}

/** The step a workflow job takes to act as a cloud identity: the cloud's auth action and its inputs. */
export type CloudLogin = LoginStep;

/** The identity a job of `stack` assumes, for planning or applying; undefined when the pipeline names no such environment. */
export function loginFor(
  spec: PipelineSpec,
  stack: { readonly cloud: Cloud; readonly environment: string; readonly region: string },
  purpose: "plan" | "apply",
): CloudLogin | undefined {
  const target = spec.environments[stack.cloud][stack.environment];
  if (!target) return undefined;
  const cloud = pipelineTargetFor(stack.cloud, { kind: "GitHubPipeline", path: "pipeline", prop: stack.cloud });
  return cloud.login({ ...names(spec), environment: stack.environment, target, region: stack.region, purpose });
}

/** What every identity name is derived from. */
export function names(spec: PipelineSpec): { repository: string; identityPrefix: string } {
  return { repository: spec.repository, identityPrefix: spec.identityPrefix };
}
