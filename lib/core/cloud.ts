/** The clouds a stack can target. */
export type Cloud = "aws" | "gcp";

export const CLOUDS: readonly Cloud[] = ["aws", "gcp"];

export function isCloud(value: unknown): value is Cloud {
  return value === "aws" || value === "gcp";
}

/**
 * Picks one cloud's implementation. Each entry is a function that `require`s its module,
 * so a cloud's code, and its provider classes, load only when a stack on that cloud needs them.
 */
export function forCloud<T>(cloud: Cloud, loaders: Record<Cloud, () => T>): T {
  return loaders[cloud]();
}
