import { DataAwsIamPolicyDocument } from "@cdktf/provider-aws/lib/data-aws-iam-policy-document";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import type { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import type { TerraformStack } from "cdktf";
import { Construct } from "constructs";
import type { StackInfo } from "../core/stack-info";
import { invalidConfig } from "../core/errors";
import type { AgentGrantRequest } from "../core/target";
import {
  atSynth,
  backendOf,
  derivedGrants,
  literalOf,
  NO_IAM,
  REMOTE_STATE,
  remoteStatesOf,
  typesIn,
} from "../kubernetes/private/agent-grants";
import { callerOf, partitionOf } from "./account";

type Statement = {
  sid: string;
  actions: string[];
  resources: string[];
  condition?: { test: string; variable: string; values: string[] }[];
};

// The IAM a resource type needs to be created, read, updated and deleted, on names that start with
// the stack's id (Landform names every resource `<stack>-...`). Types not listed here fail the grant.
const ROLE_READ = [
  "iam:GetRole",
  "iam:ListRolePolicies",
  "iam:ListAttachedRolePolicies",
  "iam:ListInstanceProfilesForRole",
];
const RESOURCE_ACTIONS: Readonly<Record<string, readonly string[]>> = {
  aws_iam_role: [
    ...ROLE_READ,
    "iam:CreateRole",
    "iam:DeleteRole",
    "iam:UpdateRole",
    "iam:UpdateRoleDescription",
    "iam:UpdateAssumeRolePolicy",
    "iam:TagRole",
    "iam:UntagRole",
  ],
  aws_iam_role_policy: [...ROLE_READ, "iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy"],
  aws_iam_role_policy_attachment: [...ROLE_READ, "iam:AttachRolePolicy", "iam:DetachRolePolicy"],
};
// Data sources that call no AWS API (types applied through the cluster's API: NO_IAM).
const DATA_NO_IAM = new Set([
  "aws_iam_policy_document",
  "aws_partition",
  "aws_region",
  "aws_caller_identity",
  "aws_eks_cluster_auth",
  // Reads another stack's state: granted on exactly that object (remoteStateStatements).
  REMOTE_STATE,
]);

/**
 * A statement allowing `actions` on the KMS key `kmsKeyId` names (an S3 backend's kms_key_id: a key
 * id or ARN, an alias name or ARN). IAM matches KMS key operations against the key ARN only, never
 * an alias ARN, so an alias becomes the keys of that account and region that carry it
 * (kms:ResourceAliases; AWS KMS guide, "Specifying KMS keys in IAM policy statements" and "Use
 * aliases to control access to KMS keys").
 */
function keyStatement(
  sid: string,
  actions: string[],
  kmsKeyId: string,
  where: { partition: string; region: string; account: string },
): Statement {
  const arn = /^arn:([^:]+):kms:([^:]+):(\d{12}):(key|alias)\/(.+)$/.exec(kmsKeyId);
  const [partition, region, account, kind, name] = arn
    ? arn.slice(1)
    : [
        where.partition,
        where.region,
        where.account,
        ...(kmsKeyId.startsWith("alias/") ? ["alias", kmsKeyId.slice(6)] : ["key", kmsKeyId]),
      ];
  if (kind === "key") return { sid, actions, resources: [`arn:${partition}:kms:${region}:${account}:key/${name}`] };
  return {
    sid,
    actions,
    resources: [`arn:${partition}:kms:${region}:${account}:key/*`],
    condition: [{ test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: [`alias/${name}`] }],
  };
}

/**
 * Read-only grants on the states `stack` reads through terraform_remote_state (cdktf's cross-stack
 * references): s3:GetObject on each state object, kms:Decrypt on its key. Never a write, never a
 * listing: the S3 backend reads the default workspace even when listing workspaces is denied
 * (OpenTofu >= 1.7, opentofu/opentofu#1445: backend_state.go Workspaces ignores AccessDenied; the
 * agent's tf-runner has OpenTofu 1.12).
 */
function remoteStateStatements(
  stack: StackInfo & TerraformStack,
  where: { partition: string; account: string },
): Statement[] {
  const objects = new Set<string>();
  const keys = new Map<string, { kmsKeyId: string; region: string }>();
  for (const read of remoteStatesOf(stack)) {
    if (read.backend !== "s3")
      throw invalidConfig(
        stack,
        `the GitOps agent cannot be granted stack '${stack.node.id}': its terraform_remote_state '${read.id}' reads a ${read.backend} backend, and Landform grants reads of S3 state only`,
        "keep the stacks it reads in S3 state, or grant the runner role that read through agent.identityResources and leave the stack to CI",
      );
    const bucket = literalOf(stack, read, "bucket", true);
    const key = literalOf(stack, read, "key", true);
    objects.add(`arn:${where.partition}:s3:::${bucket}/${key}`);
    const kmsKeyId = literalOf(stack, read, "kms_key_id", false);
    const region = literalOf(stack, read, "region", false) ?? stack.region;
    if (kmsKeyId !== undefined) keys.set(`${region} ${kmsKeyId}`, { kmsKeyId, region });
  }
  if (objects.size === 0) return [];
  const statements: Statement[] = [
    { sid: "ReadRemoteState", actions: ["s3:GetObject"], resources: [...objects].sort() },
  ];
  [...keys.keys()].sort().forEach((k, i) => {
    const { kmsKeyId, region } = keys.get(k)!;
    const sid = keys.size === 1 ? "ReadRemoteStateKey" : `ReadRemoteStateKey${i + 1}`;
    statements.push(keyStatement(sid, ["kms:Decrypt"], kmsKeyId, { ...where, region }));
  });
  return statements;
}

/**
 * The runner role's grants to apply one stack: its state objects, the cluster (an access entry with
 * the cluster-admin access policy, since the stack creates namespaces) and the IAM its resources need.
 */
export function grantAgentApply(scope: Construct, request: AgentGrantRequest): void {
  const { cluster } = request;
  const stack = request.stack as StackInfo & TerraformStack;
  const role = (request.identityResources as { role: IamRole }).role;
  const name = stack.node.id;
  const partition = partitionOf(scope).partition;
  const account = callerOf(scope).accountId;
  const statements: Statement[] = [];

  const backend = backendOf(stack)?.s3;
  if (!backend || typeof backend.bucket !== "string" || typeof backend.key !== "string")
    throw invalidConfig(
      stack,
      `the GitOps agent cannot be granted stack '${name}': it keeps no S3 state`,
      "give the stack an S3 backend (StateBackend.s3), or leave it to CI",
    );
  const folder = backend.key.replace(/\/[^/]*$/, "");
  statements.push(
    {
      sid: "ListState",
      actions: ["s3:ListBucket"],
      resources: [`arn:${partition}:s3:::${backend.bucket}`],
      condition: [{ test: "StringLike", variable: "s3:prefix", values: [folder, `${folder}/*`] }],
    },
    {
      // The state and its lock file (use_lockfile), under the stack's own prefix only.
      sid: "WriteState",
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resources: [`arn:${partition}:s3:::${backend.bucket}/${folder}/*`],
    },
  );
  if (typeof backend.kms_key_id === "string")
    statements.push(
      keyStatement("StateKey", ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], backend.kms_key_id, {
        partition,
        account,
        region: typeof backend.region === "string" ? backend.region : stack.region,
      }),
    );

  const types = typesIn(stack);
  const roleArn = `arn:${partition}:iam::${account}:role/${name}-*`;
  const actions = new Set(
    derivedGrants(
      stack,
      types.resources,
      "resource type",
      (t) => RESOURCE_ACTIONS[t],
      "grant the runner role what it needs through agent.identityResources, and remove the grantApply call, or leave the stack to CI",
    ).flat(),
  );
  if (actions.size > 0) statements.push({ sid: "StackRoles", actions: [...actions].sort(), resources: [roleArn] });
  for (const t of [...types.data].sort()) {
    if (DATA_NO_IAM.has(t) || NO_IAM.test(t)) continue;
    if (t === "aws_eks_cluster")
      statements.push({
        sid: "ReadCluster",
        actions: ["eks:DescribeCluster"],
        resources: [`arn:${partition}:eks:${stack.region}:${account}:cluster/${cluster.name}`],
      });
    else if (t === "aws_iam_openid_connect_provider")
      // The data source finds the provider by URL: it lists them, then reads one.
      statements.push({
        sid: "ReadOidcProviders",
        actions: ["iam:ListOpenIDConnectProviders", "iam:GetOpenIDConnectProvider"],
        resources: ["*"],
      });
    else
      throw invalidConfig(
        stack,
        `the GitOps agent cannot be granted stack '${name}': Landform derives no IAM for data source ${t}`,
        "grant the runner role what it needs through agent.identityResources, or leave the stack to CI",
      );
  }

  const holder = new Construct(scope, `Apply-${name}`);
  const toBlocks = (list: Statement[]) =>
    list.map((s) => ({
      sid: s.sid,
      effect: "Allow",
      actions: s.actions,
      resources: s.resources,
      condition: s.condition,
    }));
  const document = new DataAwsIamPolicyDocument(holder, "Policy", { statement: toBlocks(statements) });
  // The remote states the stack reads exist once the app has resolved its cross-stack references,
  // which may be after this call: their statements are added when the add-ons stack is synthesized.
  atSynth(holder, () =>
    document.putStatement(toBlocks([...statements, ...remoteStateStatements(stack, { partition, account })])),
  );
  new IamRolePolicy(holder, "RolePolicy", { name: `apply-${name}`, role: role.name, policy: document.json });

  if (request.first) {
    // The cluster's API, through an access entry (the cluster uses authenticationMode API).
    const entry = new EksAccessEntry(scope, "ClusterAccess", {
      clusterName: cluster.name,
      principalArn: role.arn,
      type: "STANDARD",
    });
    new EksAccessPolicyAssociation(scope, "ClusterAccessPolicy", {
      clusterName: cluster.name,
      principalArn: entry.principalArn,
      policyArn: `arn:${partition}:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy`,
      accessScope: { type: "cluster" },
    });
  }
}
