import { IamWorkloadIdentityPool } from "@cdktf/provider-google/lib/iam-workload-identity-pool";
import { IamWorkloadIdentityPoolProvider } from "@cdktf/provider-google/lib/iam-workload-identity-pool-provider";
import { ProjectIamMember } from "@cdktf/provider-google/lib/project-iam-member";
import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { ServiceAccountIamMember } from "@cdktf/provider-google/lib/service-account-iam-member";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import type { BootstrapIdentities, TrustRequest } from "../core/target";
import type { Identity } from "../contracts/identity";
import { applyAccountId, planAccountId, poolId, providerId, subjectPrincipal } from "./pipeline";

// Workload identity federation exchanges tokens through STS and IAM credentials.
const SERVICES = [
  "iam.googleapis.com",
  "iamcredentials.googleapis.com",
  "sts.googleapis.com",
  "cloudresourcemanager.googleapis.com",
];
const PLAN_ROLES = ["roles/viewer", "roles/iam.securityReviewer"];
/**
 * `roles/container.admin`: add-on charts create ClusterRoles and bindings, which project editor
 * (Kubernetes developer-level access) cannot; unlike EKS, GKE makes no creator cluster-admin
 * (Google Cloud IAM, "Google Kubernetes Engine roles and permissions").
 */
const APPLY_ROLES = [
  "roles/editor",
  "roles/resourcemanager.projectIamAdmin",
  "roles/iam.serviceAccountAdmin",
  "roles/container.admin",
];

/**
 * Required: without it any repository on GitHub could exchange its tokens here. The repository
 * and its owner by their immutable ids (`repository_id`, `repository_owner_id`: GitHub Docs,
 * "OpenID Connect reference"; google-github-actions/auth recommends them over names), and a job
 * in a GitHub environment (an apply: its `sub` holds `:environment:`, which no branch or
 * repository name can, since neither may contain a colon) only from the deploy workflow on the trunk.
 */
export function attributeCondition(request: TrustRequest): string {
  return [
    `assertion.repository_id == "${request.ids.repository}"`,
    `assertion.repository_owner_id == "${request.ids.owner}"`,
    `(!assertion.sub.contains(":environment:") || (assertion.ref == "${request.applyRef}" && assertion.job_workflow_ref == "${request.applyWorkflowRef}"))`,
  ].join(" && ");
}

/** A workload identity pool and GitHub provider limited to the repository, a plan and per-environment apply service accounts. */
export function buildGcpTrust(scope: Construct, request: TrustRequest): BootstrapIdentities {
  const project = stackOf(scope).project!;
  const projectNumber = request.environments[0].target.fields.projectNumber;
  const services = SERVICES.map(
    (service) => new ProjectService(scope, `Service-${service.split(".")[0]}`, { service, disableOnDestroy: false }),
  );
  const pool = new IamWorkloadIdentityPool(scope, "Pool", {
    workloadIdentityPoolId: poolId(request),
    displayName: "GitHub Actions",
    description: `GitHub Actions of ${request.repository}`,
    dependsOn: services,
  });
  new IamWorkloadIdentityPoolProvider(scope, "GitHubProvider", {
    workloadIdentityPoolId: pool.workloadIdentityPoolId,
    workloadIdentityPoolProviderId: providerId(request),
    displayName: "GitHub",
    // Only claims every GitHub token carries: a job without an environment has no `environment` claim.
    attributeMapping: {
      "google.subject": "assertion.sub",
      "attribute.repository_id": "assertion.repository_id",
      "attribute.repository_owner_id": "assertion.repository_owner_id",
    },
    attributeCondition: attributeCondition(request),
    oidc: { issuerUri: request.issuer },
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
          member: subjectPrincipal(request, projectNumber, subject),
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
    planAccountId(request),
    request.planSubjects,
    PLAN_ROLES,
    `Plans ${request.repository}: pull requests and drift scans, read-only`,
  );
  const apply: Record<string, Identity> = {};
  for (const environment of request.environments) {
    apply[environment.name] = account(
      `ApplyAccount-${environment.name}`,
      applyAccountId(request, environment.name),
      environment.subjects,
      request.applyPermissions ?? APPLY_ROLES,
      `Applies ${request.repository} to ${environment.name}: the deploy workflow on the trunk, in the GitHub environment ${environment.name}, only`,
    );
  }
  return { plan, apply };
}
