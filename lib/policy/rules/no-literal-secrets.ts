import { isObject, isReference } from "../attributes";
import { Rule } from "../rule";
import { credentialsIn, decodedBase64 } from "./credential-patterns";

/** Attribute names that hold secrets: matched as whole `_`-separated words. */
const SECRET_WORDS =
  /(^|_)(password|passwd|secret|token|private_key|access_key|secret_key|api_key|client_key|client_secret|credentials|secret_string|secret_data|secret_binary|auth_token)(_|$)/;
/** Names that mention a secret but hold something else: an ARN, id, length, version, a setting. */
const NOT_A_SECRET =
  /(_arn|_id|_ids|_name|_names|_length|_version|_ttl|_count|_enabled|_type|_policy|_rotation|_wo_version|_hop_limit|_location|_path|_ref|_refs)$/;
/** Resources whose attributes under these names are plain data, not secrets. */
const SECRET_MAPS = new Map([
  ["kubernetes_secret", ["data"]],
  ["kubernetes_secret_v1", ["data"]],
]);
/** `secret` on these types names a secret (a resource id), it does not hold one. */
const SECRET_NAMES = new Set([
  "google_secret_manager_secret_version",
  "google_secret_manager_secret_iam_member",
  "google_secret_manager_secret_iam_binding",
]);

/** Blocks that only configure or reference secrets: their fields are units, durations or secret names. */
const SETTINGS_BLOCK = /(_units|_validity|^secret_key_ref|^secret_ref|^secret)$/;

/** How a key is treated, remembered per key: Terraform JSON repeats a small vocabulary of keys. */
interface KeyKind {
  /** `*_units`, `*_validity`: settings, never secrets. */
  readonly skip: boolean;
  /** Named like a secret (password, secret_key...) and not an id or setting of one. */
  readonly named: boolean;
  readonly base64: boolean;
  /** A block that configures or references secrets (SETTINGS_BLOCK). */
  readonly settings: boolean;
  /** `secret` or `secret_name`: inside a settings block, the name of a secret. */
  readonly secretName: boolean;
}
const keyKinds = new Map<string, KeyKind>();

function kindOf(key: string): KeyKind {
  let kind = keyKinds.get(key);
  if (kind === undefined) {
    const lower = key.toLowerCase();
    kind = {
      skip: /(_units|_validity)$/.test(lower),
      named: SECRET_WORDS.test(lower) && !NOT_A_SECRET.test(lower),
      base64: lower.endsWith("_base64"),
      settings: SETTINGS_BLOCK.test(lower),
      secretName: lower === "secret" || lower === "secret_name",
    };
    keyKinds.set(key, kind);
  }
  return kind;
}

/**
 * The walk keeps the keys and indexes down to the current value in one array and spells a path
 * only for a finding: most values hold none, and building every path was most of the rule's cost.
 */
type Path = (string | number)[];

function pathText(path: Path): string {
  let text = "";
  for (const part of path) text += typeof part === "number" ? `[${part}]` : text === "" ? part : `.${part}`;
  return text;
}

function visit(kind: KeyKind, value: unknown, path: Path, out: string[], inSettings: boolean): void {
  if (kind.skip) return;
  // `secret` inside a `secret_key_ref` or a `secret` volume names a secret; it does not hold one.
  if (inSettings && kind.secretName) return;
  if (typeof value === "string") {
    if (kind.named && value !== "" && !isReference(value)) out.push(`${pathText(path)} holds a literal value`);
    else {
      const text = kind.base64 ? (decodedBase64(value) ?? value) : value;
      for (const what of credentialsIn(text)) out.push(`${pathText(path)} contains ${what}`);
    }
  } else if (Array.isArray(value)) {
    // A list's items are judged under its name: a block's objects, or strings such as a container's args.
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      visit(kind, value[i], path, out, inSettings);
      path.pop();
    }
  } else if (isObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      path.push(k);
      visit(kindOf(k), v, path, out, kind.settings);
      path.pop();
    }
  }
}

export const noLiteralSecrets: Rule = {
  id: "no-literal-secrets",
  severity: "error",
  title: "No literal secrets in the configuration",
  // Names (password, secret_key...) and shapes (AKIA... key ids, private key headers) inside any value, such as user_data.
  rationale:
    "A password or key written into Terraform JSON lands in version control, CI logs and state, where it cannot be rotated away.",
  remediation:
    "Reference a secret instead of writing it: generate it (random_password), let the service manage it (manage_master_user_password), or read it from a secret manager or a sensitive variable. Give providers credentials through the environment, never in the provider block.",
  kinds: ["resource", "provider"],
  check(r) {
    const out: string[] = [];
    for (const [key, value] of Object.entries(r.attributes)) {
      if (key === "secret" && SECRET_NAMES.has(r.type)) continue;
      if ((SECRET_MAPS.get(r.type) ?? []).includes(key) && isObject(value)) {
        for (const [k, v] of Object.entries(value))
          if (typeof v === "string" && !isReference(v)) out.push(`${key}.${k} holds a literal value`);
        continue;
      }
      visit(kindOf(key), value, [key], out, false);
    }
    return out;
  },
};
