import { dot, mermaid } from "../../ops/diagram";
import { StackGraph } from "../stack-graph";

export const GRAPH_FORMATS = ["mermaid", "dot", "json"] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

export function graphView(graph: StackGraph, format: GraphFormat): string {
  if (format === "mermaid") return mermaid(graph.stacks);
  if (format === "dot") return dot(graph.stacks);
  const stacks = graph.stacks.map((s) => ({
    name: s.name,
    cloud: s.cloud ?? null,
    environment: s.environment ?? null,
    resources: s.resources.length,
    wave: graph.wave.get(s.name)!,
  }));
  const edges = graph.stacks.flatMap((s) => [...s.dependsOn].sort().map((d) => ({ stack: s.name, dependsOn: d })));
  return `${JSON.stringify({ stacks, edges, waves: graph.waves }, null, 2)}\n`;
}
