import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import { PipelineSpec } from "../pipeline/declaration";
import {
  applySubject,
  gcpApplyAccountId,
  gcpPlanAccountId,
  gcpPoolId,
  gcpProviderId,
  gcpSubjectPrincipal,
  GITHUB_OIDC_ISSUER,
  planSubjects,
} from "../pipeline/identities";
import { Identity } from "../contracts/identity";
import type { BootstrapIdentities } from "./bootstrap-stack";

// Workload identity federation exchanges tokens through STS and IAM credentials.
const SERVICES = [
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "sts.googleapis.com",
  "cloudresourcemanager.googleapis.com",
];
const PLAN_ROLES = ["roles/viewer", "roles/iam.securityReviewer"];
const APPLY_ROLES = ["roles/editor", "roles/resourcemanager.projectIamAdmin", "roles/iam.serviceAccountAdmin"];

/** A workload identity pool and GitHub provider limited to the repository, a plan and per-environment apply service accounts. */
export function buildGcpTrust(
  scope: Construct,
  spec: PipelineSpec,
  environments: readonly string[],
  applyPermissions: readonly string[] | undefined,
): BootstrapIdentities {
  const project = stackOf(scope).project!;
  const projectNumber = spec.gcp[environments[0]].projectNumber;
  const services = SERVICES.map(
    (service) => new ProjectService(scope, `Service-${service.split(".")[0]}`, { service, disableOnDestroy: false }),
  );
  const pool = new IamWorkloadIdentityPool(scope, "Pool", {
    workloadIdentityPoolId: gcpPoolId(spec),
    displayName: "GitHub Actions",
    description: `GitHub Actions of ${spec.repository}`,
    dependsOn: services,
  });
  new IamWorkloadIdentityPoolProvider(scope, "GitHubProvider", {
    workloadIdentityPoolId: pool.workloadIdentityPoolId,
    workloadIdentityPoolProviderId: gcpProviderId(spec),
    displayName: "GitHub",
    attributeMapping: {
      "google.subject": "assertion.sub",
      "attribute.repository": "assertion.repository",
      "attribute.ref": "assertion.ref",
      "attribute.environment": "assertion.environment",
    },
    // Required: without it any repository on GitHub could exchange its tokens here.
    attributeCondition: `assertion.repository == "${spec.repository}"`,
    oidc: { issuerUri: GITHUB_OIDC_ISSUER },
  });
  const account = (
    id: string,
    accountId: string,
    subjects: readonly string[],
    roles: readonly string[],
    description: string,
  ): Identity => {
    const sa = new ServiceAccount(scope, id, { accountId, displayName: description.slice(0, 100), description });
    subjects.forEach(
      (subject, i) =>
        new ServiceAccountIamMember(scope, `${id}Federation${i}`, {
          serviceAccountId: sa.name,
          role: "roles/iam.workloadIdentityUser",
          member: gcpSubjectPrincipal(spec, projectNumber, subject),
        }),
    );
    roles.forEach(
      (role) =>
        new ProjectIamMember(scope, `${id}-${role.replace(/^roles\//, "")}`, { project, role, member: sa.member }),
    );
    return { name: sa.email, id: sa.email, principal: sa.member };
  };
  const plan = account(
    "PlanAccount",
    gcpPlanAccountId(spec),
    planSubjects(spec),
    PLAN_ROLES,
    `Plans ${spec.repository}: pull requests and drift scans, read-only`,
  );
  const apply: Record<string, Identity> = {};
  for (const environment of environments) {
    apply[environment] = account(
      `ApplyAccount-${environment}`,
      gcpApplyAccountId(spec, environment),
      [applySubject(spec, environment)],
      applyPermissions ?? APPLY_ROLES,
      `Applies ${spec.repository} to ${environment}, from jobs in the GitHub environment ${environment} only`,
    );
  }
  return { plan, apply };
}
