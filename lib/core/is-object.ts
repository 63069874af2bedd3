// Its own module, free of cdktf: the CLI and ops read JSON with it without loading cdktf.

/** A plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
