/**
 * A Terraform expression (for a `validation` condition, inside `${}`): whether `variable` matches `pattern`, for rules Landform checks
 * in JavaScript that a module can only check at plan time. Terraform's regex is RE2: `\d` is
 * written `[0-9]`; any other escape is refused rather than translated wrongly.
 */
export function regexMatch(variable: string, pattern: RegExp): string {
  const source = pattern.source.replace(/\\d/g, "[0-9]");
  if (source.includes("\\")) throw new Error(`regexMatch: cannot translate ${pattern} to a Terraform regex`);
  return `can(regex("${source}", var.${variable}))`;
}
