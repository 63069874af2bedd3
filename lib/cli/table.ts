/** A plain-text table: a header, columns padded to their widest cell, numbers right-aligned. */
export function table(head: readonly string[], rows: readonly string[][], style: (text: string) => string): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const numeric = head.map((_, i) => rows.length > 0 && rows.every((r) => /^\d+$/.test(r[i])));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i]) : i === cells.length - 1 ? c : c.padEnd(widths[i])))
      .join("  ");
  return [style(line(head)), ...rows.map(line)].join("\n") + "\n";
}
