import type { ModuleParts, PackageOptions } from "./package";

// What the example's provider block needs on each registry provider; the values are placeholders.
const PROVIDER_SETTINGS: Readonly<Record<string, Record<string, string>>> = {
  aws: { region: "eu-west-1" },
  google: { project: "my-project", region: "europe-west1" },
};

/** `examples/basic/main.tf`: the module called with an example value for every required input. */
export function exampleMain(parts: ModuleParts, options: PackageOptions): string {
  const providers = Object.entries(parts.terraform.required_providers).map(([name, p]) =>
    block(`${name} =`, attributes({ source: p.source, version: p.version }), 4),
  );
  const terraform = [
    ...(parts.terraform.required_version
      ? [`  required_version = ${hcl(parts.terraform.required_version, 2)}`, ""]
      : []),
    "  required_providers {",
    ...providers,
    "  }",
  ];
  const setting = PROVIDER_SETTINGS[options.provider] ?? {};
  const inputs = attributes(parts.info.examples);
  return [
    "terraform {",
    ...terraform,
    "}",
    "",
    `provider "${options.provider}" {`,
    ...attributes(setting).map((l) => `  ${l}`),
    "}",
    "",
    `module "${options.name.replace(/-/g, "_")}" {`,
    '  source = "../.."',
    ...(inputs.length > 0 ? ["", ...inputs.map((l) => `  ${l}`)] : []),
    "}",
    "",
  ].join("\n");
}

function block(head: string, lines: string[], indent: number): string {
  const pad = " ".repeat(indent);
  return [`${pad}${head} {`, ...lines.map((l) => `${pad}  ${l}`), `${pad}}`].join("\n");
}

/** `key = value` lines with the `=` aligned, as `terraform fmt` writes consecutive attributes. */
export function attributes(values: Readonly<Record<string, unknown>>): string[] {
  const keys = Object.keys(values);
  const width = Math.max(0, ...keys.map((k) => k.length));
  return keys.map((k) => `${k.padEnd(width)} = ${hcl(values[k], 0)}`);
}

/** An HCL literal for a JSON value: strings, numbers, booleans, lists and objects. */
export function hcl(value: unknown, indent: number): string {
  if (typeof value === "string") return JSON.stringify(value).replace(/\$\{/g, "$${").replace(/%\{/g, "%%{");
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (value === null) return "null";
  if (Array.isArray(value)) return `[${value.map((v) => hcl(v, indent)).join(", ")}]`;
  if (typeof value === "object") {
    const lines = attributes(value as Record<string, unknown>);
    if (lines.length === 0) return "{}";
    const pad = " ".repeat(indent);
    return ["{", ...lines.map((l) => `${pad}  ${l}`), `${pad}}`].join("\n");
  }
  throw new Error(`hcl: cannot write ${typeof value}`);
}
