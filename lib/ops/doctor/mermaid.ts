import { Finding } from "../../findings/finding";
import { identityKey } from "./identity";
import { Loop } from "./loop";

/**
 * The delivery loop as a Mermaid flowchart: each stack -> its appliers and plan jobs (a workflow
 * job or an agent object) -> the identity each runs as, and the runner it runs on. An identity
 * shared by several appliers is one node. The stacks and appliers an error names are red (class `broken`).
 */
export function loopMermaid(loop: Loop, findings: readonly Finding[] = []): string {
  const ids = new Map<string, string>();
  const lines = ["flowchart LR"];
  const node = (key: string, label: string, shape: [string, string]) => {
    let id = ids.get(key);
    if (id === undefined) {
      id = `n${ids.size}`;
      ids.set(key, id);
      lines.push(`  ${id}${shape[0]}"${escape(label)}"${shape[1]}`);
    }
    return id;
  };
  const broken = new Set<string>();
  const errors = findings.filter((f) => !f.suppressed && f.severity === "error");
  for (const f of errors) broken.add(`stack:${f.stack}`);
  const edges = new Set<string>();
  const edge = (from: string, to: string, label?: string) =>
    edges.add(`  ${from} -->${label ? `|${escape(label)}|` : ""} ${to}`);
  for (const s of loop.stacks) node(`stack:${s.name}`, s.name, ["[", "]"]);
  for (const a of loop.appliers) {
    const stack = ids.get(`stack:${a.stack}`)!;
    const applier = node(`applier:${a.id}`, a.id, ["(", ")"]);
    edge(stack, applier, a.role);
    if (errors.some((f) => f.stack === a.stack && f.address.startsWith(a.id))) broken.add(`applier:${a.id}`);
    const runner = node(`runner:${a.runner.name}`, `runner ${a.runner.name}`, ["[/", "/]"]);
    if (a.identity !== undefined) {
      const key = `identity:${identityKey(a.identity)}`;
      edge(applier, node(key, `${a.identity.kind} ${a.identity.name}`, ["{{", "}}"]), "as");
    }
    edge(applier, runner, "on");
  }
  lines.push(...[...edges].sort(byNodes));
  lines.push("  classDef broken fill:#fdd,stroke:#c00,color:#600");
  const red = [...broken].map((k) => ids.get(k)).filter((id): id is string => id !== undefined);
  if (red.length > 0) lines.push(`  class ${red.join(",")} broken`);
  return `${lines.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/[&"<>#|]/g, (c) => `#${c.charCodeAt(0)};`);
}

/** Edges in node order (`n2` before `n10`), so the text reads like the picture. */
function byNodes(a: string, b: string): number {
  const nums = (e: string) => [...e.matchAll(/\bn(\d+)\b/g)].map((m) => Number(m[1]));
  const [x, y] = [nums(a), nums(b)];
  return x[0] - y[0] || x[1] - y[1] || (a < b ? -1 : a > b ? 1 : 0);
}
