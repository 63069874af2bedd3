import { AffectedStacks } from "../../ops/affected";
import { Paint } from "../io";

export function affectedJson(r: AffectedStacks): string {
  const { base, head, baseCommit, headCommit, bases, changed, affected, waves } = r;
  return `${JSON.stringify({ base, head, baseCommit, headCommit, bases, changed, affected, waves }, null, 2)}\n`;
}

export function affectedText(r: AffectedStacks, p: Paint): string {
  const from = r.baseCommit === undefined ? r.base : `${r.base} (${r.baseCommit.slice(0, 7)})`;
  const range = `${r.bases === undefined ? "" : "each stack's own base or "}${from} and ${r.head} (${r.headCommit.slice(0, 7)})`;
  if (r.changed.length === 0) return `no stack changed between ${range}\n`;
  const colour = { added: p.green, removed: p.red, modified: p.yellow };
  const width = Math.max(...r.changed.map((c) => c.change.length));
  const lines = [
    `${r.changed.length} stack${r.changed.length === 1 ? "" : "s"} changed between ${range}:`,
    ...r.changed.map((c) => `  ${colour[c.change](c.change.padEnd(width))}  ${c.name}`),
  ];
  if (r.waves.length === 0) lines.push("no stack to plan at head (only removals)");
  else {
    lines.push(`${p.bold("affected, in wave order")} (plan and apply each wave after the one before):`);
    r.waves.forEach((wave, i) => lines.push(`  wave ${i + 1}: ${wave.join(", ")}`));
  }
  return `${lines.join("\n")}\n`;
}
