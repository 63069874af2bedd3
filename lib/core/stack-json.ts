import {
  DefaultTokenResolver,
  StringConcat,
  TerraformElement,
  TerraformOutput,
  TerraformStack,
  Token,
  Tokenization,
} from "cdktf";
import { IConstruct } from "constructs";
// Not in cdktf's index: the merge TerraformStack.toTerraform uses, so overrides merge exactly as there.
import { deepMerge } from "cdktf/lib/util";

/** The parts of a TerraformStack that cdktf 0.21 keeps private. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());

/**
 * A stack's Terraform JSON, the object cdktf 0.21's `TerraformStack.toTerraform` returns, without
 * its last step. cdktf resolves each element, merges the results with the stack's own overrides,
 * and then resolves the merged whole again. Every element is resolved by then, so that pass only
 * copies the JSON, unless the stack's own part (its overrides, or the metadata and output names)
 * holds a token or a value resolving would change: then cdktf's method runs (`cdktfJson`). The
 * pass was ~4 % of the reference platform's synth CPU (docs/performance.md); the JSON written is
 * the same bytes (test/core/stack-json.test.ts, and CI compares `landform synth` with `cdktf synth`).
 * Keys whose value is undefined stay in the object; every JSON writer leaves them out.
 */
export function stackJson(stack: TerraformStack, cdktfJson: () => unknown): Record<string, unknown> {
  const { rawOverrides, cdktfVersion } = stack as unknown as StackInternals;
  const elements = terraformElements(stack);
  const metadata: Record<string, unknown> = {
    version: cdktfVersion,
    stackName: stack.node.id,
    backend: "local",
    cloud: undefined,
    ...(Object.keys(rawOverrides).length > 0 ? { overrides: { stack: Object.keys(rawOverrides) } } : {}),
  };
  for (const e of elements) deepMerge(metadata, resolve(stack, e.toMetadata()));
  const outputs: Record<string, unknown> = {};
  for (const e of elements) if (TerraformOutput.isTerraformOutput(e)) deepMerge(outputs, outputTree(e));
  const own = { "//": { metadata, outputs }, overrides: rawOverrides };
  if (!isPlain(own)) return cdktfJson() as Record<string, unknown>;

  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const e of elements) deepMerge(tf, resolve(stack, e.toTerraform()));
  // A copy: the returned JSON must not share arrays with the stack's overrides.
  deepMerge(tf, structuredClone(rawOverrides));
  return tf;
}

function resolve(scope: IConstruct, value: unknown): unknown {
  return Tokenization.resolve(value, { scope, preparing: false, resolver: RESOLVER });
}

/** The stack's elements in cdktf's order: depth first, not into nested stacks. */
function terraformElements(node: IConstruct, into: TerraformElement[] = []): TerraformElement[] {
  if (TerraformElement.isTerraformElement(node)) into.push(node);
  for (const child of node.node.children) if (!TerraformStack.isStack(child)) terraformElements(child, into);
  return into;
}

/** `{ "<scope>": { ...: { "<output id>": "<logical id>" } } }` along the output's construct path. */
function outputTree(output: TerraformOutput): Record<string, unknown> {
  return output.node.path
    .split("/")
    .reduceRight<Record<string, unknown>>(
      (inner, part) => ({ [part]: Object.keys(inner).length === 0 ? output.friendlyUniqueId : inner }),
      {},
    );
}

/**
 * JSON that resolving leaves as it is: no token, no function or class instance, and no undefined
 * inside a list (resolving drops it, JSON writes null).
 */
function isPlain(value: unknown): boolean {
  if (value === null || value === undefined || typeof value === "boolean") return true;
  if (typeof value === "string" || typeof value === "number") return !Token.isUnresolved(value);
  if (Array.isArray(value)) return !Token.isUnresolved(value) && value.every((v) => v !== undefined && isPlain(v));
  if (typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).every(([k, v]) => !Token.isUnresolved(k) && isPlain(v));
}
