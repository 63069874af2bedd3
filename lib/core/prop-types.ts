import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { CLOUDS, PerCloud } from "./cloud";
import { invalidProp } from "./errors";

// JavaScript callers and JSON config bypass the compiler: a prop's type is checked at runtime too,
// so `"false"` is never taken as true and a null never reaches a builder as a TypeError. Only
// `undefined` means "left out"; `null` is a wrong value like any other.

export { isObject } from "./is-object";

/** What a value is, for a fix that says what was passed instead: `a string`, `null`, `a list`. */
export function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  const type = typeof value;
  return type === "object" || type === "undefined" ? type : `a ${type}`;
}

function leaveOut(prop: string, value: unknown): string {
  return value === null ? `, or leave ${prop} out for its default` : `, not ${typeName(value)}`;
}

/** An optional boolean prop, or its default. */
export function booleanProp(scope: IConstruct, prop: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean" && !Token.isUnresolved(value)) {
    throw invalidProp(scope, prop, value, "is not a boolean", `use true or false${leaveOut(prop, value)}`);
  }
  return value as boolean;
}

export interface StringRules {
  /** Reject a value left out, for list entries and required props. @default false */
  readonly required?: boolean;
  /** Reject "" (and text of only spaces). @default false */
  readonly nonEmpty?: boolean;
  /** Longest accepted length in characters. @default - no limit */
  readonly maxLength?: number;
}

/** An optional string prop. */
export function stringProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  rules: StringRules = {},
): string | undefined {
  if (value === undefined && !rules.required) return undefined;
  if (typeof value !== "string") {
    throw invalidProp(scope, prop, value, "is not a string", `pass ${prop} as a string${leaveOut(prop, value)}`);
  }
  if (Token.isUnresolved(value)) return value;
  if (rules.nonEmpty && value.trim() === "") {
    throw invalidProp(scope, prop, value, "is empty", `give ${prop} a value, or leave it out`);
  }
  if (rules.maxLength !== undefined && value.length > rules.maxLength) {
    throw invalidProp(
      scope,
      prop,
      value,
      `is ${value.length} characters long, more than the ${rules.maxLength} allowed`,
      `shorten ${prop}`,
    );
  }
  return value;
}

/** An optional number prop, or its default. Range checks stay with the prop's own rule. */
export function numberProp(scope: IConstruct, prop: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" && !Token.isUnresolved(value)) {
    throw invalidProp(scope, prop, value, "is not a number", `pass ${prop} as a number${leaveOut(prop, value)}`);
  }
  return value as number;
}

/** An optional list prop; empty when left out. Check each entry with the returned list's items. */
export function listProp(scope: IConstruct, prop: string, value: unknown): readonly unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw invalidProp(scope, prop, value, "is not a list", `pass ${prop} as a list${leaveOut(prop, value)}`);
  }
  return value;
}

/** An optional object prop (`{ key: value }`); empty when left out. */
export function recordProp(scope: IConstruct, prop: string, value: unknown): Readonly<Record<string, unknown>> {
  if (value === undefined) return {};
  return objectProp(scope, prop, value, `pass ${prop} as an object${leaveOut(prop, value)}`);
}

/** A value that must be an object, such as one entry of a list prop: `ingress[0]`, `nodePools.general`. */
export function objectProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  fix: string,
): Readonly<Record<string, unknown>> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw invalidProp(scope, prop, value, "is not an object", fix);
  }
  return value as Record<string, unknown>;
}

/** An optional `{ key: "string" }` prop, every value a string. */
export function stringRecordProp(scope: IConstruct, prop: string, value: unknown): Record<string, string> {
  const record = recordProp(scope, prop, value);
  for (const [key, v] of Object.entries(record)) stringProp(scope, `${prop}.${key}`, v);
  return { ...(record as Record<string, string>) };
}

/** An optional `{ aws?: "...", gcp?: "..." }` prop: keys are clouds, values strings (each cloud checks their form). */
export function perCloudStringsProp(
  scope: IConstruct,
  prop: string,
  value: unknown,
  example: string,
): Partial<PerCloud<string>> | undefined {
  if (value === undefined) return undefined;
  const record = recordProp(scope, prop, value);
  for (const [cloud, v] of Object.entries(record)) {
    if (!(CLOUDS as readonly string[]).includes(cloud)) {
      throw invalidProp(
        scope,
        `${prop}.${cloud}`,
        v,
        "names no cloud Landform supports",
        `key ${prop} by ${CLOUDS.map((c) => JSON.stringify(c)).join(" or ")}, ${example}`,
      );
    }
    stringProp(scope, `${prop}.${cloud}`, v);
  }
  return { ...(record as Partial<PerCloud<string>>) };
}

/**
 * A props object (or one entry of a list prop) whose keys may not be null: `x ?? default` would
 * take null for "left out" and hide the mistake.
 */
export function rejectNulls(scope: IConstruct, props: object, prefix = ""): void {
  for (const [key, value] of Object.entries(props)) {
    if (value === null) {
      throw invalidProp(
        scope,
        `${prefix}${key}`,
        null,
        "is not a value",
        `leave ${prefix}${key} out for its default, or set it`,
      );
    }
  }
}
