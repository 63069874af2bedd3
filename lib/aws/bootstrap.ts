import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { IamOpenidConnectProvider } from "@cdktf/provider-aws/lib/iam-openid-connect-provider";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { KmsAlias } from "@cdktf/provider-aws/lib/kms-alias";
import { Construct } from "constructs";
import { stateKeyAlias } from "../core/backend";
import type { BootstrapIdentities, TrustRequest } from "../core/target";
import type { Identity } from "../contracts/identity";
import { callerOf, managedPolicyArn, partitionOf } from "./account";
import type { AwsBucketResources } from "./bucket";
import { applyRoleName, AWS_AUDIENCE, planRoleName } from "./pipeline";

type Condition = { readonly test: string; readonly variable: string; readonly values: string[] };

/**
 * Data-plane reads the plan identity is denied, whatever a managed policy allows: a pull request
 * runs `terraform plan` with it, and plan can run the PR's code (a provider, an external data
 * source). Metadata (Describe, List, Get*Policy) stays readable, which refresh needs.
 */
const DATA_READS = [
  "secretsmanager:GetSecretValue",
  "secretsmanager:BatchGetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "ssm:GetParameterHistory",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:Query",
  "dynamodb:Scan",
  "dynamodb:GetRecords",
  "logs:GetLogEvents",
  "logs:FilterLogEvents",
  "logs:GetLogRecord",
  "logs:StartQuery",
  "logs:GetQueryResults",
  "logs:StartLiveTail",
  "rds-data:*",
  "rds:DownloadDBLogFilePortion",
  "rds:DownloadCompleteDBLogFile",
  "ec2:GetPasswordData",
  "ec2:GetConsoleOutput",
  "ec2:GetConsoleScreenshot",
  "sqs:ReceiveMessage",
  "kinesis:GetRecords",
  "athena:GetQueryResults",
  "ecr:GetDownloadUrlForLayer",
  "ecr:BatchGetImage",
  "glacier:GetJobOutput",
  "codecommit:GitPull",
  // No hop to another role of the account, whatever that role's trust allows.
  "sts:AssumeRole",
];

/** Object reads: allowed on the state bucket only (plan reads the state it diffs against). */
const OBJECT_READS = ["s3:GetObject", "s3:GetObjectVersion", "s3:GetObjectTorrent", "s3:GetObjectVersionTorrent"];

/** State and lock writes: the plan identity never takes the lock (pull request plans run with `-lock=false`). */
const STATE_WRITES = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectTagging"];

/**
 * Config reads `terraform plan` refreshes with, beyond the managed `ViewOnlyAccess` (List and
 * Describe): the Get calls of the resources Landform builds. `SecurityAudit` covers most; these
 * make the list explicit for the services the reference platform uses.
 */
const REFRESH_READS = [
  "ec2:Describe*",
  "eks:Describe*",
  "eks:List*",
  "iam:Get*",
  "iam:List*",
  "kms:Describe*",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:List*",
  "logs:Describe*",
  "logs:ListTagsForResource",
  "logs:ListTagsLogGroup",
  "rds:Describe*",
  "rds:ListTagsForResource",
  "s3:GetBucket*",
  "s3:GetEncryptionConfiguration",
  "s3:GetLifecycleConfiguration",
  "s3:GetAccelerateConfiguration",
  "s3:GetReplicationConfiguration",
  "s3:ListAllMyBuckets",
];

/**
 * GitHub's OIDC provider in the account (or the one it already has), a plan role for pull requests
 * and drift, an apply role per environment; the state key's alias and the state bucket's
 * encryption rule.
 *
 * Trust (GitHub Docs, "OpenID Connect reference"; AWS STS validates GitHub's `repository_id`,
 * `ref` and `job_workflow_ref` claims as condition keys since 2026-01, "AWS STS supports
 * validation of identity provider specific claims"):
 * - every role: `aud` is `sts.amazonaws.com`, `sub` is one of the exact subjects, `repository_id` is the repository's id;
 * - an apply role also: `ref` is the trunk and `job_workflow_ref` is the deploy workflow on the trunk,
 *   so a branch with `environment: <env>` in any workflow gets nothing.
 */
export function buildAwsTrust(scope: Construct, request: TrustRequest): BootstrapIdentities {
  const host = new URL(request.issuer).host;
  const partition = partitionOf(scope).partition;
  const account = callerOf(scope).accountId;
  const providerArn =
    request.oidcProviderArn ??
    new IamOpenidConnectProvider(scope, "GitHubOidc", { url: request.issuer, clientIdList: [AWS_AUDIENCE] }).arn;
  const state = (request.stateBucket as unknown as { readonly aws: AwsBucketResources }).aws;
  const stateObjects = `${request.stateBucket.bucketId}/*`;

  // The state key under a name every S3 backend can give as `kms_key_id` before the key exists
  // (an alias ARN; Terraform's S3 backend accepts aliases since v1.6.1, hashicorp/terraform#33993).
  const alias = new KmsAlias(scope, "StateKeyAlias", { name: stateKeyAlias(request), targetKeyId: state.keyArn });
  // With `encrypt = true` and no `kms_key_id`, Terraform sends `x-amz-server-side-encryption: AES256`
  // on every state and lock write, which overrides the bucket's default SSE-KMS (terraform v1.11.4
  // internal/backend/remote-state/s3/client.go): refuse such writes, so state is under the key.
  const tlsOnly = request.stateBucket.node.findChild("TlsOnly") as DataAwsIamPolicyDocument;
  const bucketPolicy = new DataAwsIamPolicyDocument(scope, "StateBucketPolicy", {
    sourcePolicyDocuments: [tlsOnly.json],
    statement: [
      {
        sid: "DenyWritesNotUnderTheStateKey",
        effect: "Deny",
        actions: ["s3:PutObject"],
        principals: [{ type: "*", identifiers: ["*"] }],
        resources: [stateObjects],
        condition: [{ test: "StringNotEquals", variable: "s3:x-amz-server-side-encryption", values: ["aws:kms"] }],
      },
    ],
  });
  state.policy.policy = bucketPolicy.json;

  const role = (
    id: string,
    name: string,
    subjects: readonly string[],
    extra: readonly Condition[],
    policies: readonly string[],
    description: string,
    permissionsBoundary?: string,
  ): Identity => {
    // Exact values only (StringEquals): no wildcard can reach another repository, branch or environment.
    const trust = new DataAwsIamPolicyDocument(scope, `${id}Trust`, {
      statement: [
        {
          effect: "Allow",
          actions: ["sts:AssumeRoleWithWebIdentity"],
          principals: [{ type: "Federated", identifiers: [providerArn] }],
          condition: [
            { test: "StringEquals", variable: `${host}:aud`, values: [AWS_AUDIENCE] },
            { test: "StringEquals", variable: `${host}:sub`, values: [...subjects] },
            { test: "StringEquals", variable: `${host}:repository_id`, values: [request.ids.repository] },
            ...extra.map((c) => ({ ...c, values: [...c.values] })),
          ],
        },
      ],
    });
    const r = new IamRole(scope, id, {
      name,
      description,
      assumeRolePolicy: trust.json,
      maxSessionDuration: 3600,
      permissionsBoundary,
    });
    policies.forEach(
      (arn, i) => new IamRolePolicyAttachment(scope, `${id}Policy${i}`, { role: r.name, policyArn: arn }),
    );
    return { name: r.name, id: r.arn, principal: r.arn };
  };

  const plan = role(
    "PlanRole",
    planRoleName(request),
    request.planSubjects,
    [],
    [managedPolicyArn(scope, "job-function/ViewOnlyAccess"), managedPolicyArn(scope, "SecurityAudit")],
    `Plans ${request.repository}: pull requests and drift scans, metadata read only`,
  );
  new IamRolePolicy(scope, "PlanRoleLimits", {
    name: "landform-plan-limits",
    role: plan.name,
    policy: new DataAwsIamPolicyDocument(scope, "PlanRoleLimitsPolicy", {
      statement: [
        { sid: "RefreshReads", effect: "Allow", actions: REFRESH_READS, resources: ["*"] },
        { sid: "NoDataReads", effect: "Deny", actions: DATA_READS, resources: ["*"] },
        { sid: "NoObjectReadsButState", effect: "Deny", actions: OBJECT_READS, notResources: [stateObjects] },
        { sid: "NoDecryptButState", effect: "Deny", actions: ["kms:Decrypt"], notResources: [state.keyArn] },
        { sid: "NoStateOrLockWrites", effect: "Deny", actions: STATE_WRITES, resources: [stateObjects] },
        {
          sid: "NoDynamoDbLockWrites",
          effect: "Deny",
          actions: ["dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:UpdateItem"],
          resources: ["*"],
        },
      ],
    }).json,
  });

  const names = request.environments.map((e) => e.name);
  const apply: Record<string, Identity> = {};
  for (const environment of request.environments) {
    const boundary =
      request.isolation === "permissionsBoundary"
        ? environmentBoundary(scope, request, environment.name, {
            others: names.filter((n) => n !== environment.name),
            partition,
            account,
            providerArn,
            keyArn: state.keyArn,
            aliasArn: alias.arn,
          })
        : undefined;
    apply[environment.name] = role(
      `ApplyRole-${environment.name}`,
      applyRoleName(request, environment.name),
      environment.subjects,
      [
        { test: "StringEquals", variable: `${host}:ref`, values: [request.applyRef] },
        { test: "StringEquals", variable: `${host}:job_workflow_ref`, values: [request.applyWorkflowRef] },
      ],
      request.applyPermissions ?? [managedPolicyArn(scope, "AdministratorAccess")],
      `Applies ${request.repository} to ${environment.name}: the deploy workflow on the trunk, in the GitHub environment ${environment.name}, only`,
      boundary,
    );
  }
  return { plan, apply };
}

/**
 * The permissions boundary of one environment's apply role in an account other environments share
 * (`isolation: "permissionsBoundary"`). It allows what the role's policies allow, except:
 * - anything on a resource tagged `environment=<another>`, or creating one with that tag (every
 *   Landform stack tags its resources with its environment);
 * - the other environments' state objects;
 * - the pipeline's own roles and policies, its OIDC provider, the state bucket's settings and the
 *   state key, and removing a permissions boundary.
 * A role the environment's stacks create is not bounded: see docs/security.md.
 */
function environmentBoundary(
  scope: Construct,
  request: TrustRequest,
  environment: string,
  where: {
    readonly others: readonly string[];
    readonly partition: string;
    readonly account: string;
    readonly providerArn: string;
    readonly keyArn: string;
    readonly aliasArn: string;
  },
): string {
  const iam = `arn:${where.partition}:iam::${where.account}`;
  const bucket = request.stateBucket.bucketId;
  const otherEnvironments = [
    {
      sid: "NotOtherEnvironmentsResources",
      effect: "Deny",
      actions: ["*"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "aws:ResourceTag/environment", values: [...where.others] }],
    },
    {
      sid: "NotTaggedAsOtherEnvironments",
      effect: "Deny",
      actions: ["*"],
      resources: ["*"],
      condition: [{ test: "StringEquals", variable: "aws:RequestTag/environment", values: [...where.others] }],
    },
    {
      sid: "NotOtherEnvironmentsState",
      effect: "Deny",
      actions: ["s3:*"],
      resources: where.others.map((other) => `${bucket}/${request.statePrefix(other)}*`),
    },
  ];
  const document = new DataAwsIamPolicyDocument(scope, `Boundary-${environment}Policy`, {
    statement: [
      { sid: "WithinTheRolePolicies", effect: "Allow", actions: ["*"], resources: ["*"] },
      // A boundary of the only environment in the account has no other environment to deny.
      ...(where.others.length === 0 ? [] : otherEnvironments),
      {
        sid: "NotThePipelineIdentities",
        effect: "Deny",
        actions: ["iam:*"],
        resources: [
          `${iam}:role/${request.identityPrefix}-*`,
          `${iam}:policy/${request.identityPrefix}-*`,
          where.providerArn,
        ],
      },
      {
        sid: "NoBoundaryRemoval",
        effect: "Deny",
        actions: ["iam:DeleteRolePermissionsBoundary", "iam:DeleteUserPermissionsBoundary"],
        resources: ["*"],
      },
      {
        sid: "NotTheStateBucketSettings",
        effect: "Deny",
        actions: ["s3:PutBucket*", "s3:DeleteBucket*", "s3:PutLifecycleConfiguration", "s3:PutEncryptionConfiguration"],
        resources: [bucket],
      },
      {
        sid: "NotTheStateKeySettings",
        effect: "Deny",
        actions: [
          "kms:ScheduleKeyDeletion",
          "kms:DisableKey",
          "kms:PutKeyPolicy",
          "kms:CreateGrant",
          "kms:UpdateAlias",
          "kms:DeleteAlias",
          "kms:DisableKeyRotation",
        ],
        resources: [where.keyArn, where.aliasArn],
      },
    ],
  });
  // Loaded only for this isolation mode, as each cloud's code is loaded only for its stacks.
  const { IamPolicy } =
    require("@cdktf/provider-aws/lib/iam-policy") as typeof import("@cdktf/provider-aws/lib/iam-policy");
  return new IamPolicy(scope, `Boundary-${environment}`, {
    name: `${request.identityPrefix}-boundary-${environment}`,
    description: `Keeps the ${environment} apply role of ${request.repository} off the other environments of the account`,
    policy: document.json,
  }).arn;
}
