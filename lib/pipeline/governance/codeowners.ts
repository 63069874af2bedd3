import { matches, PipelineSpec } from "../declaration";
import { PipelineError } from "../errors";

/** Where GitHub looks first for code owners (GitHub Docs, "About code owners": .github/, then the root, then docs/). */
export const CODEOWNERS_PATH = ".github/CODEOWNERS";

/** A stack as CODEOWNERS needs it: its name and its folder relative to the repository root, with `/`. */
export interface OwnedStack {
  readonly name: string;
  readonly dir: string;
  /** It manages the repository itself (the governance stack): its owners also own the pipeline's files. */
  readonly governance: boolean;
}

/**
 * `.github/CODEOWNERS` from the declaration's `owners`: one line per stack folder, owned by the
 * first pattern that matches the stack (as `privateStacks`); then the pipeline's own files (the
 * generated workflows, the declaration, this file), owned by the governance stack's owners, since
 * changing them changes who may approve what. Undefined when the declaration names no owners.
 * With the trunk ruleset's code owner review, a pull request changing a stack needs its owners' approval.
 */
export function codeownersText(
  spec: PipelineSpec,
  stacks: readonly OwnedStack[],
  options: { readonly header: readonly string[]; readonly source?: string; readonly workflowGlob: string },
): string | undefined {
  const owners = spec.governance.owners;
  if (owners.length === 0) return undefined;
  const ownersOf = (name: string): readonly string[] => {
    const found = owners.find(([pattern]) => matches(pattern, name));
    if (!found)
      throw new PipelineError({
        prop: "owners",
        value: name,
        problem: `stack ${name} matches no owners pattern, so a change to it would need no owner's review`,
        fix: `add owners: { "${name}": ["@org/team"] }, or a pattern such as "*"`,
      });
    return found[1];
  };
  const lines = [
    ...options.header.map((h) => `# ${h}`),
    "# GitHub applies the last matching line; each path below has exactly one.",
    "",
  ];
  const sorted = [...stacks].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0));
  for (const s of sorted) lines.push(`/${s.dir}/ ${ownersOf(s.name).join(" ")}`);
  const governance = stacks.filter((s) => s.governance);
  if (governance.length > 0) {
    const pipelineOwners = [...new Set(governance.flatMap((s) => ownersOf(s.name)))];
    lines.push(
      "",
      "# The pipeline: its workflows, its declaration and this file, owned by the governance stack's owners.",
    );
    const files = [options.workflowGlob, ...(options.source ? [options.source] : []), CODEOWNERS_PATH];
    for (const file of files) lines.push(`/${file} ${pipelineOwners.join(" ")}`);
  }
  return `${lines.join("\n")}\n`;
}
