import { Fn } from "cdktf";
import { Construct } from "constructs";
import { Cloud, Network } from "../lib";
import { RETENTION_DAYS } from "../lib/aws/checks";
import { ModuleStack } from "../lib/modules";

// Shape: how many subnets, where they sit, whether NAT exists. Landform lays subnets out at synth
// time, so these are fixed at package time.
const SHAPE = { cidr: "10.0.0.0/16", zones: 3, natGateways: "per-zone", flowLogs: true } as const;

// AWS keeps flow logs in CloudWatch Logs for a retention the caller may choose; GCP keeps them in
// Cloud Logging, whose retention is a bucket setting and not Landform's.
const RETENTION: Record<Cloud, (stack: ModuleStack) => number | undefined> = {
  aws: (stack) =>
    stack.input("flow_log_retention_days", {
      type: "number",
      description: "Days CloudWatch Logs keeps the VPC flow logs; one of the retentions CloudWatch Logs offers.",
      default: 365,
      validation: [
        {
          condition: `\${contains([${RETENTION_DAYS.join(", ")}], var.flow_log_retention_days)}`,
          errorMessage: `flow_log_retention_days must be one of ${RETENTION_DAYS.join(", ")}.`,
        },
      ],
    }).numberValue,
  gcp: () => undefined,
};

/** The reference network module: a private network across three zones with NAT and flow logs. */
export function networkModule(scope: Construct, cloud: Cloud): ModuleStack {
  const stack = new ModuleStack(scope, `network-${cloud}`, {
    cloud,
    environment: "prod",
    description:
      "A private network made by Landform's Network construct: public and private subnets in three zones, NAT in each zone, flow logs on, and ingress denied unless a rule allows it.",
    fixed: { ...SHAPE },
  });
  const network = new Network(stack, "network", { ...SHAPE, flowLogRetentionDays: RETENTION[cloud](stack) });
  stack.output("network_id", {
    value: network.networkId,
    description: "The network's id (VPC id on AWS, network id on GCP).",
  });
  stack.output("cidr", { value: network.cidr, description: "The network's address range." });
  stack.output("private_subnet_ids", {
    value: Fn.tolist(network.privateSubnetIds),
    description: "Ids of the private subnets, one per zone on AWS, the regional subnetwork on GCP.",
  });
  stack.output("public_subnet_ids", {
    value: Fn.tolist(network.publicSubnetIds),
    description: "Ids of the public subnets (for load balancers); the regional subnetwork on GCP.",
  });
  return stack;
}
