import { DataAwsAmi } from "@cdktf/provider-aws/lib/data-aws-ami";
import { IamInstanceProfile } from "@cdktf/provider-aws/lib/iam-instance-profile";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import type { KeyPair } from "@cdktf/provider-aws/lib/key-pair";
import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupEgressRule } from "@cdktf/provider-aws/lib/vpc-security-group-egress-rule";
import { Construct } from "constructs";
import type { Built } from "../core/target";
import type { ComputeInstanceAttributes, ComputeInstanceSpec } from "../contracts/compute-instance";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import { AWS_IMAGES } from "./data";
import { assumeRolePolicy } from "./iam";
import { addIngressRule, IngressRules } from "./ingress";

export interface AwsComputeInstanceResources {
  readonly instance: Instance;
  readonly securityGroup: SecurityGroup;
  /** The instance's role: no policies. Attach what the workload needs to it. */
  readonly role: IamRole;
  readonly instanceProfile: IamInstanceProfile;
  readonly keyPair?: KeyPair;
  /** The AMI lookup, when the image is given by portable name. */
  readonly ami?: DataAwsAmi;
  readonly ingressRules: IngressRules;
}

/** An EC2 instance with IMDSv2 only, an encrypted gp3 root volume, its own security group and role. */
export function buildComputeInstance(
  scope: Construct,
  spec: ComputeInstanceSpec,
): Built<ComputeInstanceAttributes, AwsComputeInstanceResources> {
  const stack = stackOf(scope);
  const name = stack.nameFor(scope, NameRules.awsLoose);
  const tags = { ...spec.labels, Name: name };

  const securityGroup = new SecurityGroup(scope, "SecurityGroup", {
    name,
    description: `Landform ComputeInstance ${scope.node.path}`,
    vpcId: spec.network.networkId,
    tags,
  });
  // Terraform strips AWS's default allow-all egress from a new group, so state it explicitly.
  new VpcSecurityGroupEgressRule(scope, "AllowAllEgress", {
    securityGroupId: securityGroup.id,
    ipProtocol: "-1",
    cidrIpv4: "0.0.0.0/0",
    description: "all outbound traffic",
  });

  const role = new IamRole(scope, "Role", {
    name: stack.nameFor(scope, NameRules.awsIam),
    description: `Identity of Landform ComputeInstance ${scope.node.path}; no permissions until granted`,
    assumeRolePolicy: assumeRolePolicy("ec2.amazonaws.com"),
    tags: spec.labels,
  });
  const instanceProfile = new IamInstanceProfile(scope, "InstanceProfile", {
    name: role.name,
    role: role.name,
    tags: spec.labels,
  });

  // Loaded only when a key is given, as each cloud's code is loaded only for its stacks.
  const keyPair = spec.sshPublicKey
    ? new (require("@cdktf/provider-aws/lib/key-pair") as typeof import("@cdktf/provider-aws/lib/key-pair")).KeyPair(
        scope,
        "KeyPair",
        { keyName: name, publicKey: spec.sshPublicKey, tags: spec.labels },
      )
    : undefined;

  const source = AWS_IMAGES[spec.image];
  const ami = spec.imageId
    ? undefined
    : new DataAwsAmi(scope, "Ami", {
        mostRecent: true,
        owners: [source.owner],
        filter: [
          { name: "name", values: [source.name[spec.architecture]] },
          { name: "architecture", values: [spec.architecture] },
          { name: "virtualization-type", values: ["hvm"] },
          { name: "root-device-type", values: ["ebs"] },
        ],
      });

  const instance = new Instance(scope, "Resource", {
    ami: spec.imageId ?? ami!.id,
    instanceType: spec.machineType,
    subnetId: (spec.subnet === "public" ? spec.network.publicSubnetIds : spec.network.privateSubnetIds)[0],
    vpcSecurityGroupIds: [securityGroup.id],
    iamInstanceProfile: instanceProfile.name,
    associatePublicIpAddress: spec.publicIp,
    keyName: keyPair?.keyName,
    userData: spec.startupScript,
    monitoring: true,
    metadataOptions: {
      httpEndpoint: "enabled",
      httpTokens: "required",
      httpPutResponseHopLimit: 1,
      instanceMetadataTags: "disabled",
    },
    rootBlockDevice: {
      volumeType: "gp3",
      volumeSize: spec.rootDiskGb,
      encrypted: true,
      kmsKeyId: spec.encryptionKey,
      deleteOnTermination: true,
      tags,
    },
    tags,
    // A newer AMI published under the same name must not replace a running instance.
    lifecycle: ami ? { ignoreChanges: ["ami"] } : undefined,
  });

  const ingressRules: IngressRules = {};
  return {
    attributes: {
      instanceId: instance.id,
      privateIp: instance.privateIp,
      publicIp: spec.publicIp ? instance.publicIp : undefined,
      identity: { name: role.name, id: role.arn, principal: role.arn, cloud: "aws" },
      connections: { owner: scope, securityGroupId: securityGroup.id },
    },
    resources: { instance, securityGroup, role, instanceProfile, keyPair, ami, ingressRules },
    addIngress: (rule) => addIngressRule(scope, securityGroup, rule, ingressRules),
  };
}
