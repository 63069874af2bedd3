import { ANYWHERE, blocks, bool, isReference, strings } from "../attributes";
import { Attributes, Rule } from "../rule";

/** SSH, RDP, MySQL, PostgreSQL, SQL Server, Oracle, MongoDB, Redis. */
export const ADMIN_PORTS: readonly number[] = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379];
/** Admin ports inside [from, to]; undefined bounds mean every port. */
function portsIn(from: unknown, to: unknown): number[] {
  const lo = from === undefined ? 0 : Number(from);
  const hi = to === undefined ? 65535 : Number(to);
  // AWS writes "all ports" as 0-0 with protocol -1, or -1/-1.
  if ((lo <= 0 && hi <= 0) || Number.isNaN(lo) || Number.isNaN(hi)) return [...ADMIN_PORTS];
  return ADMIN_PORTS.filter((p) => p >= lo && p <= hi);
}

function tcp(protocol: unknown): boolean {
  return protocol === undefined || ["-1", "all", "tcp", "6", -1, 6].includes(protocol as string | number);
}

function describe(ports: number[], sources: string[]): string {
  ports = [...ports].sort((a, b) => a - b);
  return `ingress from ${sources.join(", ")} to port${ports.length > 1 ? "s" : ""} ${ports.join(", ")}`;
}

/** One AWS ingress rule in security-group block or standalone-rule form. */
function awsRule(rule: Attributes, cidr4: string, cidr6: string, protocol: string): string | undefined {
  const sources = [...strings(rule[cidr4]), ...strings(rule[cidr6])].filter((s) => ANYWHERE.includes(s));
  if (sources.length === 0 || !tcp(rule[protocol])) return undefined;
  const all = rule[protocol] === "-1" || rule[protocol] === -1 || rule[protocol] === "all";
  const ports = all ? [...ADMIN_PORTS] : portsIn(rule.from_port, rule.to_port);
  return ports.length > 0 ? describe(ports, sources) : undefined;
}

/** GCP `ports` entries: "22", 22, "1000-2000"; none means every port. */
function gcpPorts(ports: unknown): number[] {
  const list = (Array.isArray(ports) ? ports : [ports])
    .map((p) => (typeof p === "number" ? String(p) : p))
    .filter((p): p is string => typeof p === "string");
  if (list.length === 0) return [...ADMIN_PORTS];
  return [
    ...new Set(
      list.flatMap((p) => {
        if (isReference(p)) return [];
        const [from, to] = p.split("-");
        return portsIn(from, to ?? from);
      }),
    ),
  ];
}

export const noOpenAdminIngress: Rule = {
  id: "no-open-admin-ingress",
  severity: "error",
  title: "No ingress from the internet to SSH, RDP or database ports",
  rationale:
    "Admin and database ports open to 0.0.0.0/0 or ::/0 are scanned within minutes and brute-forced continuously.",
  remediation:
    "Allow these ports only from known private ranges or a bastion/identity-aware proxy (AWS SSM Session Manager, GCP IAP range 35.235.240.0/20); never from 0.0.0.0/0 or ::/0.",
  check(r) {
    const a = r.attributes;
    switch (r.type) {
      case "aws_security_group":
      case "aws_default_security_group":
        return blocks(a, "ingress")
          .map((i) => awsRule(i, "cidr_blocks", "ipv6_cidr_blocks", "protocol"))
          .filter((m): m is string => m !== undefined);
      case "aws_security_group_rule":
        return a.type === "ingress" ? awsRule(a, "cidr_blocks", "ipv6_cidr_blocks", "protocol") : undefined;
      case "aws_vpc_security_group_ingress_rule":
        return awsRule(a, "cidr_ipv4", "cidr_ipv6", "ip_protocol");
      case "google_compute_firewall": {
        if ((a.direction ?? "INGRESS") !== "INGRESS" || bool(a.disabled) === true) return undefined;
        // An ingress rule with no source at all applies to every address (GCP's own default).
        const noSource = [a.source_ranges, a.source_tags, a.source_service_accounts].every(
          (v) => strings(v).length === 0,
        );
        const sources = noSource ? ["0.0.0.0/0"] : strings(a.source_ranges).filter((s) => ANYWHERE.includes(s));
        if (sources.length === 0) return undefined;
        const ports = [
          ...new Set(
            blocks(a, "allow")
              .filter((x) => tcp(x.protocol))
              .flatMap((x) => gcpPorts(x.ports)),
          ),
        ];
        return ports.length > 0 ? describe(ports, sources) : undefined;
      }
      default:
        return undefined;
    }
  },
};
