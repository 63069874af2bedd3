/**
 * Credentials recognisable by their shape inside any string value (user_data scripts, environment
 * blocks, config files): narrow patterns, so a finding is nearly always a real secret. Sources: the
 * AWS key formats in AWS's IAM user guide ("Unique identifiers", access key ids AKIA/ASIA), the
 * git-secrets patterns checkov reuses (bridgecrewio/checkov, checkov/common/util/secrets.py), and
 * GitHub's token formats (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_).
 */
const CREDENTIALS: readonly { readonly what: string; readonly pattern: RegExp }[] = [
  // AIDA/AROA/... are ids of users and roles, which policies name openly: only key ids are secrets' halves.
  { what: "an AWS access key id", pattern: /(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])/ },
  {
    what: "an AWS secret access key",
    pattern: /secret_?access_?key["']?\s*(?:=|:|=>)\s*["']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])/i,
  },
  { what: "an AWS session token", pattern: /session_?token["']?\s*(?:=|:|=>)\s*["']?[A-Za-z0-9/+=]{100,}/i },
  { what: "a private key", pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/ },
  {
    what: "a GitHub token",
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/,
  },
];

/** Text every pattern above needs, in one pass: most strings hold none, and are scanned once, not per pattern. */
const ANY_CREDENTIAL = /AKIA|ASIA|secret_?access_?key|session_?token|PRIVATE KEY|gh[pousr]_|github_pat_/i;

/** The shortest credential above (an access key id); shorter strings are skipped unscanned. */
const SHORTEST = 20;
/** Terraform interpolations and directives: what they produce is only known at apply time. */
const TEMPLATE = /[$%]\{[^}]*\}/g;

/** What kinds of credential a literal string holds, e.g. `["an AWS access key id"]`; never the secret itself. */
export function credentialsIn(value: string): string[] {
  if (value.length < SHORTEST) return [];
  if (!ANY_CREDENTIAL.test(value)) return [];
  const literal = value.includes("{") ? value.replace(TEMPLATE, " ") : value;
  return CREDENTIALS.filter((c) => c.pattern.test(literal)).map((c) => c.what);
}

/** `user_data_base64` and the like: the decoded text, when the value is literal base64. */
export function decodedBase64(value: string): string | undefined {
  const compact = value.replace(/\s+/g, "");
  if (compact.length < SHORTEST || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}
