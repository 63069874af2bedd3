import { TerraformBackend, TerraformOutput, TerraformStack, TerraformVariable, Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import { Cloud, CLOUDS } from "../core/cloud";
import { checkEnvironment, TERRAFORM_VERSION } from "../core/cloud-stack";
import { isProductionEnvironment } from "../core/environment";
import { invalidConfig, invalidProp } from "../core/errors";
import { NameRule, nameFromParts, nameParts } from "../core/naming";
import { targetFor } from "../core/registry";
import { STACK_MARK, StackInfo } from "../core/stack-info";
import { quietStackTraces } from "../core/stack-traces";
import { Checks, PropRules, validateAllProps } from "../core/validate";
import { regexMatch } from "./validation";

/** What `module package` reads from a module's JSON besides Terraform's own blocks. */
export interface ModuleInfo {
  readonly cloud: Cloud;
  readonly description: string;
  /** Props that shape the resources, chosen when the module was packaged. */
  readonly fixed: Readonly<Record<string, string | number | boolean>>;
  /** A value for each input without a default, for the generated example. */
  readonly examples: Readonly<Record<string, unknown>>;
}

/** The key under the JSON's `//` comment that holds the ModuleInfo. */
export const MODULE_INFO_KEY = "landform_module";

export interface ModuleStackProps {
  /** The one cloud the module's resources are on. */
  readonly cloud: Cloud;
  /** What the module makes, in a sentence or two: the first paragraph of its README. */
  readonly description: string;
  /**
   * The environment the module's defaults are chosen for (production turns on high availability,
   * longer backups, deletion protection). Fixed at package time.
   */
  readonly environment: string;
  /** @default - true when environment is "prod" or "production" */
  readonly production?: boolean;
  /**
   * Props that shape the module's resources, listed in the README as fixed at package time, e.g.
   * `{ engine: "postgres", zones: 3 }`. @default - none listed
   */
  readonly fixed?: Record<string, string | number | boolean>;
}

/** One input of the module: a `variable` block. Type and description are required. */
export interface ModuleInput {
  /** A Terraform type constraint, e.g. `string`, `number`, `list(string)`. */
  readonly type: string;
  readonly description: string;
  /** @default - none: the caller must set it */
  readonly default?: unknown;
  /** A value for the generated example; required when there is no default. */
  readonly example?: unknown;
  readonly validation?: { condition: string; errorMessage: string }[];
  /** @default false */
  readonly sensitive?: boolean;
}

/** One output of the module: an `output` block. The description is required. */
export interface ModuleOutput {
  readonly value: unknown;
  readonly description: string;
  /** @default false */
  readonly sensitive?: boolean;
}

/** Longest `name` input; resource names keep the rest of their cloud's limit for the path. */
export const NAME_MAX = 20;
const NAME = /^[a-z][a-z0-9-]*$/;
/** Room kept in a name for a region given as a token (the longest regions are 23 characters). */
const TOKEN_SUFFIX_MAX = 25;

/**
 * A stack that synthesizes a Terraform module: no provider block and no backend (a module takes
 * both from its caller), its `input`s and `output`s the module's interface. Landform constructs
 * live in it as in a CloudStack. Every physical name starts with the `name` input, so one caller
 * can use the module twice; the region comes from the caller (`configureModule` of the cloud).
 * Default tags (AWS) and labels (GCP) are set on a provider, so in a module they are the caller's.
 */
export class ModuleStack extends TerraformStack implements StackInfo {
  /** @internal */
  static readonly landformKind = "ModuleStack";

  readonly cloud: Cloud;
  readonly region: string;
  readonly environment: string;
  readonly production: boolean;
  /** The caller's provider applies its default tags; the module adds none of its own. */
  readonly tags: Readonly<Record<string, string>> = {};
  /** Enabling project APIs is the caller's business. */
  readonly manageApis = false;
  readonly stackName: string;
  /** The `name` input: the start of every physical name. */
  readonly name: string;
  private readonly info: { description: string; fixed: Record<string, string | number | boolean> };
  private readonly examples: Record<string, unknown> = {};

  constructor(scope: Construct, id: string, props: ModuleStackProps) {
    super(scope, id);
    Object.defineProperty(this, STACK_MARK, { value: true });
    quietStackTraces(this);
    validateAllProps<ModuleStackProps>(this, props, MODULE_RULES);
    this.stackName = id;
    this.cloud = props.cloud;
    this.environment = props.environment;
    this.production = props.production ?? isProductionEnvironment(props.environment);
    this.info = { description: props.description, fixed: { ...props.fixed } };
    this.addOverride("terraform.required_version", TERRAFORM_VERSION);

    this.name = this.input("name", {
      type: "string",
      description: `The start of every resource name: 1-${NAME_MAX} lowercase letters, digits and dashes, starting with a letter. Unique per use of the module.`,
      example: "example",
      validation: [
        {
          condition: `\${length(var.name) <= ${NAME_MAX} && ${regexMatch("name", NAME)}}`,
          errorMessage: `name must be 1-${NAME_MAX} lowercase letters, digits and dashes, starting with a letter.`,
        },
      ],
    }).stringValue;
    const configureModule = targetFor(props.cloud).stack.configureModule;
    if (!configureModule) {
      throw invalidProp(this, "cloud", props.cloud, "has no module support yet", "build the module on another cloud");
    }
    const configured = configureModule(this);
    this.region = configured.region;
    Object.assign(this.examples, configured.examples);
  }

  /** Declares an input of the module. */
  input(id: string, options: ModuleInput): TerraformVariable {
    checkName(this, "input", id);
    validateAllProps<ModuleInput>(this, options, INPUT_RULES, `input ${id}.`);
    if (options.default === undefined) {
      if (options.example === undefined) {
        throw invalidProp(
          this,
          `input ${id}.example`,
          undefined,
          "is missing for an input without a default",
          "give an example value for the generated examples/basic",
        );
      }
      this.examples[id] = options.example;
    }
    return new TerraformVariable(this, id, {
      type: options.type,
      description: options.description,
      default: options.default,
      validation: options.validation,
      sensitive: options.sensitive,
      nullable: false,
    });
  }

  /** Declares an output of the module. */
  output(id: string, options: ModuleOutput): TerraformOutput {
    checkName(this, "output", id);
    validateAllProps<ModuleOutput>(this, options, OUTPUT_RULES, `output ${id}.`);
    return new TerraformOutput(this, id, options);
  }

  /** `<name input>-<path below the stack>[-suffix]`, within the rule's limit whatever the name. */
  nameFor(scope: IConstruct, rule: NameRule, suffix?: string): string {
    const ids = nameParts(scope, this);
    const tokenSuffix = suffix !== undefined && Token.isUnresolved(suffix);
    if (suffix && !tokenSuffix) ids.push(suffix);
    const room = rule.maxLength - NAME_MAX - 1 - (tokenSuffix ? TOKEN_SUFFIX_MAX + 1 : 0);
    // When only the hash fits, nameFromParts starts with "-": the join adds its own.
    const rest =
      ids.length > 0 ? nameFromParts(ids, { ...rule, maxLength: room, startWithLetter: false }).replace(/^-+/, "") : "";
    return [this.name, rest, tokenSuffix ? suffix : ""].filter((part) => part !== "").join("-");
  }

  /** @internal Refuses a backend before cdktf adds its default local one, then removes that. */
  prepareStack(): void {
    const backend = this.node.findAll().find((c) => TerraformBackend.isBackend(c));
    if (backend) throw configures(this, `a backend ('${backend.node.path}')`);
    super.prepareStack();
    this.node.tryRemoveChild("backend");
  }

  /** @internal The module's JSON: provider blocks that configure nothing are dropped. */
  toTerraform(): any {
    const tf = super.toTerraform();
    const backend = tf.terraform?.backend ?? tf.terraform?.cloud;
    if (backend) throw configures(this, `a backend (${Object.keys(backend).join(", ") || "cloud"})`);
    for (const [name, blocks] of Object.entries((tf.provider ?? {}) as Record<string, object[]>)) {
      const set = blocks.flatMap((b) => Object.keys(b));
      if (set.length > 0) throw configures(this, `the ${name} provider (${set.join(", ")})`);
    }
    delete tf.provider;
    for (const [id, v] of Object.entries((tf.variable ?? {}) as Record<string, Record<string, unknown>>)) {
      if (!v.type || !v.description) {
        throw invalidConfig(
          this,
          `variable '${id}' has no ${v.type ? "description" : "type"}`,
          "declare it with stack.input(...)",
        );
      }
    }
    for (const [id, o] of Object.entries((tf.output ?? {}) as Record<string, Record<string, unknown>>)) {
      if (!o.description)
        throw invalidConfig(this, `output '${id}' has no description`, "declare it with stack.output(...)");
    }
    const info: ModuleInfo = { cloud: this.cloud, ...this.info, examples: { ...this.examples } };
    tf["//"] = { ...tf["//"], [MODULE_INFO_KEY]: info };
    return tf;
  }
}

function configures(stack: ModuleStack, what: string) {
  return invalidConfig(
    stack,
    `configures ${what}, but a module takes its providers and its state backend from its caller`,
    "remove it; the caller passes providers to the module block",
  );
}

const isPlain = (v: unknown) =>
  typeof v === "string" || typeof v === "boolean" || (typeof v === "number" && Number.isFinite(v));

/** Text that must say something: "" and spaces are refused with `hint` as the fix. */
const text = (hint: string) => Checks.required(Checks.string({ pattern: /\S/, hint }));

const MODULE_RULES: PropRules<ModuleStackProps> = {
  cloud: Checks.required(Checks.oneOf(CLOUDS)),
  description: text("a sentence or two saying what the module makes"),
  environment: (scope, _prop, value) => checkEnvironment(scope, value, undefined),
  production: Checks.boolean(),
  fixed: Checks.record(Checks.instance(isPlain, "a string, number or boolean", "list plain values")),
};

// Terraform's identifiers (hclsyntax), less the names a module block or Terraform itself reserves
// (configs/named_values.go, module_call.go).
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const RESERVED = ["source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"];

const VALIDATION_RULES: PropRules<{ condition: string; errorMessage: string }> = {
  condition: text('a Terraform expression over the variable, e.g. "${length(var.name) <= 20}"'),
  errorMessage: text("a sentence saying what a valid value is"),
};

const INPUT_RULES: PropRules<ModuleInput> = {
  type: text("a Terraform type constraint, e.g. string, number or list(string)"),
  description: text("a sentence saying what the input sets"),
  default: Checks.any(),
  example: Checks.any(),
  validation: Checks.list(Checks.object(VALIDATION_RULES), {
    unique: (v) => (v as { condition: string }).condition,
  }),
  sensitive: Checks.boolean(),
};

const OUTPUT_RULES: PropRules<ModuleOutput> = {
  value: Checks.required(Checks.any()),
  description: text("a sentence saying what the output holds"),
  sensitive: Checks.boolean(),
};

/** An input or output name Terraform accepts, not yet used in `stack`. */
function checkName(stack: ModuleStack, what: "input" | "output", id: unknown): void {
  if (typeof id !== "string" || !IDENTIFIER.test(id)) {
    throw invalidProp(
      stack,
      what,
      id,
      "is not a Terraform name",
      "start with a letter or underscore, then letters, digits, underscores and dashes",
    );
  }
  if (what === "input" && RESERVED.includes(id)) {
    throw invalidProp(
      stack,
      what,
      id,
      "is reserved by Terraform's module block",
      `use another name than ${RESERVED.join(", ")}`,
    );
  }
  const other = stack.node.tryFindChild(id);
  if (other) {
    throw invalidProp(
      stack,
      what,
      id,
      `is taken by '${other.node.path}'${id === "name" ? " (every module has a name input)" : ""}`,
      `give each ${what} its own name`,
    );
  }
}
