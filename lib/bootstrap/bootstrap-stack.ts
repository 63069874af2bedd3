import { Construct } from "constructs";
import { Bucket } from "../bucket";
import { StateBackend } from "../core/backend";
import { Cloud } from "../core/cloud";
import { CloudStack } from "../core/cloud-stack";
import { LandformError } from "../core/errors";
import { GitHubPipeline } from "../pipeline/declaration";
import { Identity } from "../contracts/identity";

export interface BootstrapStackProps {
  /** The declaration the workflows are generated from: the trust is derived from it, so the two agree. */
  readonly pipeline: GitHubPipeline;
  readonly cloud: Cloud;
  readonly region: string;
  /** The pipeline's environments deployed to this account (AWS) or project (GCP). They must all name the same one. */
  readonly environments: readonly string[];
  /** The state bucket the environments' stacks use (their `StateBackend`'s bucket). */
  readonly stateBucket: string;
  /**
   * Where the bootstrap stack's own state lives. Apply it once with the local backend, then move
   * its state into the bucket it created (see docs/cli/pipeline.md, "Bootstrap").
   * @default StateBackend.local()
   */
  readonly backend?: StateBackend;
  /**
   * What an apply identity may change. AWS: managed policy ARNs; GCP: project roles.
   * @default - AWS AdministratorAccess; GCP editor, project IAM admin and service account admin
   */
  readonly applyPermissions?: readonly string[];
}

/** What a cloud's bootstrap builds: the identities the pipeline assumes. */
export interface BootstrapIdentities {
  readonly plan: Identity;
  readonly apply: Readonly<Record<string, Identity>>;
}

/**
 * Everything a pipeline needs before it can run, in one cloud account or project: the state
 * bucket, and the GitHub OIDC trust of the plan identity (pull requests, drift scans on the trunk)
 * and of one apply identity per environment (only jobs in that GitHub environment). Applied once
 * by a person.
 */
export class BootstrapStack extends CloudStack {
  readonly stateBucket: Bucket;
  readonly identities: BootstrapIdentities;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    // Checked before the stack exists: the account or project comes from the pipeline.
    const place = placeOf(id, props);
    super(scope, id, {
      cloud: props.cloud,
      region: props.region,
      environment: "bootstrap",
      production: true,
      account: place.account,
      project: place.project,
      backend: props.backend ?? StateBackend.local(),
      tags: { purpose: "pipeline-bootstrap" },
    });
    this.stateBucket = new Bucket(this, "StateBucket", { name: props.stateBucket });
    const build =
      props.cloud === "aws"
        ? (require("./aws") as typeof import("./aws")).buildAwsTrust
        : (require("./gcp") as typeof import("./gcp")).buildGcpTrust;
    this.identities = build(this, props.pipeline.spec, props.environments, props.applyPermissions);
    const shared = props.environments.length > 1;
    this.stateBucket.grantRead(this.identities.plan);
    // Planning takes the state lock: the plan identity writes lock files, and nothing else.
    this.stateBucket.grantWrite(this.identities.plan, "*.tflock");
    for (const environment of props.environments) {
      // A bucket shared by environments: each apply identity writes only its environment's stacks (`landform/<cloud>-<env>...`).
      this.stateBucket.grantWrite(
        this.identities.apply[environment],
        shared ? `landform/${props.cloud}-${environment}*` : undefined,
      );
    }
  }
}

/** The one account (AWS) or project (GCP) that the pipeline gives the stack's environments. */
function placeOf(id: string, props: BootstrapStackProps): { account?: string; project?: string } {
  const fail = (prop: string, value: unknown, problem: string, fix: string) =>
    new LandformError({ code: "invalid-prop", kind: "BootstrapStack", constructPath: id, prop, value, problem, fix });
  if (typeof props !== "object" || props === null)
    throw fail("props", props, "is missing", "pass { pipeline, cloud, region, environments, stateBucket }");
  if (!GitHubPipeline.isGitHubPipeline(props.pipeline))
    throw fail(
      "pipeline",
      props.pipeline,
      "is not a GitHubPipeline",
      "pass the declaration the workflows are generated from",
    );
  if (!Array.isArray(props.environments) || props.environments.length === 0)
    throw fail(
      "environments",
      props.environments,
      "is not a list of environments",
      'list the pipeline environments this account or project serves, e.g. ["dev"]',
    );
  const spec = props.pipeline.spec;
  const byEnvironment: Readonly<Record<string, { account?: string; project?: string }>> =
    props.cloud === "aws" ? spec.aws : props.cloud === "gcp" ? spec.gcp : {};
  const missing = props.environments.find((e) => byEnvironment[e] === undefined);
  if (missing !== undefined)
    throw fail(
      "environments",
      missing,
      `has no ${props.cloud} identity in the pipeline`,
      `add ${props.cloud}: { ${missing}: ... } to the GitHubPipeline`,
    );
  const key = props.cloud === "aws" ? "account" : "project";
  const all = [...new Set(props.environments.map((e) => byEnvironment[e][key]))];
  if (all.length > 1)
    throw fail(
      "environments",
      props.environments,
      `span several ${key}s (${all.join(", ")})`,
      `create one BootstrapStack per ${key}`,
    );
  return byEnvironment[props.environments[0]];
}
