import type { LoginRequest, PipelineEnvironment, PipelineNames, PipelineTarget } from "../core/target";

// AWS's part of the GitHub pipeline: one IAM role per purpose, assumed through GitHub's OIDC
// provider. The login (workflows) and the trust (bootstrap.ts) both name roles from here.

/** One AWS account's environment: the roles the bootstrap stack creates there. */
export interface AwsEnvironment {
  /** The 12-digit account id the environment's stacks deploy to. */
  readonly account: string;
}

/** The audience `aws-actions/configure-aws-credentials` asks GitHub's OIDC tokens for. */
export const AWS_AUDIENCE = "sts.amazonaws.com";

const ACCOUNT = /^\d{12}$/;
const PARTITION = "aws(?:-cn|-us-gov)?";
const POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::(?:aws|\\d{12}):policy/[\\w+=,.@/-]+$`);
const OIDC_PROVIDER_ARN = new RegExp(
  `^arn:${PARTITION}:iam::(\\d{12}):oidc-provider/token\\.actions\\.githubusercontent\\.com$`,
);

export function planRoleName(names: PipelineNames): string {
  return `${names.identityPrefix}-plan`;
}

export function applyRoleName(names: PipelineNames, environment: string): string {
  return `${names.identityPrefix}-apply-${environment}`;
}

/** The partition a region is in: workflows name roles by ARN before any Terraform runs. */
export function partitionOfRegion(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

function identity(request: LoginRequest): string {
  const name = request.purpose === "plan" ? planRoleName(request) : applyRoleName(request, request.environment);
  return `arn:${partitionOfRegion(request.region)}:iam::${request.target.place}:role/${name}`;
}

function login(request: LoginRequest) {
  return {
    name: `Assume the ${request.purpose} role`,
    action: "awsCredentials",
    with: {
      "role-to-assume": identity(request),
      "aws-region": request.region,
      "role-session-name": `landform-${request.purpose}-\${{ github.run_id }}`,
      "mask-aws-account-id": true,
    },
  };
}

/** AWS in the pipeline, but the trust: target.ts loads that (./bootstrap.ts, provider classes) on first use. */
export const AWS_PIPELINE: Omit<PipelineTarget, "trust"> = {
  placeNoun: "account",
  isolations: ["account", "permissionsBoundary"],
  environmentShape: "{ account }",
  environment(entry, _request, fail): PipelineEnvironment {
    if (typeof entry.account !== "string" || !ACCOUNT.test(entry.account))
      throw fail("account", entry.account, "is not an AWS account id", "use the 12-digit account id as a string");
    return { place: entry.account, stackProps: { account: entry.account }, fields: { account: entry.account } };
  },
  login,
  identity,
  checkBootstrap(props, target, fail) {
    if (props.applyPermissions !== undefined) {
      const list = props.applyPermissions;
      if (!Array.isArray(list) || list.length === 0)
        throw fail(
          "applyPermissions",
          list,
          "is not a list of IAM policy ARNs",
          'list managed policy ARNs, e.g. ["arn:aws:iam::aws:policy/PowerUserAccess"], or leave it out for AdministratorAccess',
        );
      list.forEach((arn: unknown, i) => {
        if (typeof arn === "string" && POLICY_ARN.test(arn)) return;
        const gcpRole = typeof arn === "string" && /^(roles|projects|organizations)\//.test(arn);
        throw fail(
          `applyPermissions[${i}]`,
          arn,
          gcpRole ? "is a GCP role, and this stack is on aws" : "is not an IAM policy ARN",
          "give an IAM managed policy ARN, e.g. arn:aws:iam::aws:policy/PowerUserAccess",
        );
      });
    }
    if (props.oidcProviderArn !== undefined) {
      const arn = props.oidcProviderArn;
      const account = typeof arn === "string" ? OIDC_PROVIDER_ARN.exec(arn)?.[1] : undefined;
      if (account === undefined)
        throw fail(
          "oidcProviderArn",
          arn,
          "is not the ARN of GitHub's OIDC provider",
          `copy it from \`aws iam list-open-id-connect-providers\`: arn:aws:iam::${target.place}:oidc-provider/token.actions.githubusercontent.com`,
        );
      if (account !== target.place)
        throw fail(
          "oidcProviderArn",
          arn,
          `is in account ${account}, not the stack's ${target.place}`,
          "name the provider of the account the environments deploy to",
        );
    }
  },
};
