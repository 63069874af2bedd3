import { PipelineSpec } from "./declaration";

/**
 * Who may do what, derived once from the declaration: the workflows assume these identities and
 * the bootstrap stacks create them and their trust, so the two cannot disagree.
 *
 * | identity | trusted for the OIDC subject | rights |
 * |---|---|---|
 * | plan (one per account or project) | `repo:<owner>/<name>:pull_request`, `repo:<owner>/<name>:ref:refs/heads/<trunk>` (drift) | read-only, state read and lock |
 * | apply-<env> | `repo:<owner>/<name>:environment:<env>` only | deploy, state write |
 */
export const GITHUB_OIDC_ISSUER = "https://token.actions.githubusercontent.com";
export const GITHUB_OIDC_HOST = "token.actions.githubusercontent.com";
export const AWS_AUDIENCE = "sts.amazonaws.com";

/** The OIDC `sub` claims of pull requests and of the trunk (scheduled drift scans run there). */
export function planSubjects(spec: PipelineSpec): string[] {
  return [`repo:${spec.repository}:pull_request`, `repo:${spec.repository}:ref:refs/heads/${spec.trunk}`];
}

/** The OIDC `sub` claim of a job that declares `environment: <environment>`. */
export function applySubject(spec: PipelineSpec, environment: string): string {
  return `repo:${spec.repository}:environment:${environment}`;
}

export function awsPlanRoleName(spec: PipelineSpec): string {
  return `${spec.identityPrefix}-plan`;
}

export function awsApplyRoleName(spec: PipelineSpec, environment: string): string {
  return `${spec.identityPrefix}-apply-${environment}`;
}

export function awsRoleArn(account: string, name: string): string {
  return `arn:aws:iam::${account}:role/${name}`;
}

/** Workload identity pool id; pool ids are 4-32 characters. */
export function gcpPoolId(spec: PipelineSpec): string {
  return `${spec.identityPrefix}-pool`;
}

/** Provider id within the pool. */
export function gcpProviderId(spec: PipelineSpec): string {
  return `${spec.identityPrefix}-github`;
}

/** The full provider name `google-github-actions/auth` takes as `workload_identity_provider`. */
export function gcpProviderName(spec: PipelineSpec, projectNumber: string): string {
  return `projects/${projectNumber}/locations/global/workloadIdentityPools/${gcpPoolId(spec)}/providers/${gcpProviderId(spec)}`;
}

export function gcpPlanAccountId(spec: PipelineSpec): string {
  return `${spec.identityPrefix}-plan`;
}

export function gcpApplyAccountId(spec: PipelineSpec, environment: string): string {
  return `${spec.identityPrefix}-apply-${environment}`;
}

export function gcpServiceAccountEmail(accountId: string, project: string): string {
  return `${accountId}@${project}.iam.gserviceaccount.com`;
}

/** A workload identity principal for one OIDC subject: what `roles/iam.workloadIdentityUser` is granted to. */
export function gcpSubjectPrincipal(spec: PipelineSpec, projectNumber: string, subject: string): string {
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${gcpPoolId(spec)}/subject/${subject}`;
}

/** What a workflow job passes to the cloud's auth action to act as an identity. */
export type CloudLogin =
  | { readonly cloud: "aws"; readonly roleArn: string; readonly region: string }
  | { readonly cloud: "gcp"; readonly provider: string; readonly serviceAccount: string };

/** The identity a job of `stack` assumes, for planning or applying. */
export function loginFor(
  spec: PipelineSpec,
  stack: { readonly cloud: "aws" | "gcp"; readonly environment: string; readonly region: string },
  purpose: "plan" | "apply",
): CloudLogin | undefined {
  if (stack.cloud === "aws") {
    const env = spec.aws[stack.environment];
    if (!env) return undefined;
    const name = purpose === "plan" ? awsPlanRoleName(spec) : awsApplyRoleName(spec, stack.environment);
    return { cloud: "aws", roleArn: awsRoleArn(env.account, name), region: stack.region };
  }
  const env = spec.gcp[stack.environment];
  if (!env) return undefined;
  const id = purpose === "plan" ? gcpPlanAccountId(spec) : gcpApplyAccountId(spec, stack.environment);
  return {
    cloud: "gcp",
    provider: gcpProviderName(spec, env.projectNumber),
    serviceAccount: gcpServiceAccountEmail(id, env.project),
  };
}
