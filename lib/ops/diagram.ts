/** What a picture of the stack graph shows of a stack. */
export interface DiagramStack {
  readonly name: string;
  readonly dependsOn: readonly string[];
  readonly cloud?: string;
  readonly environment?: string;
  readonly resources: readonly unknown[] | number;
}

/**
 * The stack graph as a Mermaid flowchart (GitHub renders it in markdown and job summaries):
 * stacks grouped by environment, labelled with cloud and resource count, arrows from a stack
 * to those that depend on it (the order of apply).
 */
export function mermaid(stacks: readonly DiagramStack[]): string {
  const id = new Map(stacks.map((s, i) => [s.name, `s${i}`]));
  const node = (s: DiagramStack) => `${id.get(s.name)}["${escapeMermaid(s.name)}<br/>${escapeMermaid(label(s))}"]`;
  const lines = ["flowchart LR"];
  groups(stacks).forEach(([environment, members], i) => {
    if (environment === undefined) members.forEach((s) => lines.push(`  ${node(s)}`));
    else {
      lines.push(`  subgraph env${i}["${escapeMermaid(environment)}"]`);
      members.forEach((s) => lines.push(`    ${node(s)}`));
      lines.push("  end");
    }
  });
  for (const [from, to] of edges(stacks)) lines.push(`  ${id.get(from)} --> ${id.get(to)}`);
  return `${lines.join("\n")}\n`;
}

/** The stack graph in Graphviz DOT, grouped and labelled as {@link mermaid} does. */
export function dot(stacks: readonly DiagramStack[]): string {
  const node = (s: DiagramStack) => `${quote(s.name)} [label=${quote(`${s.name}\n${label(s)}`)}];`;
  const lines = ["digraph stacks {", "  rankdir=LR;", "  node [shape=box];"];
  groups(stacks).forEach(([environment, members], i) => {
    if (environment === undefined) members.forEach((s) => lines.push(`  ${node(s)}`));
    else {
      lines.push(`  subgraph cluster_${i} {`, `    label=${quote(environment)};`);
      members.forEach((s) => lines.push(`    ${node(s)}`));
      lines.push("  }");
    }
  });
  for (const [from, to] of edges(stacks)) lines.push(`  ${quote(from)} -> ${quote(to)};`);
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

function label(s: DiagramStack): string {
  const count = typeof s.resources === "number" ? s.resources : s.resources.length;
  return `${s.cloud ?? "no cloud"}, ${count} resource${count === 1 ? "" : "s"}`;
}

/** Stacks by environment, environments sorted, stacks without one last. */
function groups(stacks: readonly DiagramStack[]): [string | undefined, DiagramStack[]][] {
  const by = new Map<string | undefined, DiagramStack[]>();
  for (const s of [...stacks].sort((a, b) => compare(a.name, b.name)))
    by.set(s.environment, [...(by.get(s.environment) ?? []), s]);
  return [...by.entries()].sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : compare(a, b)));
}

/** [dependency, dependent] pairs, sorted. */
function edges(stacks: readonly DiagramStack[]): [string, string][] {
  return stacks
    .flatMap((s) => s.dependsOn.map((d): [string, string] => [d, s.name]))
    .sort((a, b) => compare(a[0], b[0]) || compare(a[1], b[1]));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Mermaid labels take HTML entities; quotes and angle brackets would end or break the label. */
function escapeMermaid(text: string): string {
  return text.replace(/[&"<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}

function quote(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
}
