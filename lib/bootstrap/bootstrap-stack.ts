import { Construct } from "constructs";
import { Bucket } from "../bucket";
import { StateBackend } from "../core/backend";
import { Cloud, CLOUDS, isCloud } from "../core/cloud";
import { CloudStack } from "../core/cloud-stack";
import { LandformError } from "../core/errors";
import { pipelineTargetFor } from "../core/registry";
import type { BootstrapIdentities, Isolation, PipelineEnvironment, PipelineTarget, PropFail } from "../core/target";
import { GitHubPipeline } from "../pipeline/declaration";
import {
  applySubjects,
  deployWorkflowRef,
  GITHUB_OIDC_ISSUER,
  names,
  planSubjects,
  trunkRef,
} from "../pipeline/identities";

export type { BootstrapIdentities };

export interface BootstrapStackProps {
  /** The declaration the workflows are generated from: the trust is derived from it, so the two agree. */
  readonly pipeline: GitHubPipeline;
  readonly cloud: Cloud;
  readonly region: string;
  /** The pipeline's environments deployed to this account (AWS) or project (GCP). They must all name the same one. */
  readonly environments: readonly string[];
  /**
   * The name of the state bucket this stack creates: the bucket the environments' stacks name in
   * their `StateBackend`. Required, so the two are written from one value and cannot drift apart.
   */
  readonly stateBucket: string;
  /**
   * Where the bootstrap stack's own state lives. Apply it once with the local backend, then move
   * its state into the bucket it created (see docs/cli/pipeline.md, "Bootstrap").
   * @default StateBackend.local()
   */
  readonly backend?: StateBackend;
  /**
   * What an apply identity may change. AWS: IAM managed policy ARNs; GCP: IAM roles. Another
   * cloud's form is an error.
   * @default - AWS AdministratorAccess; GCP editor, project IAM admin and service account admin
   */
  readonly applyPermissions?: readonly string[];
  /**
   * AWS only: the ARN of the account's existing GitHub OIDC provider
   * (`arn:aws:iam::<account>:oidc-provider/token.actions.githubusercontent.com`). An account has at
   * most one provider per URL, so an account that already trusts GitHub names it here.
   * @default - the stack creates the provider
   */
  readonly oidcProviderArn?: string;
  /**
   * How the apply identities of environments that share one account are kept apart. "account":
   * they may not share one (one account or project per environment, the secure layout).
   * "permissionsBoundary" (AWS): each apply role gets a permissions boundary that denies the
   * other environments' resources (by their `environment` tag) and state objects; see
   * docs/security.md for what it does not stop.
   * @default "account"
   */
  readonly isolation?: "account" | "permissionsBoundary";
}

/**
 * Everything a pipeline needs before it can run, in one cloud account or project: the state
 * bucket, and the GitHub OIDC trust of the plan identity (pull requests, drift scans on the trunk)
 * and of one apply identity per environment (only the deploy workflow's jobs on the trunk in that
 * GitHub environment), all by the repository's immutable id. Applied once
 * by a person. What differs per cloud comes from the cloud's pipeline part (`lib/<cloud>/pipeline.ts`).
 */
export class BootstrapStack extends CloudStack {
  readonly stateBucket: Bucket;
  readonly identities: BootstrapIdentities;

  constructor(scope: Construct, id: string, props: BootstrapStackProps) {
    // Checked before the stack exists: the account or project comes from the pipeline.
    const { target, place, environments, isolation } = checkProps(id, props);
    super(scope, id, {
      cloud: props.cloud,
      region: props.region,
      environment: "bootstrap",
      production: true,
      ...place.stackProps,
      backend: props.backend ?? StateBackend.local(),
      tags: { purpose: "pipeline-bootstrap" },
    });
    this.stateBucket = new Bucket(this, "StateBucket", { name: props.stateBucket });
    const spec = props.pipeline.spec;
    const statePrefix = (environment: string) => `landform/${props.cloud}-${environment}`;
    this.identities = target.trust(this, {
      ...names(spec),
      issuer: GITHUB_OIDC_ISSUER,
      ids: spec.ids!,
      planSubjects: planSubjects(spec),
      applyRef: trunkRef(spec),
      applyWorkflowRef: deployWorkflowRef(spec),
      environments: environments.map((name) => ({
        name,
        target: spec.environments[props.cloud][name],
        subjects: applySubjects(spec, name),
      })),
      stateBucket: this.stateBucket,
      statePrefix,
      applyPermissions: props.applyPermissions,
      oidcProviderArn: props.oidcProviderArn,
      isolation,
    });
    const shared = environments.length > 1;
    // The plan identity reads state and writes nothing: no lock either (pull request and drift
    // plans run with -lock=false), so a pull request can neither hold nor break an apply's lock.
    this.stateBucket.grantRead(this.identities.plan);
    for (const environment of environments) {
      // A bucket shared by environments: each apply identity writes only its environment's stacks (`landform/<cloud>-<env>...`).
      this.stateBucket.grantWrite(
        this.identities.apply[environment],
        shared ? `${statePrefix(environment)}*` : undefined,
      );
    }
  }
}

interface Checked {
  readonly target: PipelineTarget;
  /** The one account or project the pipeline gives the stack's environments. */
  readonly place: PipelineEnvironment;
  readonly environments: readonly string[];
  readonly isolation: Isolation;
}

const ISOLATIONS: readonly Isolation[] = ["account", "permissionsBoundary"];

const REQUIRED = ["pipeline", "cloud", "region", "environments", "stateBucket"];

/** Every prop BootstrapStack reads: a key outside it (a typo) is refused, never dropped. */
const PROPS: Record<keyof Required<BootstrapStackProps>, true> = {
  pipeline: true,
  cloud: true,
  region: true,
  environments: true,
  stateBucket: true,
  backend: true,
  applyPermissions: true,
  oidcProviderArn: true,
  isolation: true,
};

function checkProps(id: string, props: BootstrapStackProps): Checked {
  const fail: PropFail = (prop, value, problem, fix) =>
    new LandformError({ code: "invalid-prop", kind: "BootstrapStack", constructPath: id, prop, value, problem, fix });
  if (typeof props !== "object" || props === null)
    throw fail("props", props, "is missing", "pass { pipeline, cloud, region, environments, stateBucket }");
  for (const [key, value] of Object.entries(props))
    if (value === null)
      throw fail(
        key,
        null,
        "is not a value",
        REQUIRED.includes(key) ? `set ${key}` : `leave ${key} out for its default, or set it`,
      );
  const unknown = Object.keys(props).find((key) => !Object.prototype.hasOwnProperty.call(PROPS, key));
  if (unknown !== undefined)
    throw fail(
      unknown,
      (props as unknown as Record<string, unknown>)[unknown],
      "is not a known prop",
      `use one of ${Object.keys(PROPS).join(", ")}`,
    );
  if (props.backend !== undefined && !(props.backend instanceof StateBackend))
    throw fail(
      "backend",
      props.backend,
      "is not a StateBackend",
      "use StateBackend.s3(...), StateBackend.gcs(...) or StateBackend.local(...)",
    );
  if (!GitHubPipeline.isGitHubPipeline(props.pipeline))
    throw fail(
      "pipeline",
      props.pipeline,
      "is not a GitHubPipeline",
      "pass the declaration the workflows are generated from",
    );
  if (!isCloud(props.cloud))
    throw fail("cloud", props.cloud, "is not a cloud", `use one of ${CLOUDS.map((c) => `"${c}"`).join(", ")}`);
  const target = pipelineTargetFor(props.cloud, { kind: "BootstrapStack", path: id, prop: "cloud" });
  if (typeof props.stateBucket !== "string" || props.stateBucket.trim() === "")
    throw fail(
      "stateBucket",
      props.stateBucket,
      "is not a bucket name",
      "name the state bucket the environments' StateBackend uses; the stack creates it",
    );
  const environments = props.environments;
  if (!Array.isArray(environments) || environments.length === 0)
    throw fail(
      "environments",
      environments,
      "is not a list of environments",
      `list the pipeline environments this ${target.placeNoun} serves, e.g. ["dev"]`,
    );
  const repeated = environments.find((e, i) => environments.indexOf(e) !== i);
  if (repeated !== undefined) throw fail("environments", repeated, "is listed twice", "list each environment once");
  const byEnvironment = props.pipeline.spec.environments[props.cloud];
  const missing = environments.find((e) => typeof e !== "string" || byEnvironment[e] === undefined);
  if (missing !== undefined)
    throw fail(
      "environments",
      missing,
      `has no ${props.cloud} identity in the pipeline`,
      `add ${props.cloud}: { ${String(missing)}: ${target.environmentShape} } to the GitHubPipeline`,
    );
  const all = [...new Set(environments.map((e) => byEnvironment[e].place))];
  if (all.length > 1)
    throw fail(
      "environments",
      environments,
      `span several ${target.placeNoun}s (${all.join(", ")})`,
      `create one BootstrapStack per ${target.placeNoun}`,
    );
  const place = byEnvironment[environments[0]];
  target.checkBootstrap(props, place, fail);
  if (props.pipeline.spec.ids === undefined)
    throw fail(
      "pipeline",
      props.pipeline.repository,
      "declares no repositoryId and ownerId: the trust names the repository by GitHub's immutable ids",
      `set repositoryId and ownerId in the GitHubPipeline, from \`gh api repos/${props.pipeline.repository} --jq '.id, .owner.id'\``,
    );
  const spec = props.pipeline.spec;
  const subjects = [...planSubjects(spec), ...environments.flatMap((e) => applySubjects(spec, e))];
  const long = subjects.find(
    (s) => target.maxSubjectBytes !== undefined && Buffer.byteLength(s) > target.maxSubjectBytes,
  );
  if (long !== undefined)
    throw fail(
      "pipeline",
      long,
      `is an OIDC subject longer than the ${target.maxSubjectBytes} bytes ${props.cloud}'s trust can match`,
      "shorten the repository or environment name",
    );
  const isolation = props.isolation ?? "account";
  if (!ISOLATIONS.includes(isolation))
    throw fail(
      "isolation",
      isolation,
      "is not a way of isolating environments",
      `use ${ISOLATIONS.map((i) => `"${i}"`).join(" or ")}, or leave it out for "account"`,
    );
  if (!target.isolations.includes(isolation))
    throw fail(
      "isolation",
      isolation,
      `is not available on ${props.cloud}: nothing there bounds one environment's identity in a shared ${target.placeNoun}`,
      `give each environment its own ${target.placeNoun} in the GitHubPipeline, and leave isolation out`,
    );
  const bounded = target.isolations.includes("permissionsBoundary");
  if (environments.length > 1 && isolation === "account")
    throw fail(
      "environments",
      environments,
      `share ${target.placeNoun} ${place.place}: the apply identity of one could change the others' resources and state`,
      `give each environment its own ${target.placeNoun} in the GitHubPipeline (one BootstrapStack each)` +
        (bounded
          ? ', or set isolation: "permissionsBoundary" to bound each apply role to its own environment\'s tagged resources and state'
          : ""),
    );
  return { target, place, environments, isolation };
}
