/**
 * The clouds a stack can target: the one list of them. Adding a name here makes the compiler
 * point at every place that must learn about it (the registry, and each PerCloud table).
 */
export const CLOUDS = ["aws", "gcp"] as const;

export type Cloud = (typeof CLOUDS)[number];

/** One entry per cloud; a cloud missing from such a table is a compile error. */
export type PerCloud<T> = { readonly [C in Cloud]: T };

export function isCloud(value: unknown): value is Cloud {
  return (CLOUDS as readonly unknown[]).includes(value);
}
