import type { LoginRequest, PipelineEnvironment, PipelineNames, PipelineTarget } from "../core/target";

// GCP's part of the GitHub pipeline: a workload identity pool and GitHub provider per project,
// one service account per purpose. The login (workflows) and the trust (bootstrap.ts) both name
// them from here.

/** One GCP project's environment: the pool, provider and service accounts the bootstrap stack creates there. */
export interface GcpEnvironment {
  /** The project id. */
  readonly project: string;
  /** The project number: workload identity provider names are built from it. */
  readonly projectNumber: string;
}

const PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const PROJECT_NUMBER = /^\d{1,19}$/;
const ROLE = /^(roles|projects\/[a-z][a-z0-9-]{4,28}[a-z0-9]\/roles|organizations\/\d+\/roles)\/[A-Za-z0-9_.]+$/;
/** GCP service account ids are 6-30 characters. */
const ACCOUNT_ID_MAX = 30;

/** Workload identity pool id; pool ids are 4-32 characters. */
export function poolId(names: PipelineNames): string {
  return `${names.identityPrefix}-pool`;
}

/** Provider id within the pool. */
export function providerId(names: PipelineNames): string {
  return `${names.identityPrefix}-github`;
}

export function planAccountId(names: PipelineNames): string {
  return `${names.identityPrefix}-plan`;
}

export function applyAccountId(names: PipelineNames, environment: string): string {
  return `${names.identityPrefix}-apply-${environment}`;
}

/** A workload identity principal for one OIDC subject: what `roles/iam.workloadIdentityUser` is granted to. */
export function subjectPrincipal(names: PipelineNames, projectNumber: string, subject: string): string {
  return `principal://iam.googleapis.com/projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId(names)}/subject/${subject}`;
}

function identity(request: LoginRequest): string {
  const id = request.purpose === "plan" ? planAccountId(request) : applyAccountId(request, request.environment);
  return `${id}@${request.target.fields.project}.iam.gserviceaccount.com`;
}

function login(request: LoginRequest) {
  const { projectNumber } = request.target.fields;
  return {
    name: `Impersonate the ${request.purpose} service account`,
    action: "gcpAuth",
    with: {
      // The full provider name `google-github-actions/auth` takes.
      workload_identity_provider: `projects/${projectNumber}/locations/global/workloadIdentityPools/${poolId(request)}/providers/${providerId(request)}`,
      service_account: identity(request),
    },
  };
}

/** GCP in the pipeline, but the trust: target.ts loads that (./bootstrap.ts, provider classes) on first use. */
export const GCP_PIPELINE: Omit<PipelineTarget, "trust"> = {
  placeNoun: "project",
  // No permissions boundary keeps one environment's service account off another's resources in one project.
  isolations: ["account"],
  // google.subject holds at most 127 bytes: STS refuses a longer `sub` (GCP IAM, workload identity federation).
  maxSubjectBytes: 127,
  environmentShape: "{ project, projectNumber }",
  environment(entry, request, fail): PipelineEnvironment {
    if (typeof entry.project !== "string" || !PROJECT.test(entry.project))
      throw fail(
        "project",
        entry.project,
        "is not a GCP project id",
        "use 6-30 lowercase letters, digits and dashes, starting with a letter",
      );
    if (typeof entry.projectNumber !== "string" || !PROJECT_NUMBER.test(entry.projectNumber))
      throw fail(
        "projectNumber",
        entry.projectNumber,
        "is not a project number",
        "copy it from `gcloud projects describe <project> --format='value(projectNumber)'`, as a string",
      );
    if (applyAccountId(request, request.environment).length > ACCOUNT_ID_MAX)
      throw fail(
        "",
        request.environment,
        "makes the service account id longer than GCP's 30 characters",
        "shorten the environment name or identityPrefix",
      );
    const fields = { project: entry.project, projectNumber: entry.projectNumber };
    return { place: entry.project, stackProps: { project: entry.project }, fields };
  },
  login,
  identity,
  checkBootstrap(props, _target, fail) {
    if (props.applyPermissions !== undefined) {
      const list = props.applyPermissions;
      if (!Array.isArray(list) || list.length === 0)
        throw fail(
          "applyPermissions",
          list,
          "is not a list of IAM roles",
          'list project roles, e.g. ["roles/editor"], or leave it out for the default roles',
        );
      list.forEach((role: unknown, i) => {
        if (typeof role === "string" && ROLE.test(role)) return;
        const awsArn = typeof role === "string" && role.startsWith("arn:");
        throw fail(
          `applyPermissions[${i}]`,
          role,
          awsArn ? "is an AWS policy ARN, and this stack is on gcp" : "is not an IAM role",
          'give a role name, e.g. "roles/editor" or "projects/<project>/roles/<custom>"',
        );
      });
    }
    if (props.oidcProviderArn !== undefined)
      throw fail(
        "oidcProviderArn",
        props.oidcProviderArn,
        "is AWS only: on gcp the bootstrap stack creates the project's own workload identity pool",
        "leave oidcProviderArn out on gcp",
      );
  },
};
