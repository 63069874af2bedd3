import { blocks, bool } from "../attributes";
import { Rule } from "../rule";

export const noPublicIp: Rule = {
  id: "no-public-ip",
  severity: "error",
  title: "VMs have no public IP address",
  rationale:
    "A VM with a public address is directly reachable from the internet; reach VMs through a load balancer, NAT for egress, and SSM/IAP for admin.",
  remediation:
    "Remove associate_public_ip_address (aws_instance, aws_launch_template network_interfaces) or the access_config block (google_compute_instance network_interface). If the VM is meant to be public, suppress the finding with a reason.",
  check(r) {
    const a = r.attributes;
    switch (r.type) {
      case "aws_instance":
      case "aws_launch_configuration":
        return bool(a.associate_public_ip_address) === true ? "associate_public_ip_address is true" : undefined;
      case "aws_launch_template":
        return blocks(a, "network_interfaces").some((n) => bool(n.associate_public_ip_address) === true)
          ? "network_interfaces.associate_public_ip_address is true"
          : undefined;
      case "google_compute_instance":
      case "google_compute_instance_template":
      case "google_compute_region_instance_template":
      // From a template: a network_interface set here replaces the template's; absent, the template (judged where declared) applies.
      case "google_compute_instance_from_template":
        if (blocks(a, "network_interface").some((n) => blocks(n, "access_config").length > 0))
          return "network_interface has an access_config, which gives the VM an external IP";
        return blocks(a, "network_interface").some((n) => blocks(n, "ipv6_access_config").length > 0)
          ? "network_interface has an ipv6_access_config, which gives the VM an external IPv6 address"
          : undefined;
      default:
        return undefined;
    }
  },
};
