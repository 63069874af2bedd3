import { TerraformResource, Token } from "cdktf";
import type { IConstruct } from "constructs";
import { invalidProp } from "./core/errors";
import { K8S_NAME, K8S_NAME_FIX } from "./core/naming";
import { objectProp, rejectNulls } from "./core/prop-types";
import { targetOf } from "./core/registry";
import type { StackInfo } from "./core/stack-info";
import { Check, Checks, PropRules, validateAllProps } from "./core/validate";
import type { ClusterReader } from "./contracts/cluster";

// What each cloud grants read access to: an IAM principal on EKS (access entries take role and user
// ARNs), a Google service account on GKE (RBAC names it by its email).
const FORMS = {
  aws: {
    pattern: /^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/[\w+=,.@/-]+$/,
    what: "an IAM role or user ARN",
    example: '"arn:aws:iam::123456789012:role/landform-gh-plan"',
  },
  gcp: {
    pattern: /^[a-z][a-z0-9-]{4,28}[a-z0-9]@[a-z0-9.-]+\.gserviceaccount\.com$/,
    what: "a Google service account email",
    example: '"landform-gh-plan@my-project.iam.gserviceaccount.com"',
  },
} as const;

const identity: Check = (scope, prop, value) => {
  if (Token.isUnresolved(value)) return;
  const cloud = targetOf(scope).cloud as keyof typeof FORMS;
  const form = FORMS[cloud];
  if (typeof value === "string" && form.pattern.test(value)) return;
  const other = (Object.keys(FORMS) as (keyof typeof FORMS)[]).find(
    (c) => c !== cloud && typeof value === "string" && FORMS[c].pattern.test(value),
  );
  throw invalidProp(
    scope,
    prop,
    value,
    other ? `is ${FORMS[other].what}, an identity of ${other}, but this cluster is on ${cloud}` : `is not ${form.what}`,
    `use ${form.what}, e.g. ${form.example}`,
  );
};

const namespaces: Check = (scope, prop, value) => {
  if (value === undefined) return;
  Checks.list(
    (s, p, ns) => {
      if (Token.isUnresolved(ns)) return;
      if (typeof ns !== "string" || !K8S_NAME.test(ns))
        throw invalidProp(s, p, ns, "is not a Kubernetes namespace name", K8S_NAME_FIX);
    },
    { unique: (ns) => ns as string },
  )(scope, prop, value);
  if ((value as unknown[]).length === 0)
    throw invalidProp(
      scope,
      prop,
      value,
      "lists no namespace",
      "list the namespaces of the Helm releases the identity refreshes, or leave namespaces out for those of the add-ons stack",
    );
};

const READER_RULES: PropRules<ClusterReader> = {
  identity: Checks.required(identity),
  namespaces,
};

/** `ClusterProps.readers`: a list of `{ identity, namespaces? }`, each identity once and none an admin too. */
export const checkReaders: Check = (scope, prop, value) => {
  if (value === undefined) return;
  Checks.list(
    (s, p, reader) => {
      objectProp(
        s,
        p,
        reader,
        'pass each reader as { identity }, e.g. { identity: "arn:aws:iam::123456789012:role/ci-plan" }',
      );
      rejectNulls(s, reader as object, `${p}.`);
      validateAllProps<ClusterReader>(s, reader, READER_RULES, { prefix: `${p}.` });
    },
    { unique: (r) => (r as ClusterReader).identity },
  )(scope, prop, value);
};

/** A reader that is also an admin would get a second access entry (AWS) for one principal. */
export function checkReadersAgainstAdmins(
  scope: IConstruct,
  readers: readonly ClusterReader[],
  admins: readonly string[],
): void {
  for (const r of readers) {
    if (Token.isUnresolved(r.identity)) continue;
    if (admins.includes(r.identity) || admins.includes(`serviceAccount:${r.identity}`))
      throw invalidProp(
        scope,
        "readers",
        r.identity,
        "is an admin too",
        "list the identity in admins or in readers, not both",
      );
  }
}

/**
 * The namespaces of the Helm releases declared in `stack`, in name order, each with its releases
 * (what a RoleBinding there waits for: Helm creates the namespace). Call at synth, when the app is built.
 */
export function helmNamespaces(stack: StackInfo | undefined): Map<string, TerraformResource[]> {
  const found = new Map<string, TerraformResource[]>();
  if (!stack) return found;
  for (const c of (stack as unknown as IConstruct).node.findAll()) {
    if (!(c instanceof TerraformResource) || c.terraformResourceType !== "helm_release") continue;
    const namespace = (c as unknown as { namespaceInput?: string }).namespaceInput ?? "default";
    if (Token.isUnresolved(namespace)) continue;
    found.set(namespace, [...(found.get(namespace) ?? []), c]);
  }
  return new Map([...found.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The namespaces a reader may read Secrets in: as given, else the add-ons stack's Helm namespaces. Call at synth. */
export function readerNamespaces(reader: ClusterReader, addons: StackInfo | undefined): string[] {
  return reader.namespaces ? [...reader.namespaces].sort() : [...helmNamespaces(addons).keys()];
}
