import { Finding } from "../../findings/finding";
import { identityKey } from "./identity";
import { Loop } from "./loop";

/**
 * The delivery loop as a Mermaid flowchart: stack -> applier (job or agent object) -> identity ->
 * runner. A stack, applier or identity that a finding names is drawn red (class `broken`).
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
      const identity = node(key, `${a.identity.cloud} ${a.identity.name}`, ["{{", "}}"]);
      edge(applier, identity);
      edge(identity, runner);
    } else edge(applier, runner);
  }
  lines.push(...[...edges].sort());
  lines.push("  classDef broken fill:#fdd,stroke:#c00,color:#600");
  const red = [...broken].map((k) => ids.get(k)).filter((id): id is string => id !== undefined);
  if (red.length > 0) lines.push(`  class ${red.join(",")} broken`);
  return `${lines.join("\n")}\n`;
}

function escape(text: string): string {
  return text.replace(/[&"<>#|]/g, (c) => `#${c.charCodeAt(0)};`);
}
