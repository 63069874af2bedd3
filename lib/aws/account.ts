import { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { IConstruct } from "constructs";
import { stackOf } from "../core/stack-info";

// One lookup of each per stack, shared by every construct in it: ARNs are built from the partition
// (aws, aws-cn, aws-us-gov) and the account the provider runs in, never hard-coded.

/** `data aws_partition` of the stack that holds `scope`. */
export function partitionOf(scope: IConstruct): DataAwsPartition {
  const stack = stackOf(scope);
  return (stack.node.tryFindChild("AwsPartition") as DataAwsPartition) ?? new DataAwsPartition(stack, "AwsPartition");
}

/** `data aws_caller_identity` of the stack that holds `scope`: the account being deployed to. */
export function callerOf(scope: IConstruct): DataAwsCallerIdentity {
  const stack = stackOf(scope);
  return (
    (stack.node.tryFindChild("AwsCallerIdentity") as DataAwsCallerIdentity) ??
    new DataAwsCallerIdentity(stack, "AwsCallerIdentity")
  );
}

/** The ARN of an AWS managed IAM policy, e.g. `service-role/AmazonRDSEnhancedMonitoringRole`, in the stack's partition. */
export function managedPolicyArn(scope: IConstruct, name: string): string {
  return `arn:${partitionOf(scope).partition}:iam::aws:policy/${name}`;
}
