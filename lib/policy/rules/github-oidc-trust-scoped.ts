import { block, blocks, isObject, strings } from "../attributes";
import { Attributes, PolicyResource, Rule } from "../rule";

const HOST = "token.actions.githubusercontent.com";
/**
 * `repo:<owner>/<name>:...` with no wildcard in owner or name, in GitHub's legacy or immutable
 * form (`repo:<owner>@<owner id>/<name>@<repository id>:...`, GitHub Docs "OpenID Connect reference").
 */
const ONE_REPOSITORY = /^repo:[A-Za-z0-9-]+(@\d+)?\/[A-Za-z0-9._-]+(@\d+)?:\S+$/;

export const githubOidcTrustScoped: Rule = {
  id: "github-oidc-trust-scoped",
  severity: "error",
  title: "Trust in GitHub's OIDC tokens names one repository",
  rationale:
    "Every workflow on GitHub can mint a token from token.actions.githubusercontent.com: a role or workload identity provider that does not pin the repository (and, for AWS, the subject) can be assumed from anyone's repository.",
  remediation:
    'AWS: add a StringEquals condition on token.actions.githubusercontent.com:sub with exact subjects such as "repo:<owner>/<name>:environment:prod". GCP: set attribute_condition = \'assertion.repository == "<owner>/<name>"\' on the workload identity pool provider.',
  check(r) {
    if (r.type === "aws_iam_role") return awsProblems(r);
    if (r.type === "google_iam_workload_identity_pool_provider") return gcpProblem(r.attributes);
    return undefined;
  },
};

interface Statement {
  readonly federated: string[];
  readonly actions: string[];
  /** `[test, variable, values]` */
  readonly conditions: [string, string, string[]][];
}

function awsProblems(r: PolicyResource): string[] {
  const statements = trustStatements(r);
  const github = statements.filter(
    (s) =>
      s.actions.some((a) => a === "sts:AssumeRoleWithWebIdentity" || a === "sts:*" || a === "*") &&
      (s.federated.some((f) => f.includes(HOST) || githubProviderReference(r, f)) ||
        s.conditions.some(([, v]) => v.startsWith(HOST))),
  );
  return github.flatMap((s) => {
    const subjects = s.conditions.filter(
      ([test, variable]) => variable === `${HOST}:sub` && /^String(Equals|Like)$/.test(test),
    );
    if (subjects.length === 0)
      return [`trusts GitHub's OIDC tokens with no condition on ${HOST}:sub, so any repository may assume it`];
    const wide = subjects.flatMap(([test, , values]) =>
      values.filter(
        (v) => !ONE_REPOSITORY.test(v) || (test === "StringLike" && /[*?]/.test(v.split(":").slice(0, 2).join(":"))),
      ),
    );
    return wide.map((v) => `trusts the subject ${JSON.stringify(v)}, which is not limited to one repository`);
  });
}

/** The trust policy's statements, from a JSON string or the `aws_iam_policy_document` data source it references. */
function trustStatements(r: PolicyResource): Statement[] {
  const policy = r.attributes.assume_role_policy;
  if (typeof policy !== "string") return [];
  const ref = /^\$\{data\.aws_iam_policy_document\.([^.]+)\.json\}$/.exec(policy);
  if (ref) {
    const data = isObject(r.stack.json.data) ? r.stack.json.data : {};
    const doc = isObject(data.aws_iam_policy_document) ? data.aws_iam_policy_document[ref[1]] : undefined;
    return blocks(isObject(doc) ? doc : undefined, "statement")
      .filter((s) => s.effect !== "Deny")
      .map((s) => ({
        federated: blocks(s, "principals")
          .filter((p) => p.type === "Federated")
          .flatMap((p) => strings(p.identifiers)),
        actions: strings(s.actions),
        conditions: blocks(s, "condition").map(
          (c) => [String(c.test), String(c.variable), strings(c.values)] as [string, string, string[]],
        ),
      }));
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(policy);
  } catch {
    return [];
  }
  const list = isObject(parsed) ? (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) : [];
  return list
    .filter(isObject)
    .filter((s) => s.Effect !== "Deny")
    .map((s) => {
      const principal = isObject(s.Principal) ? s.Principal : {};
      const condition = isObject(s.Condition) ? s.Condition : {};
      return {
        federated: strings(principal.Federated),
        actions: strings(s.Action),
        conditions: Object.entries(condition).flatMap(([test, byKey]) =>
          Object.entries(isObject(byKey) ? byKey : {}).map(
            ([variable, values]) =>
              [test.replace(/^ForAnyValue:|^ForAllValues:/, ""), variable, strings(values)] as [
                string,
                string,
                string[],
              ],
          ),
        ),
      };
    });
}

/** `${aws_iam_openid_connect_provider.x.arn}` naming a provider of GitHub's issuer in the same stack. */
function githubProviderReference(r: PolicyResource, identifier: string): boolean {
  const m = /^\$\{aws_iam_openid_connect_provider\.([^.]+)\.arn\}$/.exec(identifier);
  const resources = isObject(r.stack.json.resource) ? r.stack.json.resource : {};
  const providers = isObject(resources.aws_iam_openid_connect_provider)
    ? resources.aws_iam_openid_connect_provider
    : {};
  const provider = m ? providers[m[1]] : undefined;
  return isObject(provider) && typeof provider.url === "string" && provider.url.includes(HOST);
}

function gcpProblem(a: Attributes): string | undefined {
  const issuer = block(a, "oidc")?.issuer_uri;
  if (typeof issuer !== "string" || !issuer.includes(HOST)) return undefined;
  const condition = typeof a.attribute_condition === "string" ? a.attribute_condition : "";
  if (condition.trim() === "")
    return "trusts GitHub's OIDC tokens with no attribute_condition, so any repository may use it";
  const pinned = /(assertion|attribute)\.repository(_id)?\s*==\s*["'][^"'*]+["']/.test(condition);
  return pinned
    ? undefined
    : `attribute_condition ${JSON.stringify(condition)} does not require one repository (repository == "<owner>/<name>")`;
}
