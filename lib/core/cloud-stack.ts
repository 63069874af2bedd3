import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { StateBackend } from "./backend";
import { Cloud, forCloud, isCloud } from "./cloud";
import { invalidProp, LandformError, unsupportedOnCloud } from "./errors";
import { labelProblem, labelsProblem } from "./labels";
import { NameRule, physicalName } from "./naming";

export interface CloudStackProps {
  /** The one cloud this stack targets. */
  readonly cloud: Cloud;
  /** The region every resource of the stack lives in, e.g. `eu-west-1` or `europe-west1`. */
  readonly region: string;
  /** Environment name, e.g. `dev` or `prod`: a tag on every resource and part of the stack's identity. */
  readonly environment: string;
  /**
   * Whether this stack is production: data is protected from deletion, databases are highly
   * available and backed up longer, networks span more zones.
   * @default - true when environment is "prod" or "production"
   */
  readonly production?: boolean;
  /** AWS only: the account id the provider may act on (`allowed_account_ids`). @default - any account */
  readonly account?: string;
  /** GCP only, required there: the project id. */
  readonly project?: string;
  /** Extra tags (AWS) or labels (GCP) on every resource. @default - only environment, stack and managed-by */
  readonly tags?: Record<string, string>;
  /** Where Terraform keeps the stack's state. @default StateBackend.local() */
  readonly backend?: StateBackend;
}

const AWS_REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const GCP_REGION = /^[a-z]+-[a-z]+\d+$/;
const GCP_PROJECT = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const ENVIRONMENT = /^[a-z][a-z0-9-]{0,30}$/;
const RESERVED_TAGS = ["environment", "stack", "managed-by"];
const STACK_MARK = Symbol.for("landform.CloudStack");
/** The oldest Terraform that applies what Landform writes. */
export const TERRAFORM_VERSION = ">= 1.11.0";

/** A Terraform stack bound to one cloud, one region and one environment. Every Landform construct lives in one. */
export class CloudStack extends TerraformStack {
  /** The CloudStack that holds `scope`. */
  static of(scope: IConstruct): CloudStack {
    for (let s: IConstruct | undefined = scope; s; s = s.node.scope) {
      if ((s as unknown as Record<symbol, unknown>)[STACK_MARK]) return s as CloudStack;
    }
    throw new LandformError(
      `'${scope.node.path}' is not inside a CloudStack; create Landform constructs in a CloudStack, e.g. new CloudStack(app, "aws-dev", { cloud: "aws", region: "eu-west-1", environment: "dev" }).`,
    );
  }

  readonly cloud: Cloud;
  readonly region: string;
  readonly environment: string;
  readonly production: boolean;
  /** AWS account id, when given. */
  readonly account?: string;
  /** GCP project id. */
  readonly project?: string;
  /** Tags/labels applied by the provider to every resource. */
  readonly tags: Readonly<Record<string, string>>;
  readonly stackName: string;

  constructor(scope: Construct, id: string, props: CloudStackProps) {
    super(scope, id);
    Object.defineProperty(this, STACK_MARK, { value: true });
    this.stackName = id;
    validate(this, props);
    this.cloud = props.cloud;
    this.region = props.region;
    this.environment = props.environment;
    this.production = props.production ?? ["prod", "production"].includes(props.environment);
    this.account = props.account;
    this.project = props.project;
    this.tags = { ...props.tags, environment: props.environment, stack: id, "managed-by": "landform" };

    (props.backend ?? StateBackend.local()).bind(this, {
      stackName: id,
      region: props.region,
      onAws: props.cloud === "aws",
    });
    // S3's native state locking needs 1.10, write-only arguments (secrets kept out of state) 1.11.
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);
    forCloud(this.cloud, {
      aws: () => (require("../aws/provider") as typeof import("../aws/provider")).configureProvider,
      gcp: () => (require("../gcp/provider") as typeof import("../gcp/provider")).configureProvider,
    })(this);
  }

  /** A deterministic name for a resource of `scope`, within the cloud's rules for that kind of name. */
  nameFor(scope: IConstruct, rule: NameRule, suffix?: string): string {
    return physicalName(scope, rule, suffix);
  }
}

function validate(stack: CloudStack, props: CloudStackProps): void {
  const kind = "CloudStack";
  if (!isCloud(props.cloud)) {
    throw invalidProp(stack, "cloud", props.cloud, "is not a supported cloud", 'use "aws" or "gcp"', kind);
  }
  const region = props.cloud === "aws" ? AWS_REGION : GCP_REGION;
  if (typeof props.region !== "string" || !region.test(props.region)) {
    const example = props.cloud === "aws" ? "eu-west-1" : "europe-west1";
    throw invalidProp(
      stack,
      "region",
      props.region,
      `is not a ${props.cloud} region`,
      `use a region name such as "${example}"`,
      kind,
    );
  }
  if (typeof props.environment !== "string" || !ENVIRONMENT.test(props.environment)) {
    throw invalidProp(
      stack,
      "environment",
      props.environment,
      "is not a valid environment name",
      'use 1-31 lowercase letters, digits and dashes starting with a letter, e.g. "prod"',
      kind,
    );
  }
  if (props.cloud === "gcp") {
    if (props.account !== undefined) {
      throw unsupportedOnCloud(stack, "account", "gcp", "it names an AWS account", "set project instead", kind);
    }
    if (props.project === undefined) {
      throw invalidProp(
        stack,
        "project",
        undefined,
        "is required on gcp",
        'set project to the GCP project id, e.g. "acme-platform-prod"',
        kind,
      );
    }
    if (!GCP_PROJECT.test(props.project)) {
      throw invalidProp(
        stack,
        "project",
        props.project,
        "is not a GCP project id",
        "use 6-30 lowercase letters, digits and dashes, starting with a letter",
        kind,
      );
    }
    // The stack id is the value of the `stack` label on every resource.
    if (labelProblem("gcp", "stack", stack.node.id)) {
      throw invalidProp(
        stack,
        "id",
        stack.node.id,
        "cannot be a GCP label value",
        "use at most 63 lowercase letters, digits, _ and - for stack ids",
        kind,
      );
    }
  } else {
    if (props.project !== undefined) {
      throw unsupportedOnCloud(
        stack,
        "project",
        "aws",
        "it names a GCP project",
        "set account instead, or leave both out",
        kind,
      );
    }
    if (props.account !== undefined && !/^\d{12}$/.test(props.account)) {
      throw invalidProp(
        stack,
        "account",
        props.account,
        "is not an AWS account id",
        "use the 12-digit account number",
        kind,
      );
    }
  }
  const tags = props.tags ?? {};
  const reserved = RESERVED_TAGS.find((k) => k in tags);
  if (reserved) {
    throw invalidProp(
      stack,
      `tags.${reserved}`,
      tags[reserved],
      "is set by Landform on every resource",
      `remove "${reserved}" from tags`,
      kind,
    );
  }
  const problem = labelsProblem(props.cloud, tags);
  if (problem) {
    throw new LandformError(
      `CloudStack '${stack.node.path}': tags ${problem}; fix the key or value, Landform does not rewrite them.`,
    );
  }
}
