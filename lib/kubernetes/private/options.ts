import { LandformError, show } from "../../core/errors";
import { typeName } from "../../core/prop-types";

/**
 * The options object of a factory (`Probe.http(path, options)`, `RolloutStrategy.rolling(options)`),
 * or an error: spread as it is, a null would be taken for "left out". Each option is checked where
 * the Application uses it, with the Application's path.
 */
export function optionsOf<T extends object>(factory: string, options: T | undefined): T {
  // Left out: the Application names each option that is missing.
  if (options === undefined) return {} as T;
  if (typeof options === "object" && options !== null && !Array.isArray(options)) return options;
  const problem = `is ${typeName(options)}, not an object`;
  const fix = "pass options as an object ({ ... }), or leave them out";
  return fail(factory, options, problem, fix);
}

function fail(factory: string, value: unknown, problem: string, fix: string): never {
  throw new LandformError({
    code: "invalid-prop",
    prop: "options",
    value,
    problem,
    fix,
    message: `${factory} options ${show(value)} ${problem}; ${fix}.`,
  });
}
