import { createHash } from "crypto";
import { DriftReport } from "../drift";
import { Location, PlanEntry } from "../report";
import { ReviewReport } from "../review";
import { driftWhat, short } from "./values";

const SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI = "https://www.npmjs.com/package/landform";

interface RuleSpec {
  readonly id: string;
  readonly title: string;
  readonly help: string;
  readonly level: "error" | "warning" | "note";
}

/** One rule per kind of finding. */
export const DRIFT_RULES: readonly RuleSpec[] = [
  {
    id: "drift",
    title: "Resource drifted from the code",
    level: "error",
    help: "Live infrastructure differs from what Git declares. Apply the code to restore it, or change the code to match, or accept it in the ignore file with a reason and an expiry date.",
  },
  {
    id: "drift-noise",
    title: "Provider noise, not drift",
    level: "note",
    help: "The only differences are ones the provider is known to report without a real change (see docs/drift.md, noise rules). Shown, never failing.",
  },
  {
    id: "incomplete-plan",
    title: "Plan is incomplete",
    level: "error",
    help: "Terraform stopped planning early (errors, or complete: false). Such a plan cannot show that anything is clean; fix the errors and plan again.",
  },
  {
    id: "expired-ignore",
    title: "Ignore past its expiry date",
    level: "warning",
    help: "An ignore's `until` date has passed, so the drift it accepted fails again. Renew it with a new date and reason, or fix the drift.",
  },
];

export const REVIEW_RULES: readonly RuleSpec[] = [
  {
    id: "stateful-destroy",
    title: "Deletes or replaces a stateful resource",
    level: "error",
    help: "The plan deletes or replaces a resource that holds data (database, bucket, disk, cluster, key, secret). Confirm it is intended and pass --allow-destroy with its address or construct path, or change the code so it is updated in place.",
  },
  {
    id: "destroy",
    title: "Deletes or replaces a resource",
    level: "warning",
    help: "The plan deletes or replaces this resource. Check that it is intended.",
  },
  {
    id: "move-hint",
    title: "Looks like a moved construct",
    level: "note",
    help: "A resource of the same type is deleted and another created in the same stack. If a construct was renamed or moved, add a moved block (moveFromId / moveTo in cdktf) so Terraform keeps the resource.",
  },
  DRIFT_RULES[2],
];

interface Result {
  readonly ruleId: string;
  readonly message: string;
  readonly location: Location;
  readonly address?: string;
  readonly properties: Record<string, unknown>;
  readonly suppression?: string;
}

export function formatDriftSarif(report: DriftReport, version = "0.0.0"): string {
  const results: Result[] = [];
  for (const d of report.drift) {
    const attrs = d.attributes
      .slice(0, 10)
      .map((a) => `${a.path}: ${short(a.before, 40)} -> ${short(a.after, 40)}`)
      .join("; ");
    results.push({
      ruleId: d.noise ? "drift-noise" : "drift",
      message: `${d.address}${d.constructPath ? ` (construct ${d.constructPath})` : ""} ${driftWhat(d)}${attrs ? `: ${attrs}` : ""}${d.noise ? ` [noise: ${d.noiseRule}]` : ""}`,
      location: d.location,
      address: d.address,
      properties: {
        stack: d.stack,
        constructPath: d.constructPath,
        actions: d.actions,
        attributes: d.attributes,
        plan: d.plan,
      },
      ...(d.ignored ? { suppression: d.reason ?? "" } : {}),
    });
  }
  results.push(...incompleteResults(report.plans));
  for (const e of report.expiredIgnores)
    results.push({
      ruleId: "expired-ignore",
      message: `${e.source} (${e.pattern}) expired on ${e.until}: ${e.reason}`,
      location: { file: e.source.replace(/ ignores\[\d+\]$/, ""), line: 1 },
      properties: { until: e.until },
    });
  return sarif("landform-drift", version, DRIFT_RULES, results);
}

export function formatReviewSarif(report: ReviewReport, version = "0.0.0"): string {
  const results: Result[] = [];
  for (const c of report.changes) {
    const props = {
      stack: c.stack,
      constructPath: c.constructPath,
      actions: c.actions,
      replacePaths: c.replacePaths,
      reason: c.reason,
      plan: c.plan,
    };
    const where = `${c.address}${c.constructPath ? ` (construct ${c.constructPath})` : ""}`;
    if (c.destructive)
      results.push({
        ruleId: c.stateful ? "stateful-destroy" : "destroy",
        message: `${where}: ${c.kind}${c.stateful ? ` of a stateful ${c.statefulKind}` : ""}${c.reason ? ` (${c.reason})` : ""}${c.replacePaths.length ? `; forced by ${c.replacePaths.join(", ")}` : ""}`,
        location: c.location,
        address: c.address,
        properties: props,
        ...(c.allowedBy ? { suppression: `allowed by --allow-destroy ${c.allowedBy}` } : {}),
      });
    if (c.moveHint && c.address === c.moveHint.from)
      results.push({
        ruleId: "move-hint",
        message: c.moveHint.message,
        location: c.location,
        address: c.address,
        properties: props,
      });
  }
  results.push(...incompleteResults(report.plans));
  return sarif("landform-plan-review", version, REVIEW_RULES, results);
}

function incompleteResults(plans: readonly PlanEntry[]): Result[] {
  return plans
    .filter((p) => !p.complete)
    .map((p) => ({
      ruleId: "incomplete-plan",
      message: `${p.file} (${p.stack}) is incomplete${p.errored ? ": Terraform reported errors while planning" : ""}${p.problems.length ? ` (${p.problems.join("; ")})` : ""}`,
      location: { file: p.file, line: 1 },
      properties: { stack: p.stack },
    }));
}

function sarif(name: string, version: string, rules: readonly RuleSpec[], results: Result[]): string {
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const doc = {
    $schema: SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name,
            version,
            semanticVersion: version,
            informationUri: INFORMATION_URI,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase()),
              shortDescription: { text: r.title },
              fullDescription: { text: r.help },
              help: { text: r.help, markdown: `**${r.title}**\n\n${r.help}` },
              defaultConfiguration: { level: r.level },
              properties: { tags: ["terraform", "landform", name] },
            })),
          },
        },
        results: results.map((r) => ({
          ruleId: r.ruleId,
          ruleIndex: index.get(r.ruleId),
          level: rules[index.get(r.ruleId)!].level,
          message: { text: r.message },
          locations: [
            {
              physicalLocation: { artifactLocation: { uri: r.location.file }, region: { startLine: r.location.line } },
              ...(r.address ? { logicalLocations: [{ fullyQualifiedName: r.address, kind: "resource" }] } : {}),
            },
          ],
          partialFingerprints: { "landformPlan/v1": fingerprint(r) },
          properties: r.properties,
          ...(r.suppression !== undefined
            ? { suppressions: [{ kind: "external", justification: r.suppression }] }
            : {}),
        })),
      },
    ],
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** Stable across runs: the kind, the stack and the resource, never values that change. */
function fingerprint(r: Result): string {
  return createHash("sha256")
    .update([r.ruleId, String(r.properties.stack ?? ""), r.address ?? r.location.file].join("\0"))
    .digest("hex")
    .slice(0, 32);
}
