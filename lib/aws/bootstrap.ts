import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import type { BootstrapIdentities, TrustRequest } from "../core/target";
import type { Identity } from "../contracts/identity";
import { managedPolicyArn } from "./account";
import { applyRoleName, AWS_AUDIENCE, planRoleName } from "./pipeline";

/**
 * GitHub's OIDC provider in the account (or the one it already has), a plan role for pull requests
 * and drift, an apply role per environment.
 */
export function buildAwsTrust(scope: Construct, request: TrustRequest): BootstrapIdentities {
  const host = new URL(request.issuer).host;
  const providerArn =
    request.oidcProviderArn ??
    new IamOpenidConnectProvider(scope, "GitHubOidc", { url: request.issuer, clientIdList: [AWS_AUDIENCE] }).arn;
  const role = (
    id: string,
    name: string,
    subjects: readonly string[],
    policies: readonly string[],
    description: string,
  ): Identity => {
    // Exact subjects only (StringEquals): no wildcard can reach another repository, branch or environment.
    const trust = new DataAwsIamPolicyDocument(scope, `${id}Trust`, {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [providerArn] }],
          condition: [
            { test: "StringEquals", variable: `${host}:aud`, values: [AWS_AUDIENCE] },
            { test: "StringEquals", variable: `${host}:sub`, values: [...subjects] },
          ],
        },
      ],
    });
    const r = new IamRole(scope, id, { name, description, assumeRolePolicy: trust.json, maxSessionDuration: 3600 });
    policies.forEach(
      (arn, i) => new IamRolePolicyAttachment(scope, `${id}Policy${i}`, { role: r.name, policyArn: arn }),
    );
    return { name: r.name, id: r.arn, principal: r.arn };
  };
  const plan = role(
    "PlanRole",
    planRoleName(request),
    request.planSubjects,
    [managedPolicyArn(scope, "ReadOnlyAccess")],
    `Plans ${request.repository}: pull requests and drift scans, read-only`,
  );
  const apply: Record<string, Identity> = {};
  for (const environment of request.environments) {
    apply[environment.name] = role(
      `ApplyRole-${environment.name}`,
      applyRoleName(request, environment.name),
      [environment.subject],
      request.applyPermissions ?? [managedPolicyArn(scope, "AdministratorAccess")],
      `Applies ${request.repository} to ${environment.name}, from jobs in the GitHub environment ${environment.name} only`,
    );
  }
  return { plan, apply };
}
