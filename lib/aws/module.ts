import { DataAwsRegion } from "@cdktf/provider-aws/lib/data-aws-region";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import type { StackInfo } from "../core/stack-info";

/**
 * A module's AWS provider is its caller's: declared here without settings. The region is that
 * provider's too: read it, never ask for it twice.
 */
export function configureModule(stack: StackInfo): { region: string; examples: Record<string, unknown> } {
  new AwsProvider(stack, "aws", {});
  return { region: new DataAwsRegion(stack, "Region").region, examples: {} };
}
