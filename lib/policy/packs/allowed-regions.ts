import { isReference } from "../attributes";
import { PolicyInputError } from "../errors";
import { Pack, PolicyResource, Severity } from "../rule";

export interface AllowedRegionsPackOptions {
  /** Regions (or GCP multi-region locations such as `EU`) resources may live in, e.g. `["eu-west-1", "europe-west1"]`. */
  readonly regions: readonly string[];
  /** @default "error" */
  readonly severity?: Severity;
}

/** The region of a zone: `eu-west-1a` -> `eu-west-1`, `europe-west1-b` -> `europe-west1`. */
export function regionOfZone(zone: string): string {
  if (/^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone)) return zone.slice(0, zone.lastIndexOf("-"));
  if (/^[a-z]{2}(-[a-z]+)+-\d[a-z]$/.test(zone)) return zone.slice(0, -1);
  return zone;
}

/** Literal places a block names: a provider's or resource's region, zone or (GCP) location. */
function placesOf(r: PolicyResource): { attribute: string; region: string }[] {
  const out: { attribute: string; region: string }[] = [];
  for (const attribute of ["region", "zone", "location"]) {
    if (attribute === "location" && !r.type.startsWith("google") && r.kind === "resource") continue;
    const value = r.attributes[attribute];
    if (typeof value !== "string" || value === "" || isReference(value)) continue;
    out.push({ attribute, region: attribute === "region" ? value : regionOfZone(value) });
  }
  return out;
}

/** A cost/sovereignty guardrail: providers and resources only in the listed regions (rule `allowed-regions`). */
export function allowedRegionsPack(options: AllowedRegionsPackOptions): Pack {
  if (!Array.isArray(options?.regions) || options.regions.length === 0) {
    throw new PolicyInputError({
      source: "allowed-regions pack",
      problem: '"regions" must be a non-empty list, e.g. ["eu-west-1", "europe-west1"]',
    });
  }
  const allowed = new Set(options.regions.map((r) => r.toLowerCase()));
  return {
    name: "allowed-regions",
    description: `Resources live only in ${options.regions.join(", ")}.`,
    rules: [
      {
        id: "allowed-regions",
        severity: options.severity ?? "error",
        title: "Resources live only in allowed regions",
        rationale:
          "Data residency and cost rules limit where infrastructure may run; a stray region is also a blind spot for monitoring.",
        remediation: `Use one of the allowed regions: ${options.regions.join(", ")}.`,
        kinds: ["resource", "provider"],
        check: (r) =>
          placesOf(r)
            .filter((p) => !allowed.has(p.region.toLowerCase()))
            .map((p) => `${p.attribute} "${String(r.attributes[p.attribute])}" is outside the allowed regions`),
      },
    ],
  };
}
