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
import { BEGIN_LIST_TOKEN_MARKER, BEGIN_MAP_TOKEN_MARKER } from "cdktf/lib/tokens/private/encoding";
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
 * stack's remote state and the dependency between them. cdktf resolves each element's whole JSON
 * and throws the result away; only resolving a token has an effect, and most of the JSON is plain
 * strings and numbers. This walks the JSON in cdktf's order and hands cdktf's resolver what it
 * would act on (each token, and each value cdktf's resolver takes as a whole: a list or map token,
 * a resolvable, anything not a plain object or list), with its path: the same tokens resolve, in
 * the same order, with the same context. It was ~5 % of the reference platform's synth CPU.
 */
export function prepareStack(stack: TerraformStack): void {
  stack.ensureBackendExists();
  for (const element of terraformElements(stack)) prepareValue(stack, element.toTerraform(), []);
}

function prepareValue(scope: IConstruct, value: unknown, path: string[]): void {
  if (typeof value === "string") {
    if (mayHoldToken(value)) prepareWhole(scope, value, path);
  } else if (typeof value === "number") {
    if (mayBeTokenNumber(value)) prepareWhole(scope, value, path);
  } else if (typeof value === "function" || path.length > MAX_DEPTH) {
    prepareWhole(scope, value, path); // cdktf's own error, with the path
  } else if (Array.isArray(value)) {
    // A list token (an encoded string or number inside a list) is resolved with its list.
    const listToken = value.some(
      (item) => (typeof item === "string" && item.includes(BEGIN_LIST_TOKEN_MARKER)) || mayBeTokenNumber(item),
    );
    if (listToken) return prepareWhole(scope, value, path);
    for (let i = 0; i < value.length; i++) prepareChild(scope, value[i], path, `${i}`);
  } else if (typeof value === "object" && value !== null) {
    const proto = Object.getPrototypeOf(value);
    const keys = Object.keys(value);
    const whole =
      (proto !== Object.prototype && proto !== null) ||
      Tokenization.isResolvable(value) ||
      keys.some((key) => key.includes(BEGIN_MAP_TOKEN_MARKER));
    if (whole) return prepareWhole(scope, value, path);
    for (const key of keys) {
      if (mayHoldToken(key)) prepareWhole(scope, key, path);
      prepareChild(scope, (value as Record<string, unknown>)[key], path, key);
    }
  }
}

function prepareChild(scope: IConstruct, value: unknown, path: string[], key: string): void {
  path.push(key);
  prepareValue(scope, value, path);
  path.pop();
}

function prepareWhole(scope: IConstruct, value: unknown, path: readonly string[]): void {
  resolveAt(value, { scope, preparing: true, resolver: RESOLVER, prefix: [...path] });
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
 * A stack's Terraform JSON, the object cdktf 0.21's `TerraformStack.toTerraform` returns, without
 * its last step. cdktf resolves each element, merges the results with the stack's own overrides,
 * and then resolves the merged whole again. Every element is resolved by then, so that pass only
 * copies the JSON, unless the stack's own part (its overrides, or the metadata and output names)
 * holds a token or a value resolving would change: then cdktf's method runs (`cdktfJson`). The
 * pass was ~4 % of the reference platform's synth CPU (docs/performance.md); the JSON written is
 * the same bytes (see above).
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
