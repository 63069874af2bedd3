import { noPublicIp } from "../../../lib/policy/rules/no-public-ip";
import { check } from "../helpers";

describe("no-public-ip", () => {
  test.each([
    ["aws_instance", { associate_public_ip_address: false }],
    ["aws_instance", {}],
    ["aws_launch_template", { network_interfaces: [{ associate_public_ip_address: "false" }] }],
    ["google_compute_instance", { network_interface: [{ subnetwork: "s" }] }],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(noPublicIp, type, attributes)).toEqual([]);
  });

  test.each([
    ["aws_instance", { associate_public_ip_address: true }, "associate_public_ip_address is true"],
    [
      "aws_launch_template",
      { network_interfaces: { associate_public_ip_address: "true" } },
      "network_interfaces.associate_public_ip_address is true",
    ],
    [
      "google_compute_instance",
      { network_interface: [{ subnetwork: "s", access_config: [{}] }] },
      "network_interface has an access_config, which gives the VM an external IP",
    ],
    [
      "google_compute_instance_template",
      { network_interface: { access_config: { nat_ip: "1.2.3.4" } } },
      "network_interface has an access_config, which gives the VM an external IP",
    ],
    [
      "google_compute_instance",
      {
        network_interface: [
          { subnetwork: "s", stack_type: "IPV4_IPV6", ipv6_access_config: [{ network_tier: "PREMIUM" }] },
        ],
      },
      "network_interface has an ipv6_access_config, which gives the VM an external IPv6 address",
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(noPublicIp, type, attributes)).toEqual([message]);
  });
});
