import { show } from "../../ops/errors";
import type { ApproveRequest } from "../../kubernetes/agent-approve";
import { UsageError } from "../io";

/** `agent approve`'s options as commander gives them. */
export interface ApproveOptions {
  readonly namespace: string;
  readonly context?: string;
  readonly plan?: string;
}

// A Kubernetes object name (RFC 1123 subdomain label), which every Landform stack's Terraform object has.
const NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
// tofu-controller v0.16.5 api/planid: plan-<branch>-<10 hex>, with the branch's slashes kept.
const PLAN = /^plan-\S+$/;

export function parseApproveArgs(stack: string, options: ApproveOptions): ApproveRequest {
  if (!NAME.test(stack))
    throw new UsageError(
      `stack ${show(stack)} is not a Kubernetes object name; give the stack's name, e.g. aws-prod-workloads`,
    );
  if (!NAME.test(options.namespace))
    throw new UsageError(`--namespace ${show(options.namespace)} is not a Kubernetes namespace name`);
  if (options.context !== undefined && options.context.trim() === "")
    throw new UsageError("--context is empty; give a kubeconfig context name");
  if (options.plan !== undefined && !PLAN.test(options.plan))
    throw new UsageError(`--plan ${show(options.plan)} is not a tofu-controller plan id (plan-<branch>-<hash>)`);
  return { stack, namespace: options.namespace, context: options.context, plan: options.plan };
}
