import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import { managedPolicyArn } from "./account";

/** IAM policy documents as JSON, built here so their shape is written once. */

/**
 * A trust policy that lets one AWS service assume a role. `conditions` (e.g. `aws:SourceAccount`)
 * guard against the confused deputy: the service may act only for this account's resources.
 */
export function assumeRolePolicy(service: string, conditions?: Record<string, Record<string, string>>): string {
  return JSON.stringify({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole", Condition: conditions }],
  });
}

/** Attaches AWS managed policies (by name, e.g. `AmazonEKSClusterPolicy`) to a role; ids are `<prefix><key>`. */
export function attachManaged(
  scope: Construct,
  role: IamRole,
  prefix: string,
  policies: Record<string, string>,
): IamRolePolicyAttachment[] {
  return Object.entries(policies).map(
    ([id, policy]) =>
      new IamRolePolicyAttachment(scope, `${prefix}${id}`, {
        role: role.name,
        policyArn: managedPolicyArn(scope, policy),
      }),
  );
}

/**
 * A trust policy for IRSA: only the Kubernetes service account `namespace/name`, with tokens from
 * the cluster's OIDC provider for STS. A policy document, not JSON.stringify: the condition keys
 * hold the issuer, known only at apply.
 */
export function irsaTrust(
  scope: Construct,
  id: string,
  oidc: { readonly providerArn: string; readonly issuer: string },
  namespace: string,
  name: string,
): DataAwsIamPolicyDocument {
  const issuer = Fn.replace(oidc.issuer, "https://", "");
  return new DataAwsIamPolicyDocument(scope, id, {
    statement: [
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [{ type: "Federated", identifiers: [oidc.providerArn] }],
        condition: [
          { test: "StringEquals", variable: `${issuer}:sub`, values: [`system:serviceaccount:${namespace}:${name}`] },
          { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ],
  });
}
