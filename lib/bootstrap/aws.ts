import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Construct } from "constructs";
import { PipelineSpec } from "../pipeline/declaration";
import {
  applySubject,
  AWS_AUDIENCE,
  awsApplyRoleName,
  awsPlanRoleName,
  GITHUB_OIDC_HOST,
  GITHUB_OIDC_ISSUER,
  planSubjects,
} from "../pipeline/identities";
import { Identity } from "../contracts/identity";
import type { BootstrapIdentities } from "./bootstrap-stack";

const READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

/** GitHub's OIDC provider in the account, a plan role for pull requests and drift, an apply role per environment. */
export function buildAwsTrust(
  scope: Construct,
  spec: PipelineSpec,
  environments: readonly string[],
  applyPermissions: readonly string[] | undefined,
): BootstrapIdentities {
  const provider = new IamOpenidConnectProvider(scope, "GitHubOidc", {
    url: GITHUB_OIDC_ISSUER,
    clientIdList: [AWS_AUDIENCE],
  });
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
          principals: [{ type: "Federated", identifiers: [provider.arn] }],
          condition: [
            { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:aud`, values: [AWS_AUDIENCE] },
            { test: "StringEquals", variable: `${GITHUB_OIDC_HOST}:sub`, values: [...subjects] },
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
    awsPlanRoleName(spec),
    planSubjects(spec),
    [READ_ONLY],
    `Plans ${spec.repository}: pull requests and drift scans, read-only`,
  );
  const apply: Record<string, Identity> = {};
  for (const environment of environments) {
    apply[environment] = role(
      `ApplyRole-${environment}`,
      awsApplyRoleName(spec, environment),
      [applySubject(spec, environment)],
      applyPermissions ?? [ADMIN],
      `Applies ${spec.repository} to ${environment}, from jobs in the GitHub environment ${environment} only`,
    );
  }
  return { plan, apply };
}
