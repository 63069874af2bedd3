import { TerraformStack } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { StateBackend } from "./backend";
import { Cloud, CLOUDS, isCloud } from "./cloud";
import { isProductionEnvironment } from "./environment";
import { invalidProp } from "./errors";
import { checkLabels } from "./labels";
import { NameRule, physicalName } from "./naming";
import { targetFor } from "./registry";
import { prepareStack, stackJson } from "./synthesis";
import { STACK_MARK, StackInfo, stackOf } from "./stack-info";
import { quietStackTraces } from "./stack-traces";
import { Checks, PropRules, validateAllProps } from "./validate";

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
  /**
   * GCP only: enable the Google APIs the stack's resources need (`google_project_service`, never
   * disabled on destroy). Set false when the project's APIs are managed elsewhere. @default true
   */
  readonly manageApis?: boolean;
}

const ENVIRONMENT = /^[a-z][a-z0-9-]{0,30}$/;
const RESERVED_TAGS = ["environment", "stack", "managed-by"];
/** The oldest Terraform that applies what Landform writes. */
export const TERRAFORM_VERSION = ">= 1.11.0";

/** A Terraform stack bound to one cloud, one region and one environment. Every Landform construct lives in one. */
export class CloudStack extends TerraformStack implements StackInfo {
  /** @internal */
  static readonly landformKind = "CloudStack";

  /** The CloudStack that holds `scope`. */
  static of(scope: IConstruct): CloudStack {
    return stackOf(scope) as unknown as CloudStack;
  }

  readonly cloud: Cloud;
  readonly region: string;
  readonly environment: string;
  readonly production: boolean;
  /** AWS account id, when given. */
  readonly account?: string;
  /** GCP project id. */
  readonly project?: string;
  /** GCP only: whether the stack enables the APIs it needs; undefined on aws. */
  readonly manageApis?: boolean;
  /** Tags/labels applied by the provider to every resource. */
  readonly tags: Readonly<Record<string, string>>;
  readonly stackName: string;
  /** @internal The props the stack was made with, for the stacks Landform adds beside it. */
  readonly props: CloudStackProps;

  constructor(scope: Construct, id: string, props: CloudStackProps) {
    super(scope, id);
    this.props = props;
    Object.defineProperty(this, STACK_MARK, { value: true });
    quietStackTraces(this);
    this.stackName = id;
    validate(this, props);
    this.cloud = props.cloud;
    this.region = props.region;
    this.environment = props.environment;
    this.production = props.production ?? isProductionEnvironment(props.environment);
    this.account = props.account;
    this.project = props.project;
    this.manageApis = props.manageApis;
    this.tags = { ...props.tags, environment: props.environment, stack: id, "managed-by": "landform" };

    const target = targetFor(props.cloud);
    (props.backend ?? StateBackend.local()).bind(this, {
      stackName: id,
      s3Region: target.stack.defaultS3Region(props.region),
    });
    // S3's native state locking needs 1.10, write-only arguments (secrets kept out of state) 1.11.
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);
    target.stack.configureProvider(this);
  }

  /** cdktf's preparing pass, resolving only what has an effect (lib/core/synthesis.ts). */
  prepareStack(): void {
    prepareStack(this);
  }

  /** The stack's Terraform JSON, as cdktf builds it without its last, copying pass (lib/core/synthesis.ts). */
  toTerraform(): Record<string, unknown> {
    return stackJson(this, () => super.toTerraform());
  }

  /** A deterministic name for a resource of `scope`, within the cloud's rules for that kind of name. */
  nameFor(scope: IConstruct, rule: NameRule, suffix?: string): string {
    return physicalName(scope, rule, suffix);
  }
}

/** The environment name and production flag rules every Landform stack shares. */
export function checkEnvironment(stack: IConstruct, environment: unknown, production: unknown): void {
  if (typeof environment !== "string" || !ENVIRONMENT.test(environment)) {
    throw invalidProp(
      stack,
      "environment",
      environment,
      "is not a valid environment name",
      'use 1-31 lowercase letters, digits and dashes starting with a letter, e.g. "prod"',
    );
  }
  if (production !== undefined && typeof production !== "boolean") {
    throw invalidProp(stack, "production", production, "is not a boolean", "use true or false");
  }
}

function validate(stack: CloudStack, props: CloudStackProps): void {
  if (typeof props !== "object" || props === null) {
    throw invalidProp(stack, "props", props, "is missing", "pass { cloud, region, environment }");
  }
  if (!isCloud(props.cloud)) {
    const names = CLOUDS.map((c) => JSON.stringify(c)).join(" or ");
    throw invalidProp(stack, "cloud", props.cloud, "is not a supported cloud", `use ${names}`);
  }
  const target = targetFor(props.cloud);
  target.stack.checkRegion(stack, props.region);
  checkEnvironment(stack, props.environment, props.production);
  target.stack.check(stack, props);
  const tags = props.tags ?? {};
  const reserved = RESERVED_TAGS.find((k) => typeof tags === "object" && tags !== null && k in tags);
  if (reserved) {
    throw invalidProp(
      stack,
      `tags.${reserved}`,
      tags[reserved],
      "is set by Landform on every resource",
      `remove "${reserved}" from tags`,
    );
  }
  checkLabels(stack, "tags", tags, props.cloud);
  // After the checks above, whose messages are specific: what is left is types, nulls and typos.
  validateAllProps<CloudStackProps>(stack, props, RULES);
}

const RULES: PropRules<CloudStackProps> = {
  cloud: Checks.any(),
  region: Checks.any(),
  environment: Checks.any(),
  production: Checks.boolean(),
  account: Checks.any(),
  project: Checks.any(),
  tags: Checks.record(Checks.string()),
  backend: Checks.instance(
    (value) => value instanceof StateBackend,
    "a StateBackend",
    "use StateBackend.s3(...), StateBackend.gcs(...) or StateBackend.local(...)",
  ),
  manageApis: Checks.boolean(),
};
