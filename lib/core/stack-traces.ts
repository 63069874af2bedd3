import type { IConstruct } from "constructs";

/** cdktf's DISABLE_STACK_TRACE_IN_METADATA, spelt out: the CLI imports this file and must not load cdktf. */
export const NO_METADATA_TRACES = "@cdktf/disable_stack_trace_in_metadata";

/** Set to 1 to record where each token was created (cdktf's "Object creation stack"). */
export const TOKEN_STACKS_ENV = "LANDFORM_TOKEN_STACKS";

/** What a token's creation stack says while they are not recorded: how to get one. */
export const TOKEN_STACKS_OFF: readonly string[] = Object.freeze([
  `(not recorded: set ${TOKEN_STACKS_ENV}=1, or run \`landform synth --verbose\`, to record where each token was created)`,
]);

interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

let installed = false;

/**
 * Called by every Landform stack. Keeps stack traces out of manifest.json (they hold this
 * machine's paths) unless the app sets the context either way, and stops cdktf recording a
 * stack trace for every token it creates.
 *
 * cdktf formats a full stack trace for each reference, list and map attribute of every resource
 * (thousands in a platform) only to print it if that token later fails to resolve. That was a
 * quarter of the reference platform's synth CPU (docs/performance.md). Landform reports its own
 * errors at construction time, so the trace is recorded only on request (`LANDFORM_TOKEN_STACKS=1`).
 * The switch is process-wide: cdktf keeps no per-app state for it.
 */
export function quietStackTraces(stack: IConstruct): void {
  if (stack.node.tryGetContext(NO_METADATA_TRACES) === undefined) {
    stack.node.setContext(NO_METADATA_TRACES, true);
  }
  if (installed || process.env[TOKEN_STACKS_ENV] === "1") return;
  installed = true;
  // A private module of cdktf 0.21 (development has stopped upstream): every token class calls
  // its export through the module object, so replacing the export reaches them all. If a
  // version lacks it, nothing changes but speed; test/core/stack-traces.test.ts fails then.
  let traces: StackTraceModule | undefined;
  try {
    traces = require("cdktf/lib/tokens/private/stack-trace") as StackTraceModule;
  } catch {
    return;
  }
  if (typeof traces.captureStackTrace === "function") traces.captureStackTrace = () => TOKEN_STACKS_OFF as string[];
}
