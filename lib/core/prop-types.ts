import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidProp } from "./errors";

// JavaScript callers and JSON config bypass the compiler: a prop's type is checked at runtime too,
// so `"false"` is never taken as true.

/** An optional boolean prop, or its default. */
export function booleanProp(scope: IConstruct, prop: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean" && !Token.isUnresolved(value)) {
    throw invalidProp(
      scope,
      prop,
      value,
      "is not a boolean",
      `use true or false, not ${typeof value === "string" ? "a string" : typeof value}`,
    );
  }
  return value as boolean;
}

/** An optional string prop. */
export function stringProp(scope: IConstruct, prop: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string") throw invalidProp(scope, prop, value, "is not a string", `pass ${prop} as a string`);
  return value;
}
