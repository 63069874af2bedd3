import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { CloudStack } from "../core/cloud-stack";

/** The stack's one AWS provider: its region, the allowed account, and tags on every resource. */
export function configureProvider(stack: CloudStack): void {
  new AwsProvider(stack, "aws", {
    region: stack.region,
    allowedAccountIds: stack.account ? [stack.account] : undefined,
    defaultTags: [{ tags: { ...stack.tags } }],
  });
}
