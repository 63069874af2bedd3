import { Cloud, NetworkProps, NodePoolProps } from "../lib";
import { stateKeyArn } from "../lib/bootstrap";
import { pipeline } from "./pipeline";

/** Everything that differs between the reference platform's environments. */
export interface EnvironmentConfig {
  readonly environment: "dev" | "staging" | "prod";
  readonly aws: {
    readonly region: string;
    readonly account?: string;
    readonly stateBucket: string;
    /** The state key's alias ARN (the bootstrap stack creates the alias): every S3 backend's `kms_key_id`. */
    readonly stateKey?: string;
    /** Name of the IAM role in the deployed account that administers the EKS cluster (required in prod). */
    readonly adminRole?: string;
  };
  readonly gcp: { readonly region: string; readonly project: string; readonly stateBucket: string };
  readonly network: Pick<NetworkProps, "cidr" | "zones" | "natGateways">;
  readonly nodePool: NodePoolProps;
}

/**
 * The AWS account of each environment, as the pipeline declares it (stacks/pipeline.ts): each
 * environment's stacks may only be applied to its own (`allowed_account_ids`), and each account has
 * its own state bucket, state key and apply role (pipelines-review S1).
 */
function accountOf(environment: EnvironmentConfig["environment"]): string {
  const account = pipeline.spec.environments.aws[environment]?.stackProps.account;
  if (account === undefined) throw new Error(`stacks/pipeline.ts declares no AWS account for ${environment}`);
  return account;
}

const ENVIRONMENTS: readonly EnvironmentConfig[] = [
  {
    environment: "dev",
    aws: { region: "eu-west-1", account: accountOf("dev"), stateBucket: "acme-landform-state-aws-dev" },
    gcp: { region: "europe-west1", project: "acme-platform-dev", stateBucket: "acme-landform-state-dev" },
    network: { cidr: "10.10.0.0/16", zones: 2, natGateways: "single" },
    nodePool: { size: "medium", minNodes: 1, maxNodes: 3 },
  },
  {
    environment: "staging",
    aws: { region: "eu-west-1", account: accountOf("staging"), stateBucket: "acme-landform-state-aws-staging" },
    gcp: { region: "europe-west1", project: "acme-platform-staging", stateBucket: "acme-landform-state-staging" },
    network: { cidr: "10.20.0.0/16", zones: 2, natGateways: "single" },
    nodePool: { size: "medium", minNodes: 2, maxNodes: 4 },
  },
  {
    environment: "prod",
    aws: {
      region: "eu-west-1",
      account: accountOf("prod"),
      stateBucket: "acme-landform-state-aws-prod",
      adminRole: "platform-admins",
    },
    gcp: { region: "europe-west1", project: "acme-platform-prod", stateBucket: "acme-landform-state-prod" },
    network: { cidr: "10.30.0.0/16", zones: 3, natGateways: "per-zone" },
    nodePool: { size: "large", minNodes: 3, maxNodes: 9 },
  },
];

/**
 * The configuration of one environment, with overrides from the environment such as
 * `LANDFORM_PROD_AWS_REGION`, `LANDFORM_PROD_AWS_ACCOUNT`, `LANDFORM_PROD_AWS_ADMIN_ROLE`, `LANDFORM_PROD_GCP_PROJECT` or
 * `LANDFORM_DEV_NETWORK_CIDR`. The committed output is synthesized with none of them set.
 */
export function environments(env: NodeJS.ProcessEnv = process.env): EnvironmentConfig[] {
  return ENVIRONMENTS.map((c) => {
    const v = (name: string) => env[`LANDFORM_${c.environment.toUpperCase()}_${name}`];
    const region = v("AWS_REGION") ?? c.aws.region;
    const account = v("AWS_ACCOUNT") ?? c.aws.account;
    return {
      ...c,
      aws: {
        region,
        account,
        stateBucket: v("AWS_STATE_BUCKET") ?? c.aws.stateBucket,
        // The alias the account's BootstrapStack gives the state key: state is encrypted with it (N6).
        stateKey: account ? stateKeyArn(pipeline.spec, { account, region }) : undefined,
        adminRole: v("AWS_ADMIN_ROLE") ?? c.aws.adminRole,
      },
      gcp: {
        region: v("GCP_REGION") ?? c.gcp.region,
        project: v("GCP_PROJECT") ?? c.gcp.project,
        stateBucket: v("GCP_STATE_BUCKET") ?? c.gcp.stateBucket,
      },
      network: { ...c.network, cidr: v("NETWORK_CIDR") ?? c.network.cidr },
    };
  });
}

export const CLOUDS_DEPLOYED: readonly Cloud[] = ["aws", "gcp"];
