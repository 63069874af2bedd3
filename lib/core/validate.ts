import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { invalidConfig, invalidProp, show } from "./errors";
import { isObject, stringProp, typeName } from "./prop-types";

// Table-driven prop validation, in the shape of aws-cdk's `validateAllProps`: a construct lists one
// check per prop, and one runner applies them. Every check treats `undefined` as "left out" and
// `null` as a wrong value (JavaScript and JSON callers bypass the compiler), and skips unresolved
// tokens, which are only known at apply time.

/** Words of an error, fixed or from the value and the prop's name. */
export type Words<T> = string | ((value: T, prop: string) => string);

function words<T>(w: Words<T>, value: T, prop: string): string {
  return typeof w === "string" ? w : w(value, prop);
}

/** Checks one value; throws a LandformError naming `prop`. */
export type Check = (scope: IConstruct, prop: string, value: unknown) => void;

/** One check per prop of `P`. A prop left out of the table is refused, so a new prop cannot go unchecked. */
export type PropRules<P> = { readonly [K in keyof Required<P>]: Check };

export interface ValidateOptions {
  /** Prefix of every prop named in an error, for a nested object: `maintenanceWindow.`. @default "" */
  readonly prefix?: string;
  /** What the object is called in an error when it is not an object at all. @default "props" */
  readonly at?: string;
  /** The fix when the props are not an object at all. @default - "pass props as an object ({ ... })" */
  readonly fix?: string;
  /**
   * Refuse a null prop before any other check, with one sentence for every prop ("is not a value;
   * leave it out for its default, or set it"), as the constructs have always done. @default false
   */
  readonly nullsFirst?: boolean;
}

function leaveOut(prop: string, value: unknown): string {
  return value === null ? `, or leave ${prop} out for its default` : `, not ${typeName(value)}`;
}

function skip(value: unknown): boolean {
  return value === undefined || Token.isUnresolved(value);
}

function wrongType(scope: IConstruct, prop: string, value: unknown, what: string, example: string): never {
  throw invalidProp(scope, prop, value, `is not ${what}`, `pass ${prop} as ${example}${leaveOut(prop, value)}`);
}

/**
 * Applies `rules` to `props`: the object itself, each listed prop, and no unknown prop (a typo such
 * as `storgeGb` would otherwise be dropped without a word).
 */
export function validateAllProps<P extends object>(
  scope: IConstruct,
  props: unknown,
  rules: PropRules<P>,
  options: string | ValidateOptions = {},
): void {
  const o: ValidateOptions = typeof options === "string" ? { prefix: options } : options;
  const prefix = o.prefix ?? "";
  const at = prefix ? prefix.replace(/\.$/, "") : (o.at ?? "props");
  if (!isObject(props)) {
    throw invalidProp(scope, at, props, "is not an object", o.fix ?? `pass ${at} as an object ({ ... })`);
  }
  if (o.nullsFirst) {
    for (const [key, value] of Object.entries(props)) Checks.any()(scope, `${prefix}${key}`, value);
  }
  const known = Object.keys(rules);
  for (const key of Object.keys(props)) {
    if (!Object.prototype.hasOwnProperty.call(rules, key)) {
      throw invalidProp(
        scope,
        `${prefix}${key}`,
        (props as Record<string, unknown>)[key],
        "is not a known prop",
        `use one of ${known.join(", ")}`,
      );
    }
  }
  for (const key of known) {
    (rules as Record<string, Check>)[key](scope, `${prefix}${key}`, (props as Record<string, unknown>)[key]);
  }
}

/** Checks that compose into a rule table. */
export const Checks = {
  /**
   * A row in the construct's own words, as aws-cdk's `{ condition, message }`: `ok(value)` or the
   * error `problem`, `fix`. Skips values left out and unresolved tokens.
   */
  that<T = any>(ok: (value: T) => boolean, problem: Words<T>, fix: Words<T>): Check {
    return (scope, prop, value) => {
      if (skip(value) || ok(value as T)) return;
      throw invalidProp(scope, prop, value, words(problem, value as T, prop), words(fix, value as T, prop));
    };
  },

  /** As `that`, for a value that must be given: `undefined` is judged by `ok` too (tokens are still skipped). */
  must<T = any>(ok: (value: T) => boolean, problem: Words<T>, fix: Words<T>): Check {
    return (scope, prop, value) => {
      if (Token.isUnresolved(value) || ok(value as T)) return;
      throw invalidProp(scope, prop, value, words(problem, value as T, prop), words(fix, value as T, prop));
    };
  },

  /** Validated elsewhere (a construct reference, a class instance): only `null` is refused. */
  any(): Check {
    return (scope, prop, value) => {
      if (value === null) {
        throw invalidProp(scope, prop, null, "is not a value", `leave ${prop} out for its default, or set it`);
      }
    };
  },

  /** A value that must be given. */
  required(check: Check): Check {
    return (scope, prop, value) => {
      if (value === undefined) throw invalidConfig(scope, `${prop} is missing`, `set ${prop}`, prop);
      check(scope, prop, value);
    };
  },

  boolean(): Check {
    return (scope, prop, value) => {
      if (!skip(value) && typeof value !== "boolean") {
        // The constructs' sentence since their first release: "use true or false".
        throw invalidProp(scope, prop, value, "is not a boolean", `use true or false${leaveOut(prop, value)}`);
      }
    };
  },

  /** A value `test` accepts, such as an instance of a class (`what` names it, `fix` says how to make one). */
  instance(test: (value: unknown) => boolean, what: string, fix: string): Check {
    return (scope, prop, value) => {
      if (value === undefined || test(value)) return;
      throw invalidProp(
        scope,
        prop,
        value,
        `is not ${what}`,
        `${fix}${value === null ? `, or leave ${prop} out for its default` : ""}`,
      );
    };
  },

  /** A Kubernetes IntOrString count: a whole number of 0 or more, or a percentage such as "25%". */
  intOrPercent(): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      const ok =
        (typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 2147483647) ||
        (typeof value === "string" && /^(100|[1-9]?[0-9])%$/.test(value));
      if (!ok) {
        throw invalidProp(
          scope,
          prop,
          value,
          "is not a count or a percentage",
          `use a whole number from 0 to 2147483647, or a percentage from "0%" to "100%" such as "25%"${value === null ? `, or leave ${prop} out for its default` : ""}`,
        );
      }
    };
  },

  /** A string, optionally non-empty, bounded, or matching a pattern (`hint` names the form). */
  string(rules: { nonEmpty?: boolean; maxLength?: number; pattern?: RegExp; hint?: string } = {}): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      // Type, emptiness and length: the one string check of prop-types, with its words.
      const text = stringProp(scope, prop, value, { nonEmpty: rules.nonEmpty, maxLength: rules.maxLength })!;
      if (rules.pattern && !rules.pattern.test(text)) {
        throw invalidProp(
          scope,
          prop,
          text,
          "is not valid",
          `use ${rules.hint ?? `a value matching ${rules.pattern}`}`,
        );
      }
    };
  },

  /** A number, whole if `integer`, within `[min, max]`. NaN is a number that fails the rules, not a wrong type. */
  number(rules: { integer?: boolean; min?: number; max?: number } = {}): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      if (typeof value !== "number") wrongType(scope, prop, value, "a number", "a number");
      const n = value as number;
      const { min, max } = rules;
      const range =
        min !== undefined && max !== undefined
          ? `from ${min} to ${max}`
          : min !== undefined
            ? `of ${min} or more`
            : max !== undefined
              ? `of ${max} or less`
              : "";
      if (rules.integer && !Number.isInteger(n)) {
        throw invalidProp(scope, prop, n, "is not a whole number", `use a whole number${range ? ` ${range}` : ""}`);
      }
      const bounded = min !== undefined || max !== undefined;
      if ((min !== undefined && n < min) || (max !== undefined && n > max) || (bounded && !Number.isFinite(n))) {
        throw invalidProp(scope, prop, n, "is out of range", `use a number ${range}`.trimEnd());
      }
    };
  },

  /** One of a fixed list of values. */
  oneOf(values: readonly unknown[]): Check {
    return (scope, prop, value) => {
      if (skip(value) || values.includes(value)) return;
      throw invalidProp(scope, prop, value, "is not supported", `use one of ${values.map((v) => show(v)).join(", ")}`);
    };
  },

  /** A list whose entries pass `entry`; `unique` names what must not repeat (by a key of each entry). */
  list(entry: Check, rules: { minLength?: number; unique?: (item: unknown) => unknown } = {}): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      if (!Array.isArray(value)) wrongType(scope, prop, value, "a list", "a list");
      const items = value as unknown[];
      if (rules.minLength !== undefined && items.length < rules.minLength) {
        throw invalidProp(
          scope,
          prop,
          items,
          `has ${items.length} entries, fewer than ${rules.minLength}`,
          `give ${prop} at least ${rules.minLength}`,
        );
      }
      const seen = new Map<unknown, number>();
      items.forEach((item, i) => {
        if (item === undefined) throw invalidProp(scope, `${prop}[${i}]`, item, "is missing", "remove the hole");
        entry(scope, `${prop}[${i}]`, item);
        if (!rules.unique) return;
        const key = rules.unique(item);
        const first = seen.get(key);
        if (first !== undefined) {
          throw invalidProp(scope, `${prop}[${i}]`, key, `repeats ${prop}[${first}]`, "give each entry its own value");
        }
        seen.set(key, i);
      });
    };
  },

  /** An object whose keys match `key` and whose values pass `entry`. */
  record(entry: Check, key?: { pattern: RegExp; hint: string }): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      if (typeof value !== "object" || value === null || Array.isArray(value)) {
        wrongType(scope, prop, value, "an object", "an object ({ key: value })");
      }
      for (const [k, v] of Object.entries(value as object)) {
        if (key && !key.pattern.test(k)) {
          throw invalidProp(scope, `${prop}.${k}`, k, "is not a valid key", `use ${key.hint}`);
        }
        if (v === undefined) continue;
        entry(scope, `${prop}.${k}`, v);
      }
    };
  },

  /** A nested props object with its own rule table. */
  object<P extends object>(rules: PropRules<P>): Check {
    return (scope, prop, value) => {
      if (skip(value)) return;
      validateAllProps<P>(scope, value, rules, { prefix: `${prop}.` });
    };
  },

  /** All of the checks, in order. */
  all(...checks: Check[]): Check {
    return (scope, prop, value) => checks.forEach((check) => check(scope, prop, value));
  },
};
