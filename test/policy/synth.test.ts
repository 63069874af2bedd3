import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DbInstance } from "@cdktf/provider-aws/lib/db-instance";
import { Instance } from "@cdktf/provider-aws/lib/instance";
import { App, Testing } from "cdktf";
import { IConstruct } from "constructs";
import { baselinePack, CloudStack, Pack, Policy } from "../../lib";
import { runCli } from "../../lib/cli";
import { stackProps } from "../helpers";

const encryptedDb = {
  engine: "postgres",
  instanceClass: "db.t4g.micro",
  allocatedStorage: 20,
  storageEncrypted: true,
  manageMasterUserPassword: true,
  username: "app",
};
const warnOnDb: Pack = {
  name: "advice",
  description: "",
  rules: [
    {
      id: "db-advice",
      severity: "warning",
      title: "t",
      rationale: "r",
      remediation: "use Aurora",
      check: (r) => (r.type === "aws_db_instance" ? "consider Aurora" : undefined),
    },
  ],
};

function notes(scope: IConstruct, type: "@cdktf/warn" | "@cdktf/info"): string[] {
  return scope.node
    .findAll()
    .flatMap((c) => c.node.metadata.filter((m) => m.type === type).map((m) => `${c.node.path}: ${String(m.data)}`));
}

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "landform-policy-"));
}

describe("Policy.enforce", () => {
  test("an error finding fails synthesis with the construct path, rule id and fix", () => {
    const stack = new CloudStack(Testing.app(), "aws-test", stackProps("aws"));
    new DbInstance(stack, "orders", { ...encryptedDb, storageEncrypted: false });
    Policy.enforce(stack, { packs: [baselinePack] });
    expect(() => Testing.synth(stack, true)).toThrow(
      "'aws-test/orders' (aws_db_instance.orders) violates encrypted-at-rest [error]: database storage is not encrypted: storage_encrypted is false. Fix: Turn encryption on:",
    );
  });

  test("fails app.synth() too, before anything is written for the stack", () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const stack = new CloudStack(app, "aws-test", stackProps("aws"));
    new Instance(stack, "vm", { ami: "ami-123", instanceType: "t3.micro", rootBlockDevice: { encrypted: true } });
    Policy.enforce(app);
    expect(() => app.synth()).toThrow(
      /\[aws-test\] 'aws-test\/vm' \(aws_instance\.vm\) violates imdsv2-required \[error\]: metadata_options\.http_tokens is not set/,
    );
    expect(fs.existsSync(path.join(outdir, "stacks", "aws-test", "cdk.tf.json"))).toBe(false);
  });

  test("warnings become annotations on the resource's construct and do not fail synthesis", () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const stack = new CloudStack(app, "aws-test", stackProps("aws"));
    new DbInstance(stack, "orders", encryptedDb);
    Policy.enforce(stack, { packs: [baselinePack, warnOnDb] });
    app.synth();
    const manifest = JSON.parse(fs.readFileSync(path.join(outdir, "manifest.json"), "utf8"));
    expect(manifest.stacks["aws-test"].annotations).toEqual([
      expect.objectContaining({
        constructPath: "aws-test/orders",
        level: "@cdktf/warn",
        message:
          "[policy] 'aws-test/orders' (aws_db_instance.orders) violates db-advice [warning]: consider Aurora. Fix: use Aurora",
      }),
    ]);
  });

  test("on an App it also covers stacks created after the call", () => {
    const app = Testing.app();
    Policy.enforce(app);
    const stack = new CloudStack(app, "aws-late", stackProps("aws"));
    new DbInstance(stack, "orders", { ...encryptedDb, storageEncrypted: false });
    expect(() => app.synth()).toThrow(/aws-late\/orders' \(aws_db_instance\.orders\) violates encrypted-at-rest/);
  });

  test("rejects a suppression without a reason", () => {
    const stack = new CloudStack(Testing.app(), "aws-test", stackProps("aws"));
    expect(() =>
      Policy.enforce(stack, { suppressions: [{ ruleId: "no-public-ip", address: "aws_instance.vm", reason: "" }] }),
    ).toThrow(
      "Policy.enforce on 'aws-test', suppression 1: suppression of no-public-ip has no reason; write why the finding is accepted in \"reason\".",
    );
  });
});

describe("Policy.suppress", () => {
  function bastionStack(app: App) {
    const stack = new CloudStack(app, "aws-test", stackProps("aws"));
    const bastion = new Instance(stack, "bastion", {
      ami: "ami-123",
      instanceType: "t3.micro",
      associatePublicIpAddress: true,
      rootBlockDevice: { encrypted: true },
      metadataOptions: { httpTokens: "required" },
    });
    return { stack, bastion };
  }

  test("accepts a finding on the construct, reports it as suppressed with the reason, and writes it into the JSON", () => {
    const outdir = tempDir();
    const app = new App({ outdir });
    const { stack } = bastionStack(app);
    Policy.suppress(stack, "no-public-ip", "the bastion is reached over the internet by design");
    Policy.enforce(stack);
    app.synth();

    expect(notes(stack, "@cdktf/info")).toEqual([
      "aws-test/bastion: [policy] no-public-ip suppressed on aws_instance.bastion: associate_public_ip_address is true. Reason: the bastion is reached over the internet by design",
    ]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "aws-test", "cdk.tf.json"), "utf8"));
    expect(json["//"].landform).toEqual({
      suppressions: [
        { ruleId: "no-public-ip", path: "aws-test", reason: "the bastion is reached over the internet by design" },
      ],
    });

    // The CLI on the committed output honours the same suppression.
    const out: string[] = [];
    const io = {
      stdout: { write: (s: string) => out.push(s) },
      stderr: { write: (s: string) => out.push(s) },
      cwd: outdir,
      env: {},
    };
    expect(runCli(["policy", "check", ".", "--format", "json"], io)).toBe(0);
    expect(JSON.parse(out.join("")).findings).toEqual([
      expect.objectContaining({
        ruleId: "no-public-ip",
        address: "aws_instance.bastion",
        constructPath: "aws-test/bastion",
        suppressed: true,
        reason: "the bastion is reached over the internet by design",
      }),
    ]);
  });

  test("survives Testing.fullSynth, which writes the real output", () => {
    const { stack, bastion } = bastionStack(Testing.app());
    Policy.suppress(bastion, "no-public-ip", "bastion");
    Policy.suppress(bastion, "shielded-vm", "nothing to match on AWS");
    const outdir = Testing.fullSynth(stack);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", "aws-test", "cdk.tf.json"), "utf8"));
    expect(json["//"].landform.suppressions).toEqual([
      { ruleId: "no-public-ip", path: "aws-test/bastion", reason: "bastion" },
      { ruleId: "shielded-vm", path: "aws-test/bastion", reason: "nothing to match on AWS" },
    ]);
  });

  test("a suppression that matches nothing is reported as a warning at synth", () => {
    const { stack, bastion } = bastionStack(Testing.app());
    Policy.suppress(bastion, "no-public-ip", "bastion");
    Policy.suppress(bastion, "imdsv2-required", "old AMI");
    Policy.enforce(stack);
    Testing.synth(stack, true);
    expect(notes(stack, "@cdktf/warn")).toEqual([
      `aws-test/bastion: [policy] 'aws-test/bastion' has an unmatched-suppression [warning]: suppression of imdsv2-required on construct 'aws-test/bastion' matches no finding; its reason was "old AMI". Fix: Remove the suppression, or correct its rule id, construct path or address.`,
    ]);
  });

  test("does not cover constructs outside the suppressed one", () => {
    const { stack, bastion } = bastionStack(Testing.app());
    new Instance(stack, "other", {
      ami: "ami-123",
      instanceType: "t3.micro",
      associatePublicIpAddress: true,
      rootBlockDevice: { encrypted: true },
      metadataOptions: { httpTokens: "required" },
    });
    Policy.suppress(bastion, "no-public-ip", "bastion");
    Policy.enforce(stack);
    expect(() => Testing.synth(stack, true)).toThrow(/'aws-test\/other' \(aws_instance\.other\) violates no-public-ip/);
  });

  test("needs a written reason", () => {
    const { bastion } = bastionStack(Testing.app());
    expect(() => Policy.suppress(bastion, "no-public-ip", "  ")).toThrow(
      "Policy.suppress on 'aws-test/bastion': suppression of no-public-ip has no reason; write why the finding is accepted.",
    );
  });
});

describe("Policy.enforce on an App with address suppressions", () => {
  test("applies them per stack and calls none unmatched in a stack it was not meant for", () => {
    const app = Testing.app();
    const stacks = ["aws-a", "aws-b"].map((id) => new CloudStack(app, id, stackProps("aws")));
    new Instance(stacks[0], "bastion", {
      ami: "ami-1",
      instanceType: "t3.micro",
      associatePublicIpAddress: true,
      rootBlockDevice: { encrypted: true },
      metadataOptions: { httpTokens: "required" },
    });
    Policy.enforce(app, {
      suppressions: [
        { ruleId: "no-public-ip", address: "aws_instance.bastion", reason: "bastion" },
        { ruleId: "imdsv2-required", address: "aws_instance.bastion", stack: "aws-a", reason: "stale" },
      ],
    });
    app.synth();
    expect(notes(app, "@cdktf/warn")).toEqual([
      `aws-a: [policy] aws_instance.bastion has an unmatched-suppression [warning]: suppression of imdsv2-required on address aws_instance.bastion in stack aws-a matches no finding; its reason was "stale". Fix: Remove the suppression, or correct its rule id, construct path or address.`,
    ]);
    expect(notes(app, "@cdktf/info")).toEqual([
      expect.stringContaining("aws-a/bastion: [policy] no-public-ip suppressed on aws_instance.bastion"),
    ]);
  });
});

describe("Policy.enforce cost", () => {
  test("the stack is resolved once per synth: the check's JSON is the JSON written", () => {
    const resolve = jest.spyOn(CloudStack.prototype, "toTerraform");
    try {
      const outdir = tempDir();
      const app = new App({ outdir });
      const stack = new CloudStack(app, "aws-test", stackProps("aws"));
      new DbInstance(stack, "orders", encryptedDb);
      Policy.enforce(stack);
      app.synth();
      expect(resolve.mock.calls.length).toBe(1);
      const written = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/aws-test/cdk.tf.json"), "utf8"));
      expect(written.resource.aws_db_instance.orders.storage_encrypted).toBe(true);
      fs.rmSync(outdir, { recursive: true, force: true });
    } finally {
      resolve.mockRestore();
    }
  });
});
