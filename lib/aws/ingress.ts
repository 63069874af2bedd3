import { SecurityGroup } from "@cdktf/provider-aws/lib/security-group";
import { VpcSecurityGroupIngressRule } from "@cdktf/provider-aws/lib/vpc-security-group-ingress-rule";
import { Construct } from "constructs";
import { portText, ResolvedRule } from "../core/connections";
import { invalidConfig } from "../core/errors";

/** Ingress rules a construct created, by their construct id. */
export type IngressRules = Record<string, VpcSecurityGroupIngressRule>;

/** One security group rule per portable rule: from a CIDR, or from the peer's security group. */
export function addIngressRule(
  scope: Construct,
  group: SecurityGroup,
  rule: ResolvedRule,
  rules: IngressRules,
): VpcSecurityGroupIngressRule {
  if (rule.peer && !rule.peer.securityGroupId) {
    throw invalidConfig(
      scope,
      `'${rule.peer.owner.node.path}' has no security group to allow traffic from`,
      "allow its CIDR instead",
    );
  }
  const created = new VpcSecurityGroupIngressRule(scope, rule.id, {
    securityGroupId: group.id,
    ipProtocol: rule.protocol,
    fromPort: rule.fromPort,
    toPort: rule.toPort,
    cidrIpv4: rule.cidr,
    referencedSecurityGroupId: rule.peer?.securityGroupId,
    description: `${rule.protocol} ${portText(rule)} from ${rule.cidr ?? rule.peer!.owner.node.path}`,
  });
  rules[rule.id] = created;
  return created;
}
