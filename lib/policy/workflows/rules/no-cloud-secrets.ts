import { isObject } from "../../attributes";
import { stepsOf, stringsIn, WorkflowRule } from "../rule";

// Inputs that take a long-lived key, and secret names that usually hold one.
const KEY_INPUTS = [
  "aws-access-key-id",
  "aws-secret-access-key",
  "aws-session-token",
  "credentials_json",
  "creds",
  "client-secret",
];
const KEY_SECRETS =
  /secrets\.[A-Za-z0-9_]*(AWS_ACCESS_KEY|AWS_SECRET|SECRET_ACCESS_KEY|GOOGLE_CREDENTIALS|GCP_SA_KEY|GCP_CREDENTIALS|SERVICE_ACCOUNT_KEY|CREDENTIALS_JSON|GOOGLE_APPLICATION_CREDENTIALS)/i;

export const noCloudSecrets: WorkflowRule = {
  id: "workflow-no-cloud-secrets",
  severity: "error",
  title: "No long-lived cloud credential is passed to a workflow",
  rationale:
    "An access key or service account key in repository secrets is valid until someone rotates it, and leaks with any step's environment; OIDC gives each job credentials that expire within the hour.",
  remediation:
    "Assume a role with aws-actions/configure-aws-credentials (role-to-assume) or google-github-actions/auth (workload_identity_provider + service_account); delete the key and the secret.",
  check(workflow) {
    const out: string[] = [];
    for (const { where, step } of stepsOf(workflow)) {
      const inputs = isObject(step.with) ? Object.keys(step.with) : [];
      for (const input of inputs.filter((i) => KEY_INPUTS.includes(i)))
        out.push(`${where}.with.${input}: passes a long-lived cloud key`);
    }
    for (const { where, text } of stringsIn(workflow, "")) {
      const m = KEY_SECRETS.exec(text);
      if (m) out.push(`${where}: references ${m[0]}, a long-lived cloud credential`);
    }
    return [...new Set(out)];
  },
};
