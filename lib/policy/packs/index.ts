import { PolicyInputError } from "../errors";
import { Pack } from "../rule";
import { allowedRegionsPack } from "./allowed-regions";
import { allowedSizesPack } from "./allowed-sizes";
import { baselinePack } from "./baseline";
import { kubernetesPack } from "./kubernetes";
import { requiredTagsPack } from "./required-tags";

/** Built-in packs by name. Configurable ones take their options (from `landform.policy.json`'s `packs` on the CLI). */
export const BUILTIN_PACKS: Record<string, (options: unknown) => Pack> = {
  baseline: () => baselinePack,
  "allowed-regions": (o) => allowedRegionsPack(o as Parameters<typeof allowedRegionsPack>[0]),
  "allowed-sizes": (o) => allowedSizesPack(o as Parameters<typeof allowedSizesPack>[0]),
  "required-tags": (o) => requiredTagsPack(o as Parameters<typeof requiredTagsPack>[0]),
  kubernetes: () => kubernetesPack,
};

/** A built-in pack by name, configured with `options`; throws a PolicyInputError naming the known packs. */
export function builtinPack(name: string, options?: unknown): Pack {
  const make = Object.hasOwn(BUILTIN_PACKS, name) ? BUILTIN_PACKS[name] : undefined;
  if (!make)
    throw new PolicyInputError({
      problem: `unknown pack "${name}"`,
      fix: `built-in packs are ${Object.keys(BUILTIN_PACKS).join(", ")}, or give a module path such as ./policy/my-pack.js`,
    });
  if (name !== "baseline" && name !== "kubernetes" && options === undefined) {
    throw new PolicyInputError({
      problem: `pack "${name}" needs options`,
      fix: `set them under "packs": { "${name}": { ... } } in the policy config file (--config)`,
    });
  }
  return make(options ?? {});
}
