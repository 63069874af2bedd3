import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { StackInfo } from "../core/stack-info";

/** The stack's one AWS provider: its region, the allowed account, and tags on every resource. */
export function configureProvider(stack: StackInfo): void {
  new AwsProvider(stack, "aws", {
    region: stack.region,
    allowedAccountIds: stack.account ? [stack.account] : undefined,
    defaultTags: [{ tags: { ...stack.tags } }],
  });
}
