import * as path from "path";
import { baselinePack, Pack, Rule } from "../../lib";
import { checkStacks, fails, loadStacks, PolicyInputError } from "../../lib/policy";

const FIXTURES = path.join(__dirname, "..", "fixtures", "policy");
const violations = () => loadStacks(path.join(FIXTURES, "violations.tf.json"));

/** Every baseline rule and the blocks where the hand-written fixture plants its violations. */
const PLANTED: Record<string, string[]> = {
  "encrypted-at-rest": ["aws_db_instance.unencrypted", "aws_ebs_volume.unencrypted"],
  "no-public-database": ["aws_db_instance.public", "google_sql_database_instance.public"],
  "no-open-admin-ingress": [
    "aws_security_group.open_ssh",
    "aws_vpc_security_group_ingress_rule.open_postgres",
    "google_compute_firewall.open_rdp",
  ],
  "imdsv2-required": ["aws_instance.imdsv1"],
  "shielded-vm": ["google_compute_instance.unshielded"],
  "no-public-ip": ["aws_instance.public_ip", "google_compute_instance.public_ip"],
  "kubernetes-api-private": ["aws_eks_cluster.public_api", "google_container_cluster.public_api"],
  "kubernetes-secrets-encrypted": ["aws_eks_cluster.plain_secrets"],
  "kubernetes-control-plane-logging": ["aws_eks_cluster.no_audit_logs", "google_container_cluster.no_logging"],
  "no-literal-secrets": ["provider.aws.legacy", "aws_db_instance.literal_password"],
  "images-pinned": ["kubernetes_deployment.latest", "kubernetes_pod.untagged"],
  "required-tags": ["aws_s3_bucket.untagged"],
  "production-data-protected": ["aws_db_instance.unprotected", "google_sql_database_instance.unbacked"],
  "github-oidc-trust-scoped": [
    "aws_iam_role.github_any_repo",
    "google_iam_workload_identity_pool_provider.github_any_repo",
  ],
};

describe("planted-violation fixture", () => {
  const report = checkStacks(violations(), { packs: [baselinePack] });

  test("plants a violation for every baseline rule", () => {
    expect(Object.keys(PLANTED).sort()).toEqual(baselinePack.rules.map((r) => r.id).sort());
  });

  test.each(Object.entries(PLANTED))("%s catches exactly its planted violations", (ruleId, addresses) => {
    const caught = [...new Set(report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.address))];
    expect(caught.sort()).toEqual([...addresses].sort());
  });

  test("the clean fixture passes the baseline", () => {
    const clean = checkStacks(loadStacks(path.join(FIXTURES, "clean.tf.json")), { packs: [baselinePack] });
    expect(clean.findings).toEqual([]);
    expect(clean.summary).toEqual({
      stacks: 1,
      resources: 13,
      rules: 14,
      errors: 0,
      warnings: 0,
      infos: 0,
      suppressed: 0,
      unmatchedSuppressions: 0,
    });
  });
});

describe("checkStacks", () => {
  const stack = (json: Record<string, unknown>, name = "s") => ({ name, json });
  const db = {
    resource: {
      aws_db_instance: {
        orders: {
          "//": { metadata: { path: "s/orders/Resource" } },
          storage_encrypted: false,
          tags: { environment: "dev", "managed-by": "me" },
        },
      },
    },
  };

  test("reports the address, construct path, message and remediation", () => {
    const report = checkStacks([stack(db)], { packs: [baselinePack] });
    expect(report.findings).toHaveLength(1);
    expect(report.findings[0]).toMatchObject({
      ruleId: "encrypted-at-rest",
      severity: "error",
      stack: "s",
      address: "aws_db_instance.orders",
      constructPath: "s/orders/Resource",
      message: "database storage is not encrypted: storage_encrypted is false",
      suppressed: false,
    });
    expect(fails(report)).toBe(true);
  });

  test("a construct-path suppression in the stack's JSON covers the construct and everything below it", () => {
    const json = {
      ...db,
      "//": {
        landform: { suppressions: [{ ruleId: "encrypted-at-rest", path: "s/orders", reason: "test data only" }] },
      },
    };
    const report = checkStacks([stack(json)], { packs: [baselinePack] });
    expect(report.findings.map((f) => [f.ruleId, f.suppressed, f.reason])).toEqual([
      ["encrypted-at-rest", true, "test data only"],
    ]);
    expect(report.summary.suppressed).toBe(1);
    expect(fails(report)).toBe(false);
  });

  test("a path suppression does not cover a sibling whose name merely starts the same", () => {
    const json = {
      ...db,
      "//": { landform: { suppressions: [{ ruleId: "encrypted-at-rest", path: "s/order", reason: "r" }] } },
    };
    const report = checkStacks([stack(json)], { packs: [baselinePack] });
    expect(report.findings.map((f) => [f.ruleId, f.suppressed])).toEqual([
      ["encrypted-at-rest", false],
      ["unmatched-suppression", false],
    ]);
  });

  test("an address suppression can be limited to one stack", () => {
    const suppressions = [
      { ruleId: "encrypted-at-rest", address: "aws_db_instance.orders", stack: "a", reason: "legacy, migrating in Q3" },
    ];
    const report = checkStacks([stack(db, "a"), stack(db, "b")], { packs: [baselinePack], suppressions });
    expect(report.findings.map((f) => [f.stack, f.suppressed])).toEqual([
      ["a", true],
      ["b", false],
    ]);
  });

  test("a suppression that matches nothing is reported as a warning, saying when its rule is not checked", () => {
    const suppressions = [
      { ruleId: "no-public-ip", address: "aws_instance.gone", reason: "bastion" },
      { ruleId: "made-up", address: "aws_db_instance.orders", reason: "typo", source: "landform.policy.json" },
    ];
    const report = checkStacks([stack({})], { packs: [baselinePack], suppressions });
    expect(report.findings.map((f) => [f.ruleId, f.severity, f.message, f.file])).toEqual([
      [
        "unmatched-suppression",
        "warning",
        'suppression of no-public-ip on address aws_instance.gone matches no finding; its reason was "bastion"',
        undefined,
      ],
      [
        "unmatched-suppression",
        "warning",
        'suppression of made-up on address aws_db_instance.orders matches no finding (rule made-up is not in the packs checked); its reason was "typo"',
        "landform.policy.json",
      ],
    ]);
    expect(report.summary.unmatchedSuppressions).toBe(2);
    expect(fails(report, "error")).toBe(false);
    expect(fails(report, "warning")).toBe(true);
  });

  test("a suppression without a reason is an error", () => {
    const json = { "//": { landform: { suppressions: [{ ruleId: "no-public-ip", path: "s/vm", reason: " " }] } } };
    expect(() => checkStacks([stack(json)], { packs: [baselinePack] })).toThrow(
      new PolicyInputError(
        'stack s, suppression 1: suppression of no-public-ip has no reason; write why the finding is accepted in "reason".',
      ),
    );
  });

  test("a suppression needs exactly one of path or address", () => {
    expect(() => checkStacks([stack({})], { packs: [], suppressions: [{ ruleId: "x", reason: "r" }] })).toThrow(
      'suppression 1: suppression of x needs exactly one of "path" (a construct path) or "address" (a Terraform address).',
    );
  });

  test("a rule that throws becomes a finding instead of hiding the others", () => {
    const broken: Rule = {
      id: "broken",
      severity: "error",
      title: "t",
      rationale: "r",
      remediation: "f",
      check: () => {
        throw new Error("boom");
      },
    };
    const pack: Pack = { name: "mine", description: "", rules: [broken] };
    const report = checkStacks([stack(db)], { packs: [pack] });
    expect(report.findings.map((f) => f.message)).toEqual(["rule broken failed on this block: boom"]);
  });

  test("rules see provider blocks only when they ask to", () => {
    const seen: string[] = [];
    const rule = (kinds?: Rule["kinds"]): Rule => ({
      id: `r${seen.length}${kinds?.join() ?? ""}`,
      severity: "info",
      title: "t",
      rationale: "r",
      remediation: "f",
      kinds,
      check: (r) => void seen.push(`${kinds ? "both" : "default"}:${r.address}`),
    });
    checkStacks(
      [stack({ provider: { aws: [{ region: "eu-west-1" }, { alias: "us", region: "us-east-1" }] }, ...db })],
      {
        packs: [{ name: "p", description: "", rules: [rule(), rule(["resource", "provider"])] }],
      },
    );
    expect(seen).toEqual([
      "both:provider.aws",
      "both:provider.aws.us",
      "default:aws_db_instance.orders",
      "both:aws_db_instance.orders",
    ]);
  });
});
