import { noOpenAdminIngress } from "../../../lib/policy/rules/no-open-admin-ingress";
import { check } from "../helpers";

describe("no-open-admin-ingress", () => {
  test.each([
    [
      "aws_security_group",
      { ingress: [{ from_port: 443, to_port: 443, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] },
    ],
    ["aws_security_group", { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["10.0.0.0/8"] }] }],
    ["aws_security_group", { ingress: [{ from_port: 22, to_port: 22, protocol: "udp", cidr_blocks: ["0.0.0.0/0"] }] }],
    [
      "aws_security_group_rule",
      { type: "egress", from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] },
    ],
    ["aws_vpc_security_group_ingress_rule", { ip_protocol: "tcp", from_port: 80, to_port: 80, cidr_ipv4: "0.0.0.0/0" }],
    ["google_compute_firewall", { allow: [{ protocol: "tcp", ports: ["22"] }], source_ranges: ["35.235.240.0/20"] }],
    ["google_compute_firewall", { allow: [{ protocol: "tcp", ports: ["22"] }], source_tags: ["bastion"] }],
    [
      "google_compute_firewall",
      { direction: "EGRESS", allow: [{ protocol: "all" }], destination_ranges: ["0.0.0.0/0"] },
    ],
    [
      "google_compute_firewall",
      { allow: [{ protocol: "tcp", ports: ["80", "443", "8000-9000"] }], source_ranges: ["0.0.0.0/0"] },
    ],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(noOpenAdminIngress, type, attributes)).toEqual([]);
  });

  test.each([
    [
      "aws_security_group",
      { ingress: [{ from_port: 22, to_port: 22, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] }] },
      "ingress from 0.0.0.0/0 to port 22",
    ],
    [
      "aws_security_group",
      { ingress: [{ from_port: 3000, to_port: 3400, protocol: "tcp", ipv6_cidr_blocks: ["::/0"] }] },
      "ingress from ::/0 to ports 3306, 3389",
    ],
    [
      "aws_security_group",
      { ingress: [{ from_port: 0, to_port: 0, protocol: "-1", cidr_blocks: ["0.0.0.0/0"] }] },
      "ingress from 0.0.0.0/0 to ports 22, 1433, 1521, 3306, 3389, 5432, 6379, 27017",
    ],
    [
      "aws_security_group_rule",
      { type: "ingress", from_port: 3389, to_port: 3389, protocol: "tcp", cidr_blocks: ["0.0.0.0/0"] },
      "ingress from 0.0.0.0/0 to port 3389",
    ],
    [
      "aws_vpc_security_group_ingress_rule",
      { ip_protocol: "tcp", from_port: 6379, to_port: 6379, cidr_ipv4: "0.0.0.0/0" },
      "ingress from 0.0.0.0/0 to port 6379",
    ],
    [
      "google_compute_firewall",
      { allow: [{ protocol: "tcp", ports: ["1400-1600"] }], source_ranges: ["0.0.0.0/0"] },
      "ingress from 0.0.0.0/0 to ports 1433, 1521",
    ],
    [
      "google_compute_firewall",
      { direction: "INGRESS", allow: [{ protocol: "tcp" }], source_ranges: ["0.0.0.0/0"] },
      "ingress from 0.0.0.0/0 to ports 22, 1433, 1521, 3306, 3389, 5432, 6379, 27017",
    ],
    // No source at all: GCP applies the rule to every address.
    ["google_compute_firewall", { allow: [{ protocol: "tcp", ports: ["22"] }] }, "ingress from 0.0.0.0/0 to port 22"],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(noOpenAdminIngress, type, attributes)).toEqual([message]);
  });
});
