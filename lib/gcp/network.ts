import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ComputeRouter } from "@cdktf/provider-google/lib/compute-router";
import { ComputeRouterNat } from "@cdktf/provider-google/lib/compute-router-nat";
import { ComputeSubnetwork } from "@cdktf/provider-google/lib/compute-subnetwork";
import { Construct } from "constructs";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { Built } from "../core/target";
import type { NetworkAttributes, NetworkSpec } from "../contracts/network";
import { requireApis } from "./apis";
import { networkLayout } from "./checks";

/** Names of the subnetwork's secondary ranges, as GKE expects to be told them. */
export const PODS_RANGE = "pods";
export const SERVICES_RANGE = "services";

export interface GcpNetworkResources {
  readonly network: ComputeNetwork;
  readonly subnetwork: ComputeSubnetwork;
  readonly router?: ComputeRouter;
  readonly nat?: ComputeRouterNat;
  readonly podsRangeName: string;
  readonly servicesRangeName: string;
}

/** A custom-mode VPC, one regional subnetwork with Kubernetes ranges, Cloud NAT, and default-deny ingress. */
export function buildNetwork(scope: Construct, spec: NetworkSpec): Built<NetworkAttributes, GcpNetworkResources> {
  const stack = stackOf(scope);
  const layout = networkLayout(scope, spec);
  const name = (suffix?: string) => stack.nameFor(scope, NameRules.gcp, suffix);

  const network = new ComputeNetwork(scope, "Resource", {
    name: name(),
    autoCreateSubnetworks: false,
    routingMode: "REGIONAL",
  });
  const subnetwork = new ComputeSubnetwork(scope, "Subnet", {
    name: name(stack.region),
    network: network.id,
    region: stack.region,
    ipCidrRange: layout.primaryCidr,
    privateIpGoogleAccess: true,
    secondaryIpRange: [
      { rangeName: PODS_RANGE, ipCidrRange: layout.podsCidr },
      { rangeName: SERVICES_RANGE, ipCidrRange: layout.servicesCidr },
    ],
    logConfig: spec.flowLogs
      ? { aggregationInterval: "INTERVAL_5_SEC", flowSampling: 0.5, metadata: "INCLUDE_ALL_METADATA" }
      : undefined,
  });

  let router: ComputeRouter | undefined;
  let nat: ComputeRouterNat | undefined;
  if (spec.natGateways !== "none") {
    router = new ComputeRouter(scope, "Router", { name: name("router"), region: stack.region, network: network.id });
    nat = new ComputeRouterNat(scope, "Nat", {
      name: name("nat"),
      router: router.name,
      region: stack.region,
      natIpAllocateOption: "AUTO_ONLY",
      sourceSubnetworkIpRangesToNat: "ALL_SUBNETWORKS_ALL_IP_RANGES",
      logConfig: { enable: true, filter: "ERRORS_ONLY" },
    });
  }

  // GCP already denies ingress that no rule allows; the explicit rule makes the stance visible
  // and outranks nothing but the implied rule.
  new ComputeFirewall(scope, "AllowInternal", {
    name: name("allow-internal"),
    network: network.id,
    direction: "INGRESS",
    priority: 1000,
    sourceRanges: [layout.primaryCidr, layout.podsCidr, layout.servicesCidr],
    allow: [{ protocol: "tcp" }, { protocol: "udp" }, { protocol: "icmp" }],
  });
  new ComputeFirewall(scope, "DenyAllIngress", {
    name: name("deny-all-ingress"),
    network: network.id,
    direction: "INGRESS",
    priority: 65534,
    sourceRanges: ["0.0.0.0/0"],
    deny: [{ protocol: "all" }],
  });

  requireApis(scope, ["compute"]);
  return {
    attributes: {
      networkId: network.id,
      cidr: spec.cidr,
      zones: spec.zones,
      publicSubnetIds: [subnetwork.id],
      privateSubnetIds: [subnetwork.id],
      primaryCidr: layout.primaryCidr,
      podsRangeName: PODS_RANGE,
      servicesRangeName: SERVICES_RANGE,
    },
    resources: { network, subnetwork, router, nat, podsRangeName: PODS_RANGE, servicesRangeName: SERVICES_RANGE },
  };
}
