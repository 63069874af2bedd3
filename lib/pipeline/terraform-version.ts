/** Terraform's version constraints (`>= 1.11.0`, `~> 1.11`, `!= 1.12.0`), enough to pin CI to one release. */

type Version = readonly [number, number, number];

function parse(text: string): { version: Version; parts: number } | undefined {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).filter((p) => p !== undefined).length;
  return { version: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)], parts };
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** Whether an exact version satisfies a constraint string; undefined when the constraint cannot be read. */
export function satisfies(version: string, constraint: string): boolean | undefined {
  const v = parse(version)?.version;
  if (!v) return undefined;
  let ok = true;
  for (const clause of constraint.split(",")) {
    const m = /^\s*(>=|<=|!=|~>|=|>|<)?\s*(\S+)\s*$/.exec(clause);
    const target = m && parse(m[2]);
    if (!m || !target) return undefined;
    const c = compare(v, target.version);
    switch (m[1] ?? "=") {
      case "=":
        ok &&= c === 0;
        break;
      case "!=":
        ok &&= c !== 0;
        break;
      case ">":
        ok &&= c > 0;
        break;
      case ">=":
        ok &&= c >= 0;
        break;
      case "<":
        ok &&= c < 0;
        break;
      case "<=":
        ok &&= c <= 0;
        break;
      case "~>": {
        // ~> 1.11 allows 1.x from 1.11; ~> 1.11.2 allows 1.11.x from 1.11.2.
        const upper: Version =
          target.parts >= 3 ? [target.version[0], target.version[1] + 1, 0] : [target.version[0] + 1, 0, 0];
        ok &&= c >= 0 && compare(v, upper) < 0;
        break;
      }
    }
  }
  return ok;
}

/** The lowest release every constraint names as a lower bound, if it satisfies them all. */
export function lowestSatisfying(constraints: readonly string[]): string | undefined {
  const bounds = constraints.flatMap((c) =>
    c.split(",").flatMap((clause) => {
      const m = /^\s*(>=|=|~>)?\s*(\d+\.\d+\.\d+)\s*$/.exec(clause);
      return m ? [m[2]] : [];
    }),
  );
  const sorted = [...new Set(bounds)].sort((a, b) => compare(parse(a)!.version, parse(b)!.version));
  const candidate = sorted[sorted.length - 1];
  return candidate !== undefined && constraints.every((c) => satisfies(candidate, c) === true) ? candidate : undefined;
}
