import { isObject } from "../core/is-object";
import { Attributes } from "./rule";

/** Helpers for reading Terraform JSON attributes, where a nested block may be an object or a list of objects. */

/** True for a Terraform expression such as `${aws_kms_key.x.arn}`: its value is only known at apply time. */
export function isReference(value: unknown): boolean {
  return typeof value === "string" && value.includes("${");
}

/** Every object of a nested block, whether written as an object or a list. */
export function blocks(attributes: Attributes | undefined, name: string): Attributes[] {
  const value = attributes?.[name];
  if (Array.isArray(value)) return value.filter(isObject);
  return isObject(value) ? [value] : [];
}

/** The first object of a nested block, or undefined. */
export function block(attributes: Attributes | undefined, name: string): Attributes | undefined {
  return blocks(attributes, name)[0];
}

/** The object at a path of nested blocks, e.g. `block path(attrs, "settings", "ip_configuration")`. */
export function blockAt(attributes: Attributes | undefined, ...path: string[]): Attributes | undefined {
  let current = attributes;
  for (const name of path) current = block(current, name);
  return current;
}

/** A boolean attribute that may be written as `true` or `"true"`; undefined when absent or a reference. */
export function bool(value: unknown): boolean | undefined {
  if (value === true || value === "true") return true;
  if (value === false || value === "false") return false;
  return undefined;
}

/** A string list attribute; references and non-strings are dropped. */
export function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}

/** A string-to-string map attribute (tags, labels); references dropped. */
export function stringMap(value: unknown): Record<string, string> {
  if (!isObject(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === "string"));
}

/** CIDRs that mean "any address". */
export const ANYWHERE: readonly string[] = ["0.0.0.0/0", "::/0"];

// One definition for the whole library, in core.
export { isObject };
