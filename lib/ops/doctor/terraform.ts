import { isObject } from "../../core/is-object";
import { cloudOfProvider, providerAccount } from "../../core/providers";
import { Stack } from "../read";

const MEMO = new WeakMap<readonly Stack[], Map<string, Block[]>>();

/** One resource or data block of a stack, its first body when cdktf wrote a list. */
export interface Block {
  readonly stack: Stack;
  readonly type: string;
  readonly name: string;
  /** `type.name`, or `data.type.name`. */
  readonly address: string;
  readonly body: Record<string, unknown>;
}

/** Every block of `types` (resource types, or data source types with `data`) across the stacks. */
export function blocks(stacks: readonly Stack[], section: "resource" | "data", types: readonly string[]): Block[] {
  // Checks ask for the same types once per applier: read each list once per set of stacks.
  const memo = MEMO.get(stacks) ?? new Map<string, Block[]>();
  MEMO.set(stacks, memo);
  const key = `${section} ${types.join(" ")}`;
  const cached = memo.get(key);
  if (cached !== undefined) return cached;
  const out: Block[] = [];
  memo.set(key, out);
  for (const stack of stacks) {
    const bySection = stack.json[section];
    if (!isObject(bySection)) continue;
    for (const type of types) {
      const byName = bySection[type];
      if (!isObject(byName)) continue;
      for (const [name, raw] of Object.entries(byName)) {
        const body = first(raw);
        if (body === undefined) continue;
        const address = section === "data" ? `data.${type}.${name}` : `${type}.${name}`;
        out.push({ stack, type, name, address, body });
      }
    }
  }
  return out;
}

export function first(value: unknown): Record<string, unknown> | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item : undefined;
}

/** A block's attribute as a string, its references resolved within its stack; undefined when absent. */
export function str(block: Block, key: string): string | undefined {
  const value = block.body[key];
  return typeof value === "string" ? resolve(block.stack, value) : undefined;
}

/** A list of strings (or one string), each resolved. */
export function strs(block: Block, key: string): string[] {
  const value = block.body[key];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.filter((v): v is string => typeof v === "string").map((v) => resolve(block.stack, v));
}

/** The provider blocks of a stack, by provider name. */
export function providers(stack: Stack): { name: string; body: Record<string, unknown> }[] {
  const all = isObject(stack.json.provider) ? stack.json.provider : {};
  return Object.entries(all).flatMap(([name, value]) =>
    (Array.isArray(value) ? value : [value]).filter(isObject).map((body) => ({ name, body })),
  );
}

/** The account or project a stack's default cloud provider is pinned to (AWS `allowed_account_ids`, GCP `project`). */
export function stackAccount(stack: Stack): string | undefined {
  const p = providers(stack).find((b) => cloudOfProvider(b.name) !== undefined && b.body.alias === undefined);
  return providerAccount(p && { name: p.name, attributes: p.body });
}

const REF = /\$\{(data\.)?([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}/g;

/**
 * A string with the references doctor understands replaced by their values, read from the same
 * stack: bucket and role ARNs and names, service account emails and members, cluster names, the
 * partition. A reference it does not understand stays as written (`${...}`), so a caller can tell.
 */
export function resolve(stack: Stack, text: string): string {
  if (!text.includes("${")) return text;
  const memo = RESOLVED.get(stack) ?? new Map<string, string>();
  RESOLVED.set(stack, memo);
  let out = memo.get(text);
  if (out === undefined) {
    out = resolveRefs(stack, text);
    memo.set(text, out);
  }
  return out;
}

const RESOLVED = new WeakMap<Stack, Map<string, string>>();

function resolveRefs(stack: Stack, text: string): string {
  return text.replace(REF, (whole, data: string | undefined, type: string, name: string, attr: string) => {
    const section = stack.json[data ? "data" : "resource"];
    const body = isObject(section) && isObject(section[type]) ? first(section[type][name]) : undefined;
    if (type === "aws_partition" && data) return "aws";
    if (body === undefined) return whole;
    const literal = (key: string) =>
      typeof body[key] === "string" && !body[key].includes("${") ? body[key] : undefined;
    switch (type) {
      case "aws_s3_bucket": {
        const bucket = literal("bucket");
        if (bucket === undefined) return whole;
        return attr === "arn" ? `arn:aws:s3:::${bucket}` : attr === "id" || attr === "bucket" ? bucket : whole;
      }
      case "aws_iam_role": {
        const role = literal("name");
        if (role === undefined) return whole;
        const account = stackAccount(stack) ?? "*";
        return attr === "arn"
          ? `arn:aws:iam::${account}:role/${role}`
          : attr === "name" || attr === "id"
            ? role
            : whole;
      }
      case "aws_eks_access_entry":
        return attr === "principal_arn" && typeof body.principal_arn === "string"
          ? resolve(stack, body.principal_arn)
          : whole;
      case "aws_eks_cluster":
      case "google_container_cluster":
      case "google_storage_bucket":
        return attr === "name" || attr === "id" ? (literal("name") ?? whole) : whole;
      case "google_service_account": {
        const email = serviceAccountEmail(stack, body);
        if (email === undefined) return whole;
        const project = email.split("@")[1].replace(/\.iam\.gserviceaccount\.com$/, "");
        return attr === "email"
          ? email
          : attr === "member"
            ? `serviceAccount:${email}`
            : attr === "name" || attr === "id"
              ? `projects/${project}/serviceAccounts/${email}`
              : whole;
      }
      default:
        return whole;
    }
  });
}

/** `account_id@project.iam.gserviceaccount.com`, the project from the resource or its stack's provider. */
export function serviceAccountEmail(stack: Stack, body: Record<string, unknown>): string | undefined {
  const id = body.account_id;
  const project = typeof body.project === "string" ? body.project : stackAccount(stack);
  if (typeof id !== "string" || id.includes("${") || project === undefined || project.includes("${")) return undefined;
  return `${id}@${project}.iam.gserviceaccount.com`;
}

/** A policy statement, from an `aws_iam_policy_document` or a JSON policy. */
export interface Statement {
  readonly effect: "Allow" | "Deny";
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions: readonly { test: string; variable: string; values: string[] }[];
  readonly principals: readonly string[];
}

/**
 * The statements of a policy attribute: a `${data.aws_iam_policy_document.X.json}` reference
 * (read from the data block) or a JSON string. Undefined when it is neither.
 */
export function policyStatements(stack: Stack, policy: unknown): Statement[] | undefined {
  if (typeof policy !== "string") return undefined;
  const ref = /^\$\{data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)\.json\}$/.exec(policy);
  if (ref) {
    const data = isObject(stack.json.data) ? stack.json.data.aws_iam_policy_document : undefined;
    const doc = isObject(data) ? first(data[ref[1]]) : undefined;
    if (doc === undefined || !Array.isArray(doc.statement)) return undefined;
    return doc.statement.filter(isObject).map((s) => ({
      effect: s.effect === "Deny" ? "Deny" : "Allow",
      actions: list(s.actions).map((a) => resolve(stack, a)),
      resources: list(s.resources).map((r) => resolve(stack, r)),
      conditions: (Array.isArray(s.condition) ? s.condition : [s.condition]).filter(isObject).map((c) => ({
        test: String(c.test),
        variable: resolve(stack, String(c.variable)),
        values: list(c.values).map((v) => resolve(stack, v)),
      })),
      principals: (Array.isArray(s.principals) ? s.principals : [s.principals])
        .filter(isObject)
        .flatMap((p) => list(p.identifiers).map((i) => resolve(stack, i))),
    }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(resolve(stack, policy));
  } catch {
    return undefined;
  }
  if (!isObject(parsed)) return undefined;
  return (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]).filter(isObject).map((s) => ({
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: list(s.Action),
    resources: list(s.Resource),
    conditions: Object.entries(isObject(s.Condition) ? s.Condition : {}).flatMap(([test, byVar]) =>
      Object.entries(isObject(byVar) ? byVar : {}).map(([variable, values]) => ({
        test,
        variable,
        values: list(values),
      })),
    ),
    principals: isObject(s.Principal) ? Object.values(s.Principal).flatMap(list) : list(s.Principal),
  }));
}

function list(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).filter(
    (v): v is string => typeof v === "string",
  );
}

/** IAM's wildcard match (`*` any run of characters, `?` one), case-sensitive as for resources. */
export function globMatch(pattern: string, text: string, ignoreCase = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${source}$`, ignoreCase ? "i" : "").test(text);
}

/** Every `exec.command` in a provider block, however deeply nested (helm's `kubernetes.exec`). */
export function execCommands(body: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(body)) body.forEach((b) => execCommands(b, out));
  else if (isObject(body))
    for (const [key, value] of Object.entries(body)) {
      if (key === "exec")
        for (const e of Array.isArray(value) ? value : [value])
          if (isObject(e) && typeof e.command === "string") out.add(e.command);
      execCommands(value, out);
    }
  return out;
}
