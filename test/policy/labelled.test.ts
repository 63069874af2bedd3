import * as fs from "fs";
import * as path from "path";
import { baselinePack } from "../../lib";
import { checkStacks } from "../../lib/policy";

/**
 * Labelled cases after checkov's own test fixtures (see the fixture's "//" note): for each rule,
 * the blocks of one section (names starting with the prefix) and exactly those it must flag.
 */
const LABELS: [ruleId: string, prefix: string, flagged: string[]][] = [
  [
    "kubernetes-api-private",
    "aws_eks_cluster.api_",
    ["aws_eks_cluster.api_default", "aws_eks_cluster.api_empty", "aws_eks_cluster.api_open"],
  ],
  [
    "no-literal-secrets",
    "ud_",
    ["aws_instance.ud_keys", "aws_launch_template.ud_keys", "aws_launch_configuration.ud_keys"],
  ],
  [
    "no-open-admin-ingress",
    "google_compute_firewall.fw_",
    [
      "google_compute_firewall.fw_all_range",
      "google_compute_firewall.fw_ssh_number",
      "google_compute_firewall.fw_rdp_number",
      "google_compute_firewall.fw_mixed",
    ],
  ],
  [
    "imdsv2-required",
    "imds_",
    [
      "aws_instance.imds_defaults",
      "aws_instance.imds_optional",
      "aws_launch_configuration.imds_optional",
      "aws_launch_template.imds_optional",
      "aws_launch_template.imds_default",
    ],
  ],
  [
    "encrypted-at-rest",
    "ebs_",
    [
      "aws_launch_configuration.ebs_plain",
      "aws_launch_configuration.ebs_no_root",
      "aws_launch_configuration.ebs_plain_extra",
    ],
  ],
  [
    "encrypted-at-rest",
    "aws_rds_cluster.aurora_",
    ["aws_rds_cluster.aurora_plain", "aws_rds_cluster.aurora_default", "aws_rds_cluster.aurora_provisioned_default"],
  ],
  ["no-public-ip", "ip_", ["aws_launch_configuration.ip_public", "google_compute_instance_from_template.ip_external"]],
  ["shielded-vm", "vm_", ["google_compute_instance_from_template.vm_no_vtpm"]],
];

describe("baseline rules on labelled cases", () => {
  const file = path.join(__dirname, "..", "fixtures", "policy", "labelled.tf.json");
  const json = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
  const report = checkStacks([{ name: "labelled", json }], { packs: [baselinePack] });
  const section = (address: string, prefix: string) =>
    prefix.includes(".") ? address.startsWith(prefix) : address.split(".")[1].startsWith(prefix);

  test.each(LABELS)("%s flags exactly the failing blocks of %s", (ruleId, prefix, flagged) => {
    const caught = new Set(
      report.findings.filter((f) => f.ruleId === ruleId && section(f.address, prefix)).map((f) => f.address),
    );
    expect([...caught].sort()).toEqual([...flagged].sort());
  });

  test("every section has passing and failing blocks, so each label can be wrong both ways", () => {
    const resource = json.resource as Record<string, Record<string, unknown>>;
    const addresses = Object.entries(resource).flatMap(([t, byName]) => Object.keys(byName).map((n) => `${t}.${n}`));
    for (const [, prefix, flagged] of LABELS) {
      const inSection = addresses.filter((a) => section(a, prefix));
      expect(flagged.every((a) => inSection.includes(a))).toBe(true);
      expect(inSection.length).toBeGreaterThan(flagged.length);
    }
  });

  test("no finding echoes a credential", () => {
    expect(report.findings.map((f) => f.message).join("\n")).not.toMatch(/AKIA[A-Z0-9]{16}/);
  });
});
