import { Construct } from "constructs";
import { Cloud, Database, Network } from "../lib";
import { targetFor } from "../lib/core/registry";
import { ModuleStack } from "../lib/modules";

// Shape: the engine and version decide the resource kind, the size its class, the storage ceiling
// whether autoscaling exists. Fixed at package time.
const SHAPE = { engine: "postgres", version: "16", size: "small", maxStorageGb: 200 } as const;
const NETWORK_CIDR = "10.0.0.0/16";
const NETWORK_EXAMPLE: Record<Cloud, string> = {
  aws: "vpc-0123456789abcdef0",
  gcp: "projects/my-project/global/networks/main",
};

// RDS places the instance in a subnet group of the caller's private subnets; Cloud SQL joins the
// network itself through private services access and reads no subnet, so GCP asks for none.
const SUBNETS: Record<Cloud, (stack: ModuleStack, networkId: string) => string[]> = {
  aws: (stack) =>
    stack.input("private_subnet_ids", {
      type: "list(string)",
      description: "Private subnets of network_id the database may be placed in, in at least two zones.",
      example: ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"],
      validation: [
        {
          condition: "${length(var.private_subnet_ids) >= 2}",
          errorMessage:
            "private_subnet_ids must list at least two subnets, in two zones: RDS needs them for a subnet group.",
        },
      ],
    }).listValue,
  gcp: (_stack, networkId) => [networkId],
};

// Cloud SQL takes its address from the network's private services access range; the module never
// adds a peering to a network it does not own, so GCP asks for the existing range.
const PRIVATE_SERVICES: Record<Cloud, (stack: ModuleStack) => { rangeName: string; cidr: string } | undefined> = {
  aws: () => undefined,
  gcp: (stack) => ({
    rangeName: stack.input("private_services_range", {
      type: "string",
      description: "Name of the network's allocated range for private services access (peered to servicenetworking).",
      example: "google-managed-services-main",
      validation: [
        {
          condition: "${length(trimspace(var.private_services_range)) > 0}",
          errorMessage: "private_services_range must not be empty.",
        },
      ],
    }).stringValue,
    cidr: stack.input("private_services_cidr", {
      type: "string",
      description: "That range as a CIDR block: VMs are denied egress to it except where the database allows them.",
      example: "10.100.0.0/20",
      validation: [
        {
          condition: "${can(cidrhost(var.private_services_cidr, 0))}",
          errorMessage: "private_services_cidr must be a CIDR block.",
        },
      ],
    }).stringValue,
  }),
};

/** The reference database module: Landform's Database on a network the caller passes in. */
export function databaseModule(scope: Construct, cloud: Cloud): ModuleStack {
  const stack = new ModuleStack(scope, `database-${cloud}`, {
    cloud,
    environment: "prod",
    description:
      "A PostgreSQL database made by Landform's Database construct: private address only, encrypted, TLS only, backed up, highly available and protected from deletion, with its admin password generated into the cloud's secret store.",
    fixed: { ...SHAPE, networkCidr: NETWORK_CIDR },
  });
  const networkId = stack.input("network_id", {
    type: "string",
    description:
      "Id of the network the database joins: a VPC id on AWS, a network id (projects/<p>/global/networks/<n>) on GCP.",
    example: NETWORK_EXAMPLE[cloud],
    validation: [
      { condition: "${length(trimspace(var.network_id)) > 0}", errorMessage: "network_id must not be empty." },
    ],
  }).stringValue;
  const subnets = SUBNETS[cloud](stack, networkId);
  const bounds = targetFor(cloud).data.storageBounds;
  const storageGb = stack.input("storage_gb", {
    type: "number",
    description: `Storage to start with, in whole GB, from ${bounds.min} to ${SHAPE.maxStorageGb}; it grows up to ${SHAPE.maxStorageGb} GB on its own.`,
    default: 20,
    validation: [
      {
        condition: `\${floor(var.storage_gb) == var.storage_gb && var.storage_gb >= ${bounds.min} && var.storage_gb <= ${SHAPE.maxStorageGb}}`,
        errorMessage: `storage_gb must be a whole number from ${bounds.min} to ${SHAPE.maxStorageGb}.`,
      },
    ],
  }).numberValue;
  const network = Network.fromAttributes(stack, "network", {
    networkId,
    cidr: NETWORK_CIDR,
    zones: 2,
    publicSubnetIds: [],
    privateSubnetIds: subnets,
    privateServices: PRIVATE_SERVICES[cloud](stack),
  });
  const database = new Database(stack, "database", { ...SHAPE, network, storageGb });
  stack.output("host", { value: database.host, description: "The database's private address." });
  stack.output("port", { value: database.port, description: "The port the database listens on." });
  stack.output("secret_ref", {
    value: database.secretRef,
    description: "Where the admin credentials are: a Secrets Manager ARN on AWS, a Secret Manager secret id on GCP.",
  });
  return stack;
}
