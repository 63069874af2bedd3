import { InputError } from "../ops/errors";
import { isObject } from "../ops/json";
import { MODULE_INFO_KEY, ModuleInfo } from "./module-stack";
import { moduleReadme } from "./readme";
import { ArchiveFile } from "./tar";
import { exampleMain } from "./example";

export interface PackageOptions {
  /** The module's registry name, e.g. `database`. */
  readonly name: string;
  /** The registry's provider name, e.g. `aws` or `google`. */
  readonly provider: string;
  /** The module version, semver. */
  readonly version: string;
}

/** A module's Terraform JSON, split the way the registry's standard layout expects. */
export interface ModuleParts {
  readonly stack: string;
  readonly info: ModuleInfo;
  readonly main: Record<string, unknown>;
  readonly variables: Record<string, Record<string, unknown>>;
  readonly outputs: Record<string, Record<string, unknown>>;
  readonly terraform: {
    required_version?: string;
    required_providers: Record<string, { source: string; version: string }>;
  };
}

// terraform internal/registry/regsrc/module.go: nameSubRe and providerSubRe.
const NAME = /^[0-9A-Za-z](?:[0-9A-Za-z_-]{0,62}[0-9A-Za-z])?$/;
const PROVIDER = /^[0-9a-z]{1,64}$/;
// semver.org, section "Is there a suggested regular expression".
const SEMVER =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;

/** The registry's folder name for a module, `terraform-<provider>-<name>`. */
export function moduleFolder(options: PackageOptions): string {
  return `terraform-${options.provider}-${options.name}`;
}

/** The JSON of the stack named `name` among the synthesized stacks: the ModuleStack to package. */
export function moduleStackJson(stacks: readonly { name: string; json: unknown }[], name: string): unknown {
  const stack = stacks.find((s) => s.name === name);
  if (!stack)
    throw new InputError({
      problem: `no stack '${name}' in the synthesized output`,
      fix: `its stacks are ${stacks.map((s) => s.name).join(", ") || "none"}`,
    });
  return stack.json;
}

/** The files of the registry layout, under `terraform-<provider>-<name>/`, sorted by path. */
export function moduleFiles(stack: string, json: unknown, options: PackageOptions): ArchiveFile[] {
  checkOptions(options);
  const parts = moduleParts(stack, json);
  if (!(options.provider in parts.terraform.required_providers)) {
    throw new InputError({
      prop: "--provider",
      value: options.provider,
      problem: `is not a provider of stack '${stack}', which uses ${Object.keys(parts.terraform.required_providers).join(", ")}`,
      fix: "give the provider its resources are on",
    });
  }
  const dir = moduleFolder(options);
  const text = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  const files: ArchiveFile[] = [
    { path: `${dir}/main.tf.json`, text: text(parts.main) },
    { path: `${dir}/variables.tf.json`, text: text({ variable: parts.variables }) },
    { path: `${dir}/outputs.tf.json`, text: text({ output: parts.outputs }) },
    { path: `${dir}/versions.tf.json`, text: text({ terraform: parts.terraform }) },
    { path: `${dir}/README.md`, text: moduleReadme(parts, options) },
    { path: `${dir}/examples/basic/main.tf`, text: exampleMain(parts, options) },
  ];
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

function checkOptions(o: PackageOptions): void {
  if (!PROVIDER.test(o.provider)) {
    throw new InputError({
      prop: "--provider",
      value: o.provider,
      problem: "is not a provider name the Terraform registry accepts",
      fix: "use lowercase letters and digits, e.g. aws or google",
    });
  }
  if (!NAME.test(o.name)) {
    throw new InputError({
      prop: "--name",
      value: o.name,
      problem: "is not a module name the Terraform registry accepts",
      fix: 'use 1-64 letters, digits, "-" and "_", starting and ending with a letter or digit, e.g. database',
    });
  }
  if (!SEMVER.test(o.version)) {
    throw new InputError({
      prop: "--version",
      value: o.version,
      problem: "is not a semantic version",
      fix: "use MAJOR.MINOR.PATCH without a leading v, e.g. 1.0.0",
    });
  }
}

/** The stack's JSON checked as a module and split into its parts. */
export function moduleParts(stack: string, json: unknown): ModuleParts {
  const bad = (problem: string, fix: string) => new InputError({ problem: `stack '${stack}' ${problem}`, fix });
  if (!isObject(json)) throw bad("is not a Terraform JSON object", "synthesize it again");
  const { "//": comment, terraform, provider, variable, output, ...main } = json;
  const settings = (isObject(terraform) ? terraform : {}) as Record<string, unknown>;
  const configured = [
    ...(provider !== undefined ? [`a provider (${Object.keys(provider as object).join(", ")})`] : []),
    ...(settings.backend !== undefined || settings.cloud !== undefined ? ["a backend"] : []),
  ];
  if (configured.length > 0) {
    throw bad(
      `configures ${configured.join(" and ")}, but a module takes both from its caller`,
      "build it as a ModuleStack (landform/modules), which writes neither",
    );
  }
  const info = isObject(comment) ? (comment as Record<string, unknown>)[MODULE_INFO_KEY] : undefined;
  if (!isObject(info)) {
    throw bad(
      "was not synthesized from a ModuleStack (no module description in its JSON)",
      "build it as a ModuleStack",
    );
  }
  const variables = (isObject(variable) ? variable : {}) as ModuleParts["variables"];
  for (const [id, v] of Object.entries(variables)) {
    for (const key of ["type", "description"]) {
      if (typeof v[key] !== "string" || v[key] === "")
        throw bad(`has a variable '${id}' with no ${key}`, `give it a ${key}`);
    }
  }
  const outputs = (isObject(output) ? output : {}) as ModuleParts["outputs"];
  for (const [id, o] of Object.entries(outputs)) {
    if (typeof o.description !== "string" || o.description === "") {
      throw bad(`has an output '${id}' with no description`, "give it a description");
    }
  }
  const required = (isObject(settings.required_providers) ? settings.required_providers : {}) as Record<
    string,
    { source: string; version: string }
  >;
  // cdktf pins the exact version its bindings were built from; a module accepts that one or newer.
  // It writes the bare type name for hashicorp's providers, which a registry page shows in full.
  const providers = Object.fromEntries(
    Object.entries(required).map(([name, p]) => [
      name,
      { source: p.source.includes("/") ? p.source : `hashicorp/${p.source}`, version: atLeast(p.version) },
    ]),
  );
  return {
    stack,
    info: info as unknown as ModuleInfo,
    main,
    variables,
    outputs,
    terraform: { required_version: settings.required_version as string | undefined, required_providers: providers },
  };
}

function atLeast(version: string): string {
  return /^\d+\.\d+\.\d+$/.test(version) ? `>= ${version}` : version;
}
