import { PROVIDER_PACKAGES, rootNamespaces } from "./provider-modules";

/**
 * The plain program as a typical cdktf project writes it: provider classes through the package
 * roots (`import * as aws` from the aws provider package, then `new aws.vpc.Vpc(...)`). Generated at
 * bench time into bench/out/, which lint and tsc skip, since the lint rule forbids root imports.
 */
export function withRootImports(perResource: string): string {
  const aliases = new Map(Object.entries(PROVIDER_PACKAGES).map(([alias, pkg]) => [pkg, alias]));
  const namespaces = new Map<string, Map<string, string>>();
  const used = new Set<string>();
  const renames = new Map<string, string>();
  // Type-checked like a real project's code (ts-node reports the errors and runs on: logError).
  const lines = perResource
    .split("\n")
    .filter((line) => line !== "// @ts-nocheck")
    .filter((line) => {
      const m = /^import \{ (\w+) \} from "(@cdktf\/provider-[a-z-]+)\/(lib\/[\w-]+)";$/.exec(line);
      if (!m) return true;
      const [, name, pkg, lib] = m;
      if (!namespaces.has(pkg)) namespaces.set(pkg, rootNamespaces(pkg));
      const namespace = namespaces.get(pkg)!.get(`${pkg}/${lib}`);
      if (!namespace) throw new Error(`${pkg} has no root export for ${lib}`);
      renames.set(name, `${aliases.get(pkg)}.${namespace}.${name}`);
      used.add(pkg);
      return false;
    });
  const header = [...used].sort().map((pkg) => `import * as ${aliases.get(pkg)} from "${pkg}";`);
  const body = lines
    .join("\n")
    .replace(/\bnew (\w+)\(/g, (whole, name: string) => (renames.has(name) ? `new ${renames.get(name)}(` : whole));
  const firstImport = lines.findIndex((l) => l.startsWith("import "));
  const out = body.split("\n");
  out.splice(firstImport, 0, ...header);
  return [
    "// Root-import variant of bench/plain/platform.ts, written by bench/run.ts (bench/root-imports.ts).",
    ...out,
  ].join("\n");
}
