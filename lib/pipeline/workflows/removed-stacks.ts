import { Step } from "./model";
import { reviewFile } from "./terraform";

/** Where the affected job of both workflows writes `landform affected --format json`. */
export const AFFECTED_JSON = "$RUNNER_TEMP/affected.json";

/** The tag that marks, per stack, the last commit whose plan was applied (or planned no change). */
export const APPLIED_TAG = "landform/applied/{stack}";
export const appliedTag = (stack: string) => APPLIED_TAG.replace("{stack}", stack);

/** Prints the names of the stacks `landform affected` reports removed, space-separated. */
const REMOVED = `node -e 'process.stdout.write(require(process.argv[1]).changed.filter((c) => c.change === "removed").map((c) => c.name).join(" "))' "${AFFECTED_JSON}"`;

/**
 * Pull requests: a stack the change deletes is called out at the top of the plan comment. No job
 * plans a stack that is gone, so without this its infrastructure and state would be orphaned
 * silently when the change merges; the deploy workflow then refuses to run until it is destroyed.
 */
export function removedStacksCommentStep(summary: string): Step {
  return {
    name: "Call out removed stacks",
    run: [
      `removed=$(${REMOVED})`,
      'if [ -n "$removed" ]; then',
      "  {",
      "    echo",
      '    echo "> [!WARNING]"',
      '    echo "> Removed from the code: $removed. No job destroys a removed stack: destroy its infrastructure before merging (docs/cli/pipeline.md, Removing a stack), or the deploy workflow stops with an error."',
      `  } >> "${reviewFile(summary)}"`,
      '  echo "::warning title=Stacks removed::$removed: destroy them before merging (docs/cli/pipeline.md, Removing a stack)"',
      "fi",
    ].join("\n"),
  };
}

/**
 * Deploys: fails, naming each stack, when a stack that was applied (it has its `landform/applied`
 * tag) is gone from the code: its infrastructure still runs and its state is orphaned.
 */
export function removedStacksGuard(): string[] {
  return [
    `removed=$(${REMOVED})`,
    'if [ -n "$removed" ]; then',
    "  for stack in $removed; do",
    `    echo "::error title=Stack removed::$stack was applied (tag ${appliedTag("$stack")}) but is gone from the code: its infrastructure and state would be orphaned. Destroy it from the commit the tag names, then delete the tag: git push origin :refs/tags/${appliedTag("$stack")} (docs/cli/pipeline.md, Removing a stack)"`,
    "  done",
    "  exit 1",
    "fi",
  ];
}
