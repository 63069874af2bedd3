import { Cloud } from "../core/cloud";
import { pipelineTargetFor } from "../core/registry";
import { LoginStep } from "../core/target";
import { PipelineSpec } from "./declaration";

/**
 * Who may do what, derived once from the declaration: the workflows assume these identities and
 * the bootstrap stacks create them and their trust, so the two cannot disagree. Each cloud names
 * its identities in `lib/<cloud>/pipeline.ts`; the OIDC subjects are GitHub's, the same on every cloud.
 *
 * Subjects are GitHub's immutable format, `repo:OWNER@OWNER_ID/NAME@REPOSITORY_ID:<context>`
 * (GitHub Docs, "OpenID Connect reference" and "Immutable subject claims"; github.blog changelog
 * 2026-04-23: the default for repositories created or renamed from 2026-07-15). The legacy
 * `repo:OWNER/NAME:<context>` is trusted too only while `legacySubjects` is set. Both assume the
 * repository's default subject template: a customised template (`include_claim_keys`) changes them.
 *
 * | identity | trusted for the OIDC subject | and, checked by the cloud | rights |
 * |---|---|---|---|
 * | plan (one per account or project) | `<repo>:pull_request`, `<repo>:ref:refs/heads/<trunk>` (drift) | repository id | metadata read, state read; no state or lock write |
 * | apply-<env> | `<repo>:environment:<env>` only | repository id, `ref` = the trunk, `job_workflow_ref` = the deploy workflow on the trunk | deploy, its own state write |
 */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";

/**
 * The workflow whose jobs apply (`landform pipeline generate` writes it): the apply trust accepts
 * only its jobs on the trunk, through the token's `job_workflow_ref` claim.
 */
export const DEPLOY_WORKFLOW = ".github/workflows/landform-deploy.yml";

/** What the trust names the repository by: the immutable `repo:` prefix, then the legacy one while allowed. */
export function subjectPrefixes(spec: PipelineSpec): string[] {
  const [owner, name] = spec.repository.split("/");
  const immutable = spec.ids ? [`repo:${owner}@${spec.ids.owner}/${name}@${spec.ids.repository}`] : [];
  return [...immutable, ...(spec.legacySubjects || !spec.ids ? [`repo:${spec.repository}`] : [])];
}

/** The OIDC `sub` claims of pull requests and of the trunk (scheduled drift scans run there). */
export function planSubjects(spec: PipelineSpec): string[] {
  return subjectPrefixes(spec).flatMap((repo) => [`${repo}:pull_request`, `${repo}:ref:refs/heads/${spec.trunk}`]);
}

/** The OIDC `sub` claims of a job that declares `environment: <environment>`. */
export function applySubjects(spec: PipelineSpec, environment: string): string[] {
  return subjectPrefixes(spec).map((repo) => `${repo}:environment:${environment}`);
}

/** The `ref` claim of a trunk job: the apply trust requires it. */
export function trunkRef(spec: PipelineSpec): string {
  return `refs/heads/${spec.trunk}`;
}

/** The `job_workflow_ref` claim of a deploy job on the trunk (`OWNER/NAME/<path>@<ref>`): the apply trust requires it. */
export function deployWorkflowRef(spec: PipelineSpec): string {
  return `${spec.repository}/${DEPLOY_WORKFLOW}@${trunkRef(spec)}`;
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
