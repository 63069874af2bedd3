/**
 * How a CloudStack synthesizes: cdktf 0.21's two passes over its elements, without the work in them
 * that changes nothing (docs/performance.md). cdktf is frozen upstream at 0.21, the version Landform
 * pins; test/core/synthesis.test.ts compares both functions here with cdktf's own methods on the
 * examples, and CI compares `landform synth` with `cdktf synth` byte for byte.
 */
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
// Not in cdktf's index: the resolver, the token markers and the merge cdktf's own passes use.
import { BEGIN_LIST_TOKEN_MARKER } from "cdktf/lib/tokens/private/encoding";
import { resolve as resolveAt } from "cdktf/lib/tokens/private/resolve";
import { deepMerge } from "cdktf/lib/util";

/** The parts of a TerraformStack that cdktf 0.21 keeps private. */
interface StackInternals {
  readonly rawOverrides: Record<string, unknown>;
  readonly cdktfVersion: string;
}

const RESOLVER = new DefaultTokenResolver(new StringConcat());
/** cdktf's resolver gives up below this depth (a circular reference). */
const MAX_DEPTH = 200;
/** A token number written into a string: token doubles print as about -1e+289 or -4e+298. */
const NUMBER_IN_TEXT = /\de\+\d\d\d/;

/**
 * cdktf's preparing pass (`TerraformStack.prepareStack`): every element resolved once before any
 * is written, so that a reference to another stack's resource adds that stack's output, this
 * stack's remote state and the dependency between them. cdktf throws the result away.
 */
export function prepareStack(stack: TerraformStack): void {
  stack.ensureBackendExists();
  for (const element of terraformElements(stack)) resolveValue(stack, element.toTerraform(), [], true);
}

/**
 * What cdktf's resolver returns for `value`, and what it does on the way. Resolving a token is the
 * only step with an effect, and most of a stack's JSON is plain strings and numbers, which cdktf's
 * resolver copies one by one through a new context each. This walks the value in cdktf's order,
 * copies plain values itself (leaving out undefined, as cdktf does), and hands cdktf's resolver,
 * with the value's path, each token and each value cdktf takes as a whole: list and map tokens,
 * resolvables, objects that are not plain, keys that hold a token, and functions and too-deep
 * values, for cdktf's own errors. The same tokens resolve, in the same order, in the same context.
 */
function resolveValue(scope: IConstruct, value: unknown, path: string[], preparing: boolean): unknown {
  if (typeof value === "string") return mayHoldToken(value) ? resolveWhole(scope, value, path, preparing) : value;
  if (typeof value === "number") return mayBeTokenNumber(value) ? resolveWhole(scope, value, path, preparing) : value;
  if (typeof value === "function" || path.length > MAX_DEPTH) return resolveWhole(scope, value, path, preparing);
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) {
    // A list token (an encoded string or number inside a list) is resolved with its list.
    const listToken = value.some(
      (item) => (typeof item === "string" && item.includes(BEGIN_LIST_TOKEN_MARKER)) || mayBeTokenNumber(item),
    );
    if (listToken) return resolveWhole(scope, value, path, preparing);
    const list: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      const item = resolveChild(scope, value[i], path, `${i}`, preparing);
      if (item !== undefined) list.push(item);
    }
    return list;
  }
  const proto = Object.getPrototypeOf(value);
  const keys = Object.keys(value);
  if ((proto !== Object.prototype && proto !== null) || Tokenization.isResolvable(value) || keys.some(mayHoldToken))
    return resolveWhole(scope, value, path, preparing);
  const object: Record<string, unknown> = {};
  for (const key of keys) {
    const item = resolveChild(scope, (value as Record<string, unknown>)[key], path, key, preparing);
    if (item !== undefined) object[key] = item;
  }
  return object;
}

function resolveChild(scope: IConstruct, value: unknown, path: string[], key: string, preparing: boolean): unknown {
  path.push(key);
  const resolved = resolveValue(scope, value, path, preparing);
  path.pop();
  return resolved;
}

function resolveWhole(scope: IConstruct, value: unknown, path: readonly string[], preparing: boolean): unknown {
  return resolveAt(value, { scope, preparing, resolver: RESOLVER, prefix: [...path] });
}

/** Whether cdktf's resolver would do anything with this text: a token of any kind, or a map placeholder it rejects. */
function mayHoldToken(text: string): boolean {
  return (
    text.includes("TfToken[") ||
    NUMBER_IN_TEXT.test(text) ||
    text === Token.STRING_MAP_TOKEN_VALUE ||
    text === Token.ANY_MAP_TOKEN_VALUE
  );
}

/** Token numbers are encoded as doubles below -1e288; cdktf also rejects its map placeholder. */
function mayBeTokenNumber(value: unknown): boolean {
  return typeof value === "number" && (!(Math.abs(value) < 1e250) || value === Token.NUMBER_MAP_TOKEN_VALUE);
}

/**
 * A stack's Terraform JSON: the object cdktf 0.21's `TerraformStack.toTerraform` returns, built the
 * same way (each element's metadata and JSON resolved and merged, then the stack's own overrides),
 * with each element resolved by `resolveValue`, and without cdktf's last step. cdktf resolves the
 * merged whole again, which only copies it unless the stack's own part (its overrides, metadata and
 * output names) holds a token or a value resolving would change: then cdktf's method runs
 * (`cdktfJson`). Keys whose value is undefined stay in the object; every JSON writer leaves them out.
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
  for (const e of elements) deepMerge(metadata, resolveValue(stack, e.toMetadata(), [], false));
  const outputs: Record<string, unknown> = {};
  for (const e of elements) if (TerraformOutput.isTerraformOutput(e)) deepMerge(outputs, outputTree(e));
  const own = { "//": { metadata, outputs }, overrides: rawOverrides };
  if (!isPlain(own)) return cdktfJson() as Record<string, unknown>;

  const tf: Record<string, unknown> = { "//": { metadata, outputs } };
  for (const e of elements) deepMerge(tf, resolveValue(stack, e.toTerraform(), [], false));
  // A copy: the returned JSON must not share arrays with the stack's overrides.
  deepMerge(tf, structuredClone(rawOverrides));
  return tf;
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
 * JSON that resolving leaves as it is: no token (by the same tests as `resolveValue`), no function
 * or class instance, no undefined inside a list (resolving drops it, JSON writes null), and not
 * nested deeper than cdktf resolves (a circular value: cdktf's method then fails with its error).
 */
function isPlain(value: unknown, depth = 0): boolean {
  if (value === null || value === undefined || typeof value === "boolean") return true;
  if (typeof value === "string") return !mayHoldToken(value);
  if (typeof value === "number") return !mayBeTokenNumber(value);
  if (typeof value !== "object" || depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((v) => v !== undefined && isPlain(v, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  return Object.entries(value).every(([k, v]) => !mayHoldToken(k) && isPlain(v, depth + 1));
}
