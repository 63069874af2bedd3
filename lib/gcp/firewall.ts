import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import { portText as ports, ResolvedRule } from "../core/connections";
import { invalidConfig } from "../core/errors";
import { NameRules } from "../core/naming";

/**
 * Firewall priorities. The Network allows all internal traffic at 1000; a ComputeInstance denies
 * all ingress to itself just above that, and its own allow rules sit above the deny.
 */
export const PRIORITY = { instanceAllow: 900, instanceDeny: 950, databaseAllow: 1000, databaseDeny: 65000 } as const;

/** Firewall rules a construct created, by their construct id. */
export type FirewallRules = Record<string, ComputeFirewall>;

export function peerServiceAccount(scope: Construct, rule: ResolvedRule): string | undefined {
  if (rule.peer && !rule.peer.serviceAccountEmail) {
    throw invalidConfig(
      scope,
      `'${rule.peer.owner.node.path}' has no service account to allow traffic from`,
      "allow its CIDR instead",
    );
  }
  return rule.peer?.serviceAccountEmail;
}

/** An ingress rule to the VMs that run as `serviceAccount`, from a CIDR or a peer's service account. */
export function addInstanceIngress(
  scope: Construct,
  network: string,
  serviceAccount: string,
  rule: ResolvedRule,
  rules: FirewallRules,
): ComputeFirewall {
  const peer = peerServiceAccount(scope, rule);
  const created = new ComputeFirewall(scope, rule.id, {
    name: stackOf(scope).nameFor(scope, NameRules.gcp, rule.id.toLowerCase()),
    description: `${rule.protocol} ${ports(rule)} from ${rule.cidr ?? rule.peer!.owner.node.path}`,
    network,
    direction: "INGRESS",
    priority: PRIORITY.instanceAllow,
    targetServiceAccounts: [serviceAccount],
    sourceRanges: rule.cidr ? [rule.cidr] : undefined,
    sourceServiceAccounts: peer ? [peer] : undefined,
    allow: [{ protocol: rule.protocol, ports: [ports(rule)] }],
  });
  rules[rule.id] = created;
  return created;
}
