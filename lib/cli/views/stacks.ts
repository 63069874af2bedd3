import { StackGraph } from "../stack-graph";
import { table } from "../table";

/** One row per stack, in wave order. */
function rows(graph: StackGraph) {
  return graph.stacks.map((s) => ({
    name: s.name,
    cloud: s.cloud ?? null,
    region: s.region ?? null,
    environment: s.environment ?? null,
    resources: s.resources.length,
    dependsOn: [...s.dependsOn].sort(),
    wave: graph.wave.get(s.name)!,
  }));
}

export function stacksJson(graph: StackGraph): string {
  return `${JSON.stringify({ stacks: rows(graph), waves: graph.waves }, null, 2)}\n`;
}

export function stacksText(graph: StackGraph, bold: (text: string) => string): string {
  const all = rows(graph);
  const cells = all.map((r) => [
    r.name,
    r.cloud ?? "-",
    r.region ?? "-",
    r.environment ?? "-",
    String(r.resources),
    String(r.wave),
    r.dependsOn.join(", ") || "-",
  ]);
  const head = ["STACK", "CLOUD", "REGION", "ENVIRONMENT", "RESOURCES", "WAVE", "DEPENDS ON"];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
  return `${table(head, cells, bold)}\n${count(all.length, "stack")} in ${count(graph.waves.length, "wave")}\n`;
}
