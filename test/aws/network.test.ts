import { Network, NetworkProps } from "../../lib";
import { onlyResource, synth, testStack } from "../helpers";

function network(props: NetworkProps = {}) {
  const stack = testStack("aws");
  new Network(stack, "network", props);
  return synth(stack).config;
}

describe("F24: S3 gateway endpoint", () => {
  test("on every private route table, with the service name AWS reports for the partition", () => {
    const config = network({ zones: 3, natGateways: "per-zone" });
    const endpoint = onlyResource(config, "aws_vpc_endpoint");
    expect(endpoint).toMatchObject({ vpc_endpoint_type: "Gateway" });
    const tables = Object.keys(config.resource!.aws_route_table)
      .filter((k) => k.startsWith("network_PrivateRouteTable"))
      .map((k) => `\${aws_route_table.${k}.id}`);
    expect(tables).toHaveLength(3);
    expect(endpoint.route_table_ids).toEqual(tables);
    const [serviceKey, service] = Object.entries(config.data!.aws_vpc_endpoint_service)[0];
    expect(service).toEqual({ service: "s3", service_type: "Gateway" });
    expect(endpoint.service_name).toBe(`\${data.aws_vpc_endpoint_service.${serviceKey}.service_name}`);
  });

  test("public route tables are not associated", () => {
    const config = network();
    expect(JSON.stringify(onlyResource(config, "aws_vpc_endpoint").route_table_ids)).not.toContain("Public");
  });
});

describe("F21: flow-log role", () => {
  const config = network();

  test("the policy adds logs:DescribeLogGroups and keeps writes on the one log group", () => {
    const policy = JSON.parse(onlyResource(config, "aws_iam_role_policy").policy as string);
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
        Resource: [expect.stringMatching(/^\$\{aws_cloudwatch_log_group\./), expect.stringMatching(/\.arn\}:\*$/)],
      },
      { Effect: "Allow", Action: "logs:DescribeLogGroups", Resource: "*" },
    ]);
  });

  test("the trust policy is limited to this account's flow logs (aws:SourceAccount and aws:SourceArn)", () => {
    const trust = JSON.parse(onlyResource(config, "aws_iam_role").assume_role_policy as string);
    const account = "${data.aws_caller_identity.AwsCallerIdentity.account_id}";
    expect(trust.Statement[0].Condition).toEqual({
      StringEquals: { "aws:SourceAccount": account },
      ArnLike: {
        "aws:SourceArn": `arn:\${data.aws_partition.AwsPartition.partition}:ec2:eu-west-1:${account}:vpc-flow-log/*`,
      },
    });
    expect(config.data!.aws_caller_identity).toEqual({ AwsCallerIdentity: {} });
    expect(config.data!.aws_partition).toEqual({ AwsPartition: {} });
  });
});
