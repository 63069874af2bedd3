/**
 * `*` matches within one construct-path segment (anything but `/`), `**` across segments, `?` one
 * character. Addresses have no `/`, so `aws_instance.*` and `module.net.*` match what they say.
 */
export function globToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === "*" && pattern[i + 1] === "*") {
      source += ".*";
      i++;
    } else if (c === "*") source += "[^/]*";
    else if (c === "?") source += "[^/]";
    else source += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}

/** An attribute pattern covers the paths it matches and everything below them (`tags` covers `tags.owner`). */
export function coversAttribute(pattern: RegExp, path: string): boolean {
  if (pattern.test(path)) return true;
  for (let i = 0; i < path.length; i++)
    if ((path[i] === "." || path[i] === "[") && pattern.test(path.slice(0, i))) return true;
  return false;
}
