import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeGlobalAddress } from "@cdktf/provider-google/lib/compute-global-address";
import { ServiceNetworkingConnection } from "@cdktf/provider-google/lib/service-networking-connection";
import { Construct } from "constructs";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import type { INetwork } from "../contracts/network";
import { PRIORITY } from "./firewall";

const ID = "PrivateServices";
/** Size of the range Google-managed services (Cloud SQL) take their private addresses from. */
export const PRIVATE_SERVICES_PREFIX = 20;

/**
 * Private services access for one Network: a reserved range peered to Google's service network,
 * created once, the first time a database on the network needs it; or, on an imported network,
 * the range it already has.
 */
export class PrivateServices extends Construct {
  /** The network's PrivateServices, created on first use. */
  static of(network: INetwork): PrivateServices {
    return (network.node.tryFindChild(ID) as PrivateServices | undefined) ?? new PrivateServices(network, ID);
  }

  /** The reserved range, when Landform created it. */
  readonly address?: ComputeGlobalAddress;
  /** The peering, when Landform created it. */
  readonly connection?: ServiceNetworkingConnection;
  /** The allocated range's name, which Cloud SQL takes its address from. */
  readonly rangeName: string;
  /** The reserved range as a CIDR (known after apply when Landform created it). */
  readonly range: string;
  private readonly network: INetwork;
  private readonly denies = new Map<number, ComputeFirewall>();

  private constructor(network: INetwork, id: string) {
    super(network, id);
    this.network = network;
    if (network.privateServices) {
      this.rangeName = network.privateServices.rangeName;
      this.range = network.privateServices.cidr;
      return;
    }
    const stack = stackOf(network);
    this.address = new ComputeGlobalAddress(this, "Range", {
      name: stack.nameFor(network, NameRules.gcp, "private-services"),
      description: "Addresses of Google-managed services (Cloud SQL) peered into this network",
      purpose: "VPC_PEERING",
      addressType: "INTERNAL",
      prefixLength: PRIVATE_SERVICES_PREFIX,
      network: network.networkId,
    });
    this.connection = new ServiceNetworkingConnection(this, "Connection", {
      network: network.networkId,
      service: "servicenetworking.googleapis.com",
      reservedPeeringRanges: [this.address.name],
      // Google removes the peering once no service uses it; deleting it first fails while they linger.
      deletionPolicy: "ABANDON",
    });
    this.rangeName = this.address.name;
    this.range = `${this.address.address}/${PRIVATE_SERVICES_PREFIX}`;
  }

  /**
   * Cloud SQL is outside the network, so ingress rules cannot guard it; this denies every VM
   * egress to the range on `port`, and each database's allow rules outrank it. Once per port.
   */
  denyEgress(port: number): ComputeFirewall {
    let rule = this.denies.get(port);
    if (!rule) {
      rule = new ComputeFirewall(this, `DenyEgressTcp${port}`, {
        name: stackOf(this).nameFor(this.network, NameRules.gcp, `deny-private-services-${port}`),
        description: `no VM reaches managed databases on ${port} unless a database allows it`,
        network: this.network.networkId,
        direction: "EGRESS",
        priority: PRIORITY.databaseDeny,
        destinationRanges: [this.range],
        deny: [{ protocol: "tcp", ports: [`${port}`] }],
      });
      this.denies.set(port, rule);
    }
    return rule;
  }
}
