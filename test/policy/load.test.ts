import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { baselinePack } from "../../lib";
import { checkStacks, formatSarif, loadStacks } from "../../lib/policy";

// A folder of *.tf.json files is one Terraform module: provider default tags in one file apply to
// resources in another, and each finding points at the file that declares its resource.
describe("loadStacks on a folder of *.tf.json", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-module-"));
  fs.writeFileSync(
    path.join(dir, "providers.tf.json"),
    JSON.stringify(
      {
        provider: {
          aws: [{ region: "eu-west-1", default_tags: [{ tags: { environment: "prod", "managed-by": "terraform" } }] }],
        },
      },
      null,
      2,
    ),
  );
  fs.writeFileSync(
    path.join(dir, "main.tf.json"),
    JSON.stringify(
      {
        resource: {
          aws_db_instance: { orders: { engine: "postgres", storage_encrypted: true, backup_retention_period: 7 } },
        },
      },
      null,
      2,
    ),
  );
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("reads the files as one stack named after the folder", () => {
    const stacks = loadStacks(dir);
    expect(stacks.map((s) => s.name)).toEqual([path.basename(dir)]);
    expect(Object.keys(stacks[0].json.resource ?? {})).toEqual(["aws_db_instance"]);
  });

  test("judges resources with the module's provider tags, and locates them in their own file", () => {
    const stacks = loadStacks(dir, os.tmpdir());
    const report = checkStacks(stacks, { packs: [baselinePack] });
    const findings = report.findings.map((f) => [f.ruleId, f.address, f.file]);
    expect(findings).toEqual([
      ["production-data-protected", "aws_db_instance.orders", `${path.basename(dir)}/main.tf.json`],
    ]);
    const sarif = JSON.parse(formatSarif(report));
    expect(sarif.runs[0].results[0].locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: `${path.basename(dir)}/main.tf.json` },
      region: { startLine: 4 },
    });
  });
});

describe("checkStacks on block bodies written as arrays", () => {
  test("a one-element array body is judged like an object; anything else is bad input", () => {
    const json = { resource: { aws_instance: { web: [{ ami: "ami-1", associate_public_ip_address: true }] } } };
    const report = checkStacks([{ name: "s", json }], { packs: [baselinePack] });
    expect(report.findings.filter((f) => f.address === "aws_instance.web").map((f) => f.ruleId)).toEqual(
      expect.arrayContaining(["no-public-ip", "imdsv2-required"]),
    );
    expect(() =>
      checkStacks([{ name: "s", json: { resource: { aws_instance: { web: "x" } } } }], { packs: [baselinePack] }),
    ).toThrow("resource aws_instance.web in stack s is not an object; fix the Terraform JSON");
  });
});
