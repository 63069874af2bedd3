import fs from "fs";

/** Terraform type prefix -> the prebuilt provider package that declares it. */
export const PROVIDER_PACKAGES: Readonly<Record<string, string>> = {
  aws: "@cdktf/provider-aws",
  github: "@cdktf/provider-github",
  google: "@cdktf/provider-google",
  helm: "@cdktf/provider-helm",
  kubernetes: "@cdktf/provider-kubernetes",
  random: "@cdktf/provider-random",
};

export type ElementKind = "provider" | "resource" | "data";

/** Where a provider class lives: `@cdktf/provider-aws/lib/vpc` exports `Vpc`. */
export interface ProviderClass {
  readonly module: string;
  readonly name: string;
  readonly ctor: { prototype: object };
  /** snake_case config key -> the camelCase property cdktf generated for it (escaped names included). */
  readonly keys: ReadonlyMap<string, string>;
  /** Keys whose value is a map (tags, labels, ...): its own keys are user data and stay as written. */
  readonly mapKeys: ReadonlySet<string>;
}

const cache = new Map<string, ProviderClass>();

/** Finds the class of a Terraform type by requiring its per-resource module (generation time only). */
export function providerClass(kind: ElementKind, tfType: string): ProviderClass {
  const key = `${kind}:${tfType}`;
  const known = cache.get(key);
  if (known) return known;
  const prefix = tfType.split("_")[0];
  const pkg = PROVIDER_PACKAGES[prefix];
  if (!pkg)
    throw new Error(`no prebuilt provider package known for Terraform type '${tfType}'; add it to PROVIDER_PACKAGES`);
  // aws_vpc -> lib/vpc, data aws_availability_zones -> lib/data-aws-availability-zones
  const dashed = tfType.replace(/_/g, "-");
  const dir = kind === "provider" ? "provider" : kind === "data" ? `data-${dashed}` : dashed.slice(prefix.length + 1);
  const module = `${pkg}/lib/${dir}`;
  const exports = require(module) as Record<string, unknown>;
  const found = Object.entries(exports).find(
    ([name, value]) =>
      typeof value === "function" &&
      (value as { tfResourceType?: string }).tfResourceType === tfType &&
      (kind !== "data" || name.startsWith("Data")),
  );
  if (!found) throw new Error(`${module} exports no class for ${kind} '${tfType}'`);
  const { keys, mapKeys } = configKeys(require.resolve(module));
  const result: ProviderClass = { module, name: found[0], ctor: found[1] as { prototype: object }, keys, mapKeys };
  cache.set(key, result);
  return result;
}

/**
 * Reads the module's `*ToTerraform` mappers (`cidr_block: cdktf.stringToTerraform(this._cidrBlock)`)
 * for the exact property name of each key and which keys are maps (`cdktf.hashMapper(...)`).
 */
function configKeys(file: string): { keys: Map<string, string>; mapKeys: Set<string> } {
  const source = fs
    .readFileSync(file, "utf8")
    // The HCL mappers nest values under `value:` and would teach wrong names.
    .replace(/function \w+ToHclTerraform\([\s\S]*?\n}\n/g, "")
    .replace(/synthesizeHclAttributes\(\) \{[\s\S]*?\n {4}}\n/g, "");
  const keys = new Map<string, string>();
  const mapKeys = new Set<string>();
  for (const m of source.matchAll(/^\s+([a-z0-9_]+): (.*(?:this\._|struct!?\.)(\w+)\b.*)$/gm)) {
    keys.set(m[1], m[3]);
    if (/^cdktf\.hashMapper\(/.test(m[2])) mapKeys.add(m[1]);
  }
  return { keys, mapKeys };
}

/**
 * The `exports.<namespace> = require("./<dir>")` lines of a provider package's root index: how a
 * root import (`import * as aws` of the package) names each per-resource module.
 */
export function rootNamespaces(pkg: string): Map<string, string> {
  const index = fs.readFileSync(require.resolve(`${pkg}/lib/index.js`), "utf8");
  const out = new Map<string, string>();
  for (const m of index.matchAll(/exports\.(\w+) = require\("\.\/([\w-]+)"\)/g)) out.set(`${pkg}/lib/${m[2]}`, m[1]);
  return out;
}
