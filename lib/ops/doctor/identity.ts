import { isObject } from "../../core/is-object";
import { Stack } from "../read";
import {
  Block,
  blocks,
  first,
  globMatch,
  policyStatements,
  resolve,
  serviceAccountEmail,
  stackAccount,
  Statement,
  str,
  strs,
} from "./terraform";

/** A verdict on a link: it holds, it is broken, or a fact it needs cannot be read (with why). */
export type Verdict = true | false | { readonly unknown: string };

/** The claims an applier presents when it asks for its identity (GitHub's OIDC token, a Kubernetes service account). */
export interface Claims {
  /**
   * `repo:acme@100000001/platform@800000001:environment:prod` (GitHub's immutable subject, when the
   * repository's ids are known), `repo:acme/platform:pull_request`, `system:serviceaccount:flux-system:tf-runner`.
   */
  readonly sub: string;
  /** `owner/name`. */
  readonly repository?: string;
  readonly repository_owner?: string;
  readonly repository_id?: string;
  readonly repository_owner_id?: string;
  readonly environment?: string;
  /** `refs/heads/main`, `refs/pull/{number}/merge` (a pull request: never a branch). */
  readonly ref?: string;
  /** `owner/name/.github/workflows/deploy.yml@refs/heads/main`: the workflow file the job is in, at the ref. */
  readonly job_workflow_ref?: string;
  /** `push`, `pull_request`, `schedule`, ... */
  readonly event_name?: string;
}

/** A cloud identity an applier runs as: an AWS role or a Google service account. */
export interface IdentityRef {
  readonly kind: "role" | "service-account";
  /** `landform-gh-apply-dev` (an AWS role name) or a service account email. */
  readonly name: string;
  /** The AWS account of a role, when the ARN names it (role names repeat across accounts). */
  readonly account?: string;
  /** For GCP federation: the pool and provider the job names (`projects/N/locations/global/workloadIdentityPools/P/providers/Q`). */
  readonly provider?: string;
}

export const identityKey = (i: IdentityRef) => `${i.kind}:${i.account ?? ""}:${i.name}`;

/** The roles and service accounts declared in the stacks, with where. */
export interface Declared {
  readonly stack: string;
  readonly address: string;
  readonly file: string;
}

/** Everything doctor reads about identities, indexed once per run. */
export class IdentityFacts {
  /** Roles by name; a name can repeat across accounts (one bootstrap stack per account). */
  private readonly roles = new Map<string, Block[]>();
  private readonly accounts = new Map<string, Block>();
  private readonly statementsOf = new Map<string, { statements: Statement[]; unknown?: string }>();
  private byRole?: { policies: Map<string, Block[]>; attachments: Map<string, Block[]> };

  constructor(private readonly stacks: readonly Stack[]) {
    for (const b of blocks(stacks, "resource", ["aws_iam_role"])) {
      const name = str(b, "name");
      if (name !== undefined && !name.includes("${")) this.roles.set(name, [...(this.roles.get(name) ?? []), b]);
    }
    for (const b of blocks(stacks, "resource", ["google_service_account"])) {
      const email = serviceAccountEmail(b.stack, b.body);
      if (email !== undefined) this.accounts.set(email, b);
    }
  }

  /** Where an identity is declared, or undefined when no committed stack declares it. */
  declared(identity: IdentityRef): Declared | undefined {
    const found = identity.kind === "role" ? this.role(identity) : this.accounts.get(identity.name);
    const b = found === undefined || "unknown" in found ? undefined : found;
    return b && { stack: b.stack.name, address: b.address, file: b.stack.file };
  }

  /**
   * The role an identity names: by name, and by account where the ARN and the declaring stack's
   * `aws` provider (`allowed_account_ids`) name one. Undefined when no stack declares it.
   */
  private role(identity: IdentityRef): Block | { unknown: string } | undefined {
    const named = this.roles.get(identity.name) ?? [];
    const matching = named.filter((b) => {
      const account = stackAccount(b.stack);
      return identity.account === undefined || account === undefined || account === identity.account;
    });
    if (matching.length <= 1) return matching[0];
    return {
      unknown: `${matching.length} stacks declare a role ${identity.name} (${matching.map((b) => b.stack.name).join(", ")}) and the ARN names no account that tells which`,
    };
  }

  /** The declared identities whose trust names these claims' subject and accepts them. */
  trustedBy(claims: Claims, cluster?: string): IdentityRef[] {
    const out: IdentityRef[] = [];
    for (const [name, roles] of this.roles)
      for (const role of roles) {
        if (!JSON.stringify(policyStatements(role.stack, role.body.assume_role_policy) ?? []).includes(claims.sub))
          continue;
        const identity: IdentityRef = { kind: "role", name, account: stackAccount(role.stack) };
        if (this.awsTrust(identity, claims, cluster) === true) out.push(identity);
      }
    for (const email of this.accounts.keys())
      if (this.gcpTrust({ kind: "service-account", name: email }, claims) === true)
        out.push({ kind: "service-account", name: email });
    return out;
  }

  /** Whether the identity's trust accepts these claims. */
  trusts(identity: IdentityRef, claims: Claims, cluster?: string): Verdict {
    return identity.kind === "role" ? this.awsTrust(identity, claims, cluster) : this.gcpTrust(identity, claims);
  }

  private awsTrust(identity: IdentityRef, claims: Claims, cluster?: string): Verdict {
    const role = this.role(identity);
    if (role === undefined) return { unknown: `no committed stack declares the role ${shownRole(identity)}` };
    if ("unknown" in role) return role;
    const statements = policyStatements(role.stack, role.body.assume_role_policy);
    if (statements === undefined) return { unknown: `the trust policy of ${role.address} cannot be read` };
    let unknown: string | undefined;
    for (const s of statements) {
      if (s.effect !== "Allow" || !s.actions.some((a) => globMatch(a, "sts:AssumeRoleWithWebIdentity", true))) continue;
      const verdict = allConditions(s, claims, role, cluster);
      if (verdict === true) return true;
      if (verdict !== false) unknown = verdict.unknown;
    }
    return unknown === undefined ? false : { unknown };
  }

  private gcpTrust(identity: IdentityRef, claims: Claims): Verdict {
    if (!this.accounts.has(identity.name))
      return { unknown: `no committed stack declares the service account ${identity.name}` };
    const condition = this.providerConditionFor(identity.provider, claims);
    if (condition !== true) return condition;
    const members = this.saMembers(identity.name, "roles/iam.workloadIdentityUser");
    let unknown: string | undefined;
    for (const { member, block } of members) {
      const verdict = this.memberAccepts(member, block, claims, identity.provider);
      if (verdict === true) return true;
      if (verdict !== false) unknown = verdict.unknown;
    }
    return unknown === undefined ? false : { unknown };
  }

  /** The members bound to `role` on a service account (`google_service_account_iam_member`/`_binding`). */
  private saMembers(email: string, role: string): { member: string; block: Block }[] {
    return blocks(this.stacks, "resource", ["google_service_account_iam_member", "google_service_account_iam_binding"])
      .filter(
        (b) => str(b, "role") === role && (str(b, "service_account_id") ?? "").endsWith(`/serviceAccounts/${email}`),
      )
      .flatMap((b) => [...strs(b, "member"), ...strs(b, "members")].map((member) => ({ member, block: b })));
  }

  private memberAccepts(member: string, block: Block, claims: Claims, provider?: string): Verdict {
    const k8s = /^serviceAccount:([^[]+)\.svc\.id\.goog\[([^/]+)\/([^\]]+)\]$/.exec(member);
    if (k8s) return claims.sub === `system:serviceaccount:${k8s[2]}:${k8s[3]}`;
    const fed =
      /^principal(Set)?:\/\/iam\.googleapis\.com\/(projects\/[^/]+\/locations\/global\/workloadIdentityPools\/[^/]+)\/(.*)$/.exec(
        member,
      );
    if (!fed) return false;
    const [, , pool, rest] = fed;
    if (provider !== undefined && !provider.startsWith(`${pool}/providers/`)) return false;
    if (rest.startsWith("subject/")) return rest.slice("subject/".length) === claims.sub;
    if (rest === "*") return true;
    const attribute = /^attribute\.([a-z_]+)\/(.+)$/.exec(rest);
    if (attribute) {
      const claim = this.mappedClaim(pool, provider, `attribute.${attribute[1]}`);
      if (claim === undefined)
        return { unknown: `${block.address}: attribute.${attribute[1]} maps no claim doctor reads` };
      return claimValue(claims, claim) === attribute[2];
    }
    return { unknown: `${block.address}: member ${member} cannot be read` };
  }

  private wifProvider(pool: string, provider?: string): Block | undefined {
    const poolId = pool.split("/").pop();
    const providerId = provider?.split("/").pop();
    const candidates = blocks(this.stacks, "resource", ["google_iam_workload_identity_pool_provider"]).filter((b) => {
      const p = b.body.workload_identity_pool_provider_id;
      const ownPool = resolvePoolId(b);
      return (providerId === undefined || p === providerId) && (ownPool === undefined || ownPool === poolId);
    });
    // Pool and provider ids repeat across projects (one bootstrap stack per project): the stack that
    // names the pool's full path (`projects/<number>/...`) in its federation members is its project's.
    if (candidates.length <= 1) return candidates[0];
    return candidates.find((b) => JSON.stringify(b.stack.json).includes(`${pool}/`)) ?? candidates[0];
  }

  /**
   * The provider's `attribute_condition` (CEL), evaluated for the claims: `assertion.x == "v"`,
   * `!=`, `.contains()`/`.startsWith()`/`.endsWith()`, `!`, `&&`, `||` and parentheses.
   */
  providerConditionFor(provider: string | undefined, claims: Claims): Verdict {
    if (provider === undefined) return true;
    const pool = provider.replace(/\/providers\/[^/]+$/, "");
    const b = this.wifProvider(pool, provider);
    if (b === undefined) return { unknown: `no committed stack declares the workload identity provider ${provider}` };
    const condition = str(b, "attribute_condition");
    if (condition === undefined || condition.trim() === "") return true;
    const verdict = evaluateCel(condition, claims);
    return verdict === true || verdict === false ? verdict : { unknown: `${b.address}: ${verdict.unknown}` };
  }

  private mappedClaim(pool: string, provider: string | undefined, attribute: string): string | undefined {
    const b = this.wifProvider(pool, provider);
    const mapping = b && isObject(b.body.attribute_mapping) ? b.body.attribute_mapping : {};
    const value = mapping[attribute];
    const m = typeof value === "string" ? /^assertion\.([a-z_]+)$/.exec(value) : null;
    return m ? m[1] : undefined;
  }

  /** Whether the identity can write the object `key` of `bucket` (S3 or GCS). */
  canWrite(identity: IdentityRef, bucket: string, key: string): Verdict {
    return identity.kind === "role" ? this.awsWrite(identity, bucket, key) : this.gcsWrite(identity.name, bucket, key);
  }

  /** The statements that apply to a role: inline and attached policies (AWS managed ones by their known scope). */
  private roleStatements(role: Block): { statements: Statement[]; unknown?: string } {
    const key = roleKey(role);
    let known = this.statementsOf.get(key);
    if (known === undefined) {
      known = this.readRoleStatements(role);
      this.statementsOf.set(key, known);
    }
    return known;
  }

  /** Inline policies and attachments by role name, read once. */
  private roleIndex(): { policies: Map<string, Block[]>; attachments: Map<string, Block[]> } {
    if (this.byRole === undefined) {
      const policies = new Map<string, Block[]>();
      const attachments = new Map<string, Block[]>();
      // Keyed by account and name: a policy names its role by name, in its own account.
      const add = (map: Map<string, Block[]>, name: string | undefined, b: Block) => {
        const key = `${stackAccount(b.stack) ?? ""}:${name}`;
        if (name !== undefined) map.set(key, [...(map.get(key) ?? []), b]);
      };
      for (const b of blocks(this.stacks, "resource", ["aws_iam_role_policy"])) add(policies, str(b, "role"), b);
      for (const b of blocks(this.stacks, "resource", ["aws_iam_role_policy_attachment", "aws_iam_policy_attachment"]))
        for (const name of new Set([str(b, "role"), ...strs(b, "roles")])) add(attachments, name, b);
      this.byRole = { policies, attachments };
    }
    return this.byRole;
  }

  private readRoleStatements(role: Block): { statements: Statement[]; unknown?: string } {
    const out: Statement[] = [];
    let unknown: string | undefined;
    const name = roleKey(role);
    const inline = Array.isArray(role.body.inline_policy) ? role.body.inline_policy : [role.body.inline_policy];
    const policies: { stack: Stack; policy: unknown; where: string }[] = inline
      .filter(isObject)
      .map((p) => ({ stack: role.stack, policy: p.policy, where: `${role.address}.inline_policy` }));
    const index = this.roleIndex();
    for (const b of index.policies.get(name) ?? [])
      policies.push({ stack: b.stack, policy: b.body.policy, where: b.address });
    const arns: { arn: string; where: string; stack: Stack }[] = [];
    for (const b of index.attachments.get(name) ?? [])
      arns.push({ arn: b.body.policy_arn as string, where: b.address, stack: b.stack });
    for (const arn of strs(role, "managed_policy_arns")) arns.push({ arn, where: role.address, stack: role.stack });
    for (const { arn, where, stack } of arns) {
      const raw = typeof arn === "string" ? arn : "";
      const ref = /^\$\{aws_iam_policy\.([A-Za-z0-9_-]+)\.arn\}$/.exec(raw);
      if (ref) {
        const policy =
          isObject(stack.json.resource) && isObject(stack.json.resource.aws_iam_policy)
            ? first(stack.json.resource.aws_iam_policy[ref[1]])
            : undefined;
        policies.push({ stack, policy: policy?.policy, where: `aws_iam_policy.${ref[1]}` });
        continue;
      }
      const managed = /:policy\/([A-Za-z0-9_+=,.@-]+)$/.exec(resolve(stack, raw));
      const scope = managed ? AWS_MANAGED[managed[1]] : undefined;
      if (scope) out.push(...scope);
      else if (!managed || !/^arn:aws:iam::aws:policy\//.test(resolve(stack, raw)))
        unknown = `${where}: policy ${raw} cannot be read`;
    }
    for (const { stack, policy, where } of policies) {
      const statements = policyStatements(stack, policy);
      if (statements === undefined) unknown = `${where}: the policy cannot be read`;
      else out.push(...statements);
    }
    return { statements: out, unknown };
  }

  private awsWrite(identity: IdentityRef, bucket: string, key: string): Verdict {
    const role = this.role(identity);
    if (role === undefined) return { unknown: `no committed stack declares the role ${shownRole(identity)}` };
    if ("unknown" in role) return role;
    const name = identity.name;
    const { statements, unknown } = this.roleStatements(role);
    const object = `arn:aws:s3:::${bucket}/${key}`;
    const matches = (s: Statement) =>
      s.actions.some((a) => globMatch(a, "s3:PutObject", true)) && s.resources.some((r) => globMatch(r, object));
    if (statements.some((s) => s.effect === "Deny" && s.conditions.length === 0 && matches(s))) return false;
    if (statements.some((s) => s.effect === "Allow" && matches(s))) return true;
    const unresolved = statements.find(
      (s) =>
        s.effect === "Allow" &&
        s.resources.some((r) => r.includes("${")) &&
        s.actions.some((a) => globMatch(a, "s3:PutObject", true)),
    );
    if (unresolved)
      return {
        unknown: `a policy of ${name} names a resource doctor cannot resolve (${unresolved.resources.find((r) => r.includes("${"))})`,
      };
    return unknown === undefined ? false : { unknown };
  }

  private gcsWrite(email: string, bucket: string, key: string): Verdict {
    if (!this.accounts.has(email)) return { unknown: `no committed stack declares the service account ${email}` };
    const member = `serviceAccount:${email}`;
    const object = `projects/_/buckets/${bucket}/objects/${key}`;
    let unknown: string | undefined;
    for (const b of blocks(this.stacks, "resource", [
      "google_storage_bucket_iam_member",
      "google_storage_bucket_iam_binding",
    ])) {
      if (str(b, "bucket") !== bucket || !GCS_WRITE.has(str(b, "role") ?? "")) continue;
      if (![...strs(b, "member"), ...strs(b, "members")].includes(member)) continue;
      const condition = first(b.body.condition);
      const verdict =
        condition === undefined ? true : celObject(resolve(b.stack, String(condition.expression ?? "")), object);
      if (verdict === true) return true;
      if (verdict !== false) unknown = `${b.address}: ${verdict.unknown}`;
    }
    const declared = blocks(this.stacks, "resource", ["google_storage_bucket"]).find((b) => str(b, "name") === bucket);
    const project = declared && (str(declared, "project") ?? declaredProject(declared));
    if (project !== undefined && this.projectRoles(project, member).some((r) => PROJECT_WRITE.has(r))) return true;
    if (unknown !== undefined) return { unknown };
    if (declared === undefined) return { unknown: `no committed stack declares the state bucket ${bucket}` };
    return false;
  }

  /** The roles a member holds on a project (`google_project_iam_member`/`_binding`, unconditional). */
  projectRoles(project: string, member: string): string[] {
    return blocks(this.stacks, "resource", ["google_project_iam_member", "google_project_iam_binding"])
      .filter((b) => (str(b, "project") ?? declaredProject(b)) === project && b.body.condition === undefined)
      .filter((b) => [...strs(b, "member"), ...strs(b, "members")].includes(member))
      .map((b) => str(b, "role") ?? "");
  }

  /** The AWS role a principal ARN names (`arn:aws:iam::1:role/path/name` -> name). */
  static roleOfArn(arn: string): string | undefined {
    const m = /:role\/(?:.*\/)?([^/]+)$/.exec(arn);
    return m ? m[1] : undefined;
  }

  /** The role an ARN names, with its account when the ARN has a literal one. */
  static roleRefOfArn(arn: string): IdentityRef | undefined {
    const name = IdentityFacts.roleOfArn(arn);
    const account = /^arn:[^:]+:iam::(\d{12}):role\//.exec(arn)?.[1];
    return name === undefined ? undefined : { kind: "role", name, ...(account ? { account } : {}) };
  }
}

const roleKey = (role: Block) => `${stackAccount(role.stack) ?? ""}:${str(role, "name") ?? ""}`;
const shownRole = (i: IdentityRef) => (i.account ? `${i.name} (account ${i.account})` : i.name);

function declaredProject(b: Block): string | undefined {
  const p = b.stack.json.provider;
  const google = isObject(p) ? first(p.google) : undefined;
  return typeof google?.project === "string" ? google.project : undefined;
}

function resolvePoolId(b: Block): string | undefined {
  const raw = b.body.workload_identity_pool_id;
  if (typeof raw !== "string") return undefined;
  const ref = /^\$\{google_iam_workload_identity_pool\.([A-Za-z0-9_-]+)\.workload_identity_pool_id\}$/.exec(raw);
  if (!ref) return raw;
  const pools = isObject(b.stack.json.resource) ? b.stack.json.resource.google_iam_workload_identity_pool : undefined;
  const pool = isObject(pools) ? first(pools[ref[1]]) : undefined;
  return typeof pool?.workload_identity_pool_id === "string" ? pool.workload_identity_pool_id : undefined;
}

const CLAIMS = new Set([
  "sub",
  "repository",
  "repository_owner",
  "repository_id",
  "repository_owner_id",
  "environment",
  "ref",
  "job_workflow_ref",
  "event_name",
]);

/** A claim's value, or undefined when the applier's claims do not tell it (or doctor does not model it). */
function claimValue(claims: Claims, claim: string): string | undefined {
  return CLAIMS.has(claim) ? (claims as unknown as Record<string, string | undefined>)[claim] : undefined;
}

/** Every condition of a trust statement, for these claims: `...:sub` and the GitHub claims doctor knows. */
function allConditions(s: Statement, claims: Claims, role: Block, cluster?: string): Verdict {
  for (const c of s.conditions) {
    const claim = /:([a-z_]+)$/.exec(c.variable)?.[1];
    if (claim === "aud" || claim === "amr") continue;
    if (cluster !== undefined) {
      const lookup = /data\.aws_eks_cluster\.([A-Za-z0-9_-]+)\.identity/.exec(c.variable);
      const data =
        lookup && isObject(role.stack.json.data) && isObject(role.stack.json.data.aws_eks_cluster)
          ? first(role.stack.json.data.aws_eks_cluster[lookup[1]])
          : undefined;
      if (data && typeof data.name === "string" && data.name !== cluster) return false;
    }
    const value = claim === undefined ? undefined : claimValue(claims, claim);
    if (value === undefined)
      return { unknown: `${role.address}: the trust condition on ${c.variable} is not a claim doctor knows` };
    const test = c.test.replace(/^ForAnyValue:/, "");
    const ok =
      test === "StringEquals"
        ? c.values.includes(value)
        : test === "StringLike"
          ? c.values.some((v) => globMatch(v, value))
          : undefined;
    if (ok === undefined) return { unknown: `${role.address}: the trust test ${c.test} cannot be read` };
    if (!ok) return false;
  }
  return true;
}

/** A bucket IAM condition (CEL) for one object: `||` of name prefix, suffix, equality and type tests. */
function celObject(expression: string, object: string): Verdict {
  if (/&&|\(\s*[^")]/.test(expression.replace(/\.(startsWith|endsWith)\("/g, "")))
    return { unknown: `the condition ${expression} cannot be read` };
  for (const clause of expression.split("||").map((c) => c.trim())) {
    const m = /^resource\.(name|type)\s*(==|\.startsWith\(|\.endsWith\()\s*"([^"]*)"\)?$/.exec(clause);
    if (!m) return { unknown: `the condition clause ${clause} cannot be read` };
    const [, field, op, value] = m;
    const actual = field === "type" ? "storage.googleapis.com/Object" : object;
    if (
      op === "==" ? actual === value : op.startsWith(".startsWith") ? actual.startsWith(value) : actual.endsWith(value)
    )
      return true;
  }
  return false;
}

/** AWS managed policies whose scope over S3 doctor knows (`AdministratorAccess` is `*` on `*`). */
const allow = (actions: string[]): Statement[] => [
  { effect: "Allow", actions, resources: ["*"], conditions: [], principals: [] },
];
const AWS_MANAGED: Readonly<Record<string, Statement[]>> = {
  AdministratorAccess: allow(["*"]),
  PowerUserAccess: allow(["*"]),
  AmazonS3FullAccess: allow(["s3:*"]),
  ReadOnlyAccess: allow(["s3:Get*", "s3:List*"]),
  ViewOnlyAccess: allow(["s3:List*"]),
  AmazonS3ReadOnlyAccess: allow(["s3:Get*", "s3:List*"]),
};

/** Bucket roles that create objects (https://cloud.google.com/storage/docs/access-control/iam-roles). */
const GCS_WRITE = new Set([
  "roles/storage.admin",
  "roles/storage.objectAdmin",
  "roles/storage.objectUser",
  "roles/storage.objectCreator",
  "roles/storage.legacyBucketWriter",
  "roles/storage.legacyBucketOwner",
]);
/** Project roles that create objects in every bucket of the project. */
const PROJECT_WRITE = new Set([
  "roles/owner",
  "roles/editor",
  "roles/storage.admin",
  "roles/storage.objectAdmin",
  "roles/storage.objectUser",
  "roles/storage.objectCreator",
]);

/**
 * A workload identity provider's `attribute_condition`, for these claims. The CEL subset providers
 * use (https://cloud.google.com/iam/docs/workload-identity-federation#conditions): string equality,
 * `contains`/`startsWith`/`endsWith` on `assertion.<claim>`, `!`, `&&`, `||` and parentheses.
 */
export function evaluateCel(expression: string, claims: Claims): Verdict {
  const tokens = expression.match(/"(?:[^"\\]|\\.)*"|&&|\|\||==|!=|[()!,.]|[A-Za-z_][A-Za-z0-9_]*|\S/g) ?? [];
  let at = 0;
  const fail = (why: string): never => {
    throw new CelError(why);
  };
  const peek = () => tokens[at];
  const take = (t?: string) => {
    const tok = tokens[at++];
    if (t !== undefined && tok !== t) fail(`expected ${t} at ${tok ?? "the end"}`);
    return tok;
  };
  type Value = { bool: boolean | undefined } | { str: string | undefined; what: string };
  const and = (a: boolean | undefined, b: boolean | undefined) =>
    a === false || b === false ? false : a === true && b === true ? true : undefined;
  const or = (a: boolean | undefined, b: boolean | undefined) =>
    a === true || b === true ? true : a === false && b === false ? false : undefined;
  let unknownClaim: string | undefined;
  const asBool = (v: Value): boolean | undefined => ("bool" in v ? v.bool : fail(`${v.what} is not a condition`));
  const orExpr = (): boolean | undefined => {
    let v = andExpr();
    while (peek() === "||") {
      take();
      v = or(v, andExpr());
    }
    return v;
  };
  const andExpr = (): boolean | undefined => {
    let v = unary();
    while (peek() === "&&") {
      take();
      v = and(v, unary());
    }
    return v;
  };
  const unary = (): boolean | undefined => {
    if (peek() === "!") {
      take();
      const v = unary();
      return v === undefined ? undefined : !v;
    }
    return asBool(comparison());
  };
  const comparison = (): Value => {
    const left = primary();
    const op = peek();
    if (op !== "==" && op !== "!=") return left;
    take();
    const right = primary();
    if ("bool" in left || "bool" in right) fail("comparisons of conditions cannot be read");
    const l = left as { str: string | undefined };
    const r = right as { str: string | undefined };
    if (l.str === undefined || r.str === undefined) return { bool: undefined };
    return { bool: op === "==" ? l.str === r.str : l.str !== r.str };
  };
  const primary = (): Value => {
    const tok = take();
    if (tok === undefined) return fail("the condition ends early");
    if (tok === "(") {
      const v = orExpr();
      take(")");
      return { bool: v };
    }
    if (tok.startsWith('"')) return { str: JSON.parse(tok) as string, what: tok };
    if (tok === "true" || tok === "false") return { bool: tok === "true" };
    if (tok !== "assertion") return fail(`${tok} cannot be read`);
    take(".");
    const claim = take();
    const value = claimValue(claims, claim);
    if (value === undefined) unknownClaim ??= claim;
    if (peek() !== ".") return { str: value, what: `assertion.${claim}` };
    take(".");
    const method = take();
    if (method !== "contains" && method !== "startsWith" && method !== "endsWith")
      return fail(`assertion.${claim}.${method} cannot be read`);
    take("(");
    const arg = take();
    if (!arg?.startsWith('"')) return fail(`${method} of something other than a string cannot be read`);
    take(")");
    const text = JSON.parse(arg) as string;
    if (value === undefined) return { bool: undefined };
    return {
      bool:
        method === "contains"
          ? value.includes(text)
          : method === "startsWith"
            ? value.startsWith(text)
            : value.endsWith(text),
    };
  };
  try {
    const verdict = orExpr();
    if (at !== tokens.length) fail(`${tokens[at]} cannot be read`);
    if (verdict !== undefined) return verdict;
    return { unknown: `the applier's ${unknownClaim ?? "claims"} claim is not known` };
  } catch (error) {
    if (error instanceof CelError)
      return { unknown: `attribute_condition ${expression} cannot be read: ${error.message}` };
    throw error;
  }
}

class CelError extends Error {}
