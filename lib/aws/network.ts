import { CloudwatchLogGroup } from "@cdktf/provider-aws/lib/cloudwatch-log-group";
import { DataAwsAvailabilityZones } from "@cdktf/provider-aws/lib/data-aws-availability-zones";
import { DataAwsVpcEndpointService } from "@cdktf/provider-aws/lib/data-aws-vpc-endpoint-service";
import { DefaultSecurityGroup } from "@cdktf/provider-aws/lib/default-security-group";
import { Eip } from "@cdktf/provider-aws/lib/eip";
import { FlowLog } from "@cdktf/provider-aws/lib/flow-log";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicy } from "@cdktf/provider-aws/lib/iam-role-policy";
import { InternetGateway } from "@cdktf/provider-aws/lib/internet-gateway";
import { NatGateway } from "@cdktf/provider-aws/lib/nat-gateway";
import { Route } from "@cdktf/provider-aws/lib/route";
import { RouteTable } from "@cdktf/provider-aws/lib/route-table";
import { RouteTableAssociation } from "@cdktf/provider-aws/lib/route-table-association";
import { Subnet } from "@cdktf/provider-aws/lib/subnet";
import { Vpc } from "@cdktf/provider-aws/lib/vpc";
import { VpcEndpoint } from "@cdktf/provider-aws/lib/vpc-endpoint";
import { Fn, Op } from "cdktf";
import { Construct } from "constructs";
import { capacity, format, parseCidr, subnet } from "../core/cidr";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built } from "../core/target";
import type { NetworkAttributes, NetworkSpec } from "../contracts/network";
import { callerOf, partitionOf } from "./account";
import { assumeRolePolicy } from "./iam";

export interface AwsNetworkResources {
  readonly vpc: Vpc;
  readonly publicSubnets: Subnet[];
  readonly privateSubnets: Subnet[];
  readonly internetGateway: InternetGateway;
  readonly natGateways: NatGateway[];
  readonly publicRouteTable: RouteTable;
  readonly privateRouteTables: RouteTable[];
  /** S3 gateway endpoint on the private route tables: image layers and S3 traffic skip NAT. */
  readonly s3Endpoint: VpcEndpoint;
  readonly flowLog?: FlowLog;
}

/** A VPC with DNS, a public and a private subnet per zone, NAT, and the default security group emptied. */
export function buildNetwork(scope: Construct, spec: NetworkSpec): Built<NetworkAttributes, AwsNetworkResources> {
  const stack = stackOf(scope);
  const name = (suffix?: string) => stack.nameFor(scope, NameRules.awsLoose, suffix);

  const vpc = new Vpc(scope, "Resource", {
    cidrBlock: spec.cidr,
    enableDnsSupport: true,
    enableDnsHostnames: true,
    tags: { Name: name() },
  });
  // Rules on the default security group would apply to anything launched without one.
  new DefaultSecurityGroup(scope, "DefaultSecurityGroup", {
    vpcId: vpc.id,
    ingress: [],
    egress: [],
    tags: { Name: name("default") },
  });

  const zones = new DataAwsAvailabilityZones(scope, "Zones", {
    state: "available",
    filter: [{ name: "opt-in-status", values: ["opt-in-not-required"] }],
  });
  const zone = (i: number) => Fn.element(zones.names, i);

  const subnets = (tier: "public" | "private", cidrs: string[]) =>
    cidrs.map(
      (cidr, i) =>
        new Subnet(scope, `${tier === "public" ? "Public" : "Private"}Subnet${i + 1}`, {
          vpcId: vpc.id,
          cidrBlock: cidr,
          availabilityZone: zone(i),
          // Even public subnets hand out no public IPs: an instance gets one only when asked.
          mapPublicIpOnLaunch: false,
          // element() wraps around: without this, more zones than the region has would put two
          // subnets in one zone and the plan would not say so.
          lifecycle: {
            precondition: [
              {
                condition: Op.gte(Fn.lengthOf(zones.names), cidrs.length),
                errorMessage: `Network ${scope.node.path} asks for ${cidrs.length} zones, more than this region has available; lower zones.`,
              },
            ],
          },
          tags: {
            Name: name(`${tier}-${i + 1}`),
            "landform:tier": tier,
            // Where Kubernetes load balancers land (public: internet-facing, private: internal).
            [tier === "public" ? "kubernetes.io/role/elb" : "kubernetes.io/role/internal-elb"]: "1",
          },
        }),
    );
  // Fixed slots: public subnets from the bottom of the block, private ones from its middle, so
  // adding a zone adds subnets and moves none.
  const cidr = parseCidr(spec.cidr);
  const half = capacity(cidr, spec.subnetPrefixLength) / 2;
  const block = (i: number) => format(subnet(cidr, spec.subnetPrefixLength, i));
  const zoneSlots = Array.from({ length: spec.zones }, (_, i) => i);
  const publicSubnets = subnets(
    "public",
    zoneSlots.map((i) => block(i)),
  );
  const privateSubnets = subnets(
    "private",
    zoneSlots.map((i) => block(half + i)),
  );

  const internetGateway = new InternetGateway(scope, "InternetGateway", { vpcId: vpc.id, tags: { Name: name() } });
  const publicRouteTable = new RouteTable(scope, "PublicRouteTable", { vpcId: vpc.id, tags: { Name: name("public") } });
  new Route(scope, "PublicDefaultRoute", {
    routeTableId: publicRouteTable.id,
    destinationCidrBlock: "0.0.0.0/0",
    gatewayId: internetGateway.id,
  });
  publicSubnets.forEach(
    (s, i) =>
      new RouteTableAssociation(scope, `PublicSubnet${i + 1}RouteTable`, {
        subnetId: s.id,
        routeTableId: publicRouteTable.id,
      }),
  );

  const natCount = { none: 0, single: 1, "per-zone": spec.zones }[spec.natGateways];
  const natGateways = publicSubnets.slice(0, natCount).map((s, i) => {
    const eip = new Eip(scope, `NatIp${i + 1}`, { domain: "vpc", tags: { Name: name(`nat-${i + 1}`) } });
    return new NatGateway(scope, `NatGateway${i + 1}`, {
      allocationId: eip.id,
      subnetId: s.id,
      tags: { Name: name(`${i + 1}`) },
      dependsOn: [internetGateway],
    });
  });

  const privateRouteTables = privateSubnets.map((s, i) => {
    const table = new RouteTable(scope, `PrivateRouteTable${i + 1}`, {
      vpcId: vpc.id,
      tags: { Name: name(`private-${i + 1}`) },
    });
    new RouteTableAssociation(scope, `PrivateSubnet${i + 1}RouteTable`, { subnetId: s.id, routeTableId: table.id });
    if (natGateways.length > 0) {
      const nat = natGateways[Math.min(i, natGateways.length - 1)];
      new Route(scope, `PrivateDefaultRoute${i + 1}`, {
        routeTableId: table.id,
        destinationCidrBlock: "0.0.0.0/0",
        natGatewayId: nat.id,
      });
    }
    return table;
  });

  // Free, and ECR image layers come from S3: pulls keep working (and cost no NAT data) through it.
  // The service name comes from AWS, so it is right in every partition (com.amazonaws / cn.com.amazonaws).
  const s3 = new DataAwsVpcEndpointService(scope, "S3EndpointService", { service: "s3", serviceType: "Gateway" });
  const s3Endpoint = new VpcEndpoint(scope, "S3Endpoint", {
    vpcId: vpc.id,
    serviceName: s3.serviceName,
    vpcEndpointType: "Gateway",
    routeTableIds: privateRouteTables.map((t) => t.id),
    tags: { Name: name("s3") },
  });

  const flowLog = spec.flowLogs ? buildFlowLog(scope, vpc, spec, name) : undefined;

  return {
    attributes: {
      networkId: vpc.id,
      cidr: spec.cidr,
      zones: spec.zones,
      publicSubnetIds: publicSubnets.map((s) => s.id),
      privateSubnetIds: privateSubnets.map((s) => s.id),
    },
    resources: {
      vpc,
      publicSubnets,
      privateSubnets,
      internetGateway,
      natGateways,
      publicRouteTable,
      privateRouteTables,
      s3Endpoint,
      flowLog,
    },
  };
}

function buildFlowLog(scope: Construct, vpc: Vpc, spec: NetworkSpec, name: (suffix?: string) => string): FlowLog {
  const group = new CloudwatchLogGroup(scope, "FlowLogGroup", {
    name: `/landform/${name()}/flow-logs`,
    retentionInDays: spec.flowLogRetentionDays,
  });
  const stack = stackOf(scope);
  // Confused-deputy guard: the service may assume the role only for flow logs of this account.
  const account = callerOf(scope).accountId;
  const role = new IamRole(scope, "FlowLogRole", {
    name: stack.nameFor(scope, NameRules.awsIam, "flow-logs"),
    assumeRolePolicy: assumeRolePolicy("vpc-flow-logs.amazonaws.com", {
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: {
        "aws:SourceArn": `arn:${partitionOf(scope).partition}:ec2:${stack.region}:${account}:vpc-flow-log/*`,
      },
    }),
  });
  // Least privilege: write to this one log group; DescribeLogGroups (which the AWS flow-log docs
  // list call) cannot be limited to one group.
  new IamRolePolicy(scope, "FlowLogPolicy", {
    role: role.id,
    name: "write-flow-logs",
    policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
          Resource: [group.arn, `${group.arn}:*`],
        },
        { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
      ],
    }),
  });
  return new FlowLog(scope, "FlowLog", {
    vpcId: vpc.id,
    trafficType: "ALL",
    logDestinationType: "cloud-watch-logs",
    logDestination: group.arn,
    iamRoleArn: role.arn,
    maxAggregationInterval: 60,
    tags: { Name: name() },
  });
}
