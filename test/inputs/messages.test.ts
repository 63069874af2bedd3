import { Testing } from "cdktf";
import { Cloud, CloudStack, StateBackend } from "../../lib";
import { stackProps } from "../helpers";
import { construct, probe } from "./probe";

// The exact sentence a user reads: construct path, prop, value (cut when long), problem and fix.

function stackError(cloud: Cloud, backend: () => StateBackend): string {
  return probe(() => new CloudStack(Testing.app(), `${cloud}-test`, stackProps(cloud, { backend: backend() }))).message;
}

describe("messages for bad input", () => {
  test("a CIDR with leading zeros", () => {
    expect(probe(() => construct("aws", "Network", { cidr: "010.000.000.000/16" })).message).toBe(
      `Network 'aws-test/probe': cidr "010.000.000.000/16" has a number with a leading zero, which tools read differently (010 is 8 as octal); use a block such as "10.0.0.0/16".`,
    );
  });

  test("NaN is shown as NaN, not null", () => {
    expect(probe(() => construct("aws", "Network", { zones: NaN })).message).toBe(
      "Network 'aws-test/probe': zones NaN must be a whole number from 1 to 6; set zones to 2 or 3.",
    );
  });

  test("a 1 MB value is cut to its ends", () => {
    const message = probe(() => construct("gcp", "Network", { cidr: "x".repeat(1_000_000) })).message;
    expect(message).toBe(
      `Network 'gcp-test/probe': cidr "${"x".repeat(38)}…(999924 more characters)…${"x".repeat(38)}" is not an IPv4 CIDR block; use a block such as "10.0.0.0/16".`,
    );
  });

  test("an empty machine type", () => {
    expect(probe(() => construct("aws", "ComputeInstance", { machineType: { aws: "" } })).message).toBe(
      `ComputeInstance 'aws-test/probe': machineType.aws "" is not a machine type name; use the cloud's name for it, e.g. "m7i.large" or "e2-standard-4", or leave aws out for the size's type.`,
    );
  });

  test.each([
    ["aws", 16 * 1024],
    ["gcp", 256 * 1024],
  ] as const)("a startup script over %s's limit of %d bytes", (cloud, max) => {
    const head = "#!/bin/sh\n";
    const fits = head + "x".repeat(max - head.length);
    expect(() => construct(cloud, "ComputeInstance", { startupScript: fits })).not.toThrow();
    const error = probe(() => construct(cloud, "ComputeInstance", { startupScript: `${fits}x` }));
    expect(error.prop).toBe("startupScript");
    expect(error.message).toMatch(
      new RegExp(
        `^ComputeInstance '${cloud}-test/probe': startupScript "#!/bin/sh\\\\nx+…\\(\\d+ more characters\\)…x+" is ${max + 1} bytes, more than the ${max} bytes ${cloud} accepts; keep the boot script small and have it download the rest, e\\.g\\. from a bucket\\.$`,
      ),
    );
  });

  test("a GCP scope that is neither a scope URL nor a gcloud alias", () => {
    expect(probe(() => construct("gcp", "ComputeInstance", { gcpScopes: ["whatever"] })).message).toBe(
      `ComputeInstance 'gcp-test/probe': gcpScopes[0] "whatever" is not an OAuth scope; use a scope URL such as "https://www.googleapis.com/auth/cloud-platform", or a gcloud alias such as "storage-ro".`,
    );
    expect(() =>
      construct("gcp", "ComputeInstance", {
        gcpScopes: ["storage-ro", "https://www.googleapis.com/auth/devstorage.read_only"],
      }),
    ).not.toThrow();
  });

  test("a 1 MB SSH key", () => {
    expect(
      probe(() => construct("aws", "ComputeInstance", { sshPublicKey: `ssh-ed25519 ${"A".repeat(1_000_000)}` }))
        .message,
    ).toBe(
      `ComputeInstance 'aws-test/probe': sshPublicKey "ssh-ed25519 ${"A".repeat(26)}…(999936 more characters)…${"A".repeat(38)}" is 1000012 characters long, more than the 8192 allowed; shorten sshPublicKey.`,
    );
  });

  test("wrong types say what was passed", () => {
    expect(probe(() => construct("aws", "ComputeInstance", { publicIp: "false" })).message).toBe(
      `ComputeInstance 'aws-test/probe': publicIp "false" is not a boolean; use true or false, not a string.`,
    );
    expect(probe(() => construct("aws", "Database", { production: "no" })).message).toBe(
      `Database 'aws-test/probe': production "no" is not a boolean; use true or false, not a string.`,
    );
    expect(probe(() => construct("aws", "Database", { storageGb: "20" })).message).toBe(
      `Database 'aws-test/probe': storageGb "20" is not a number; pass storageGb as a number, not a string.`,
    );
    expect(probe(() => construct("aws", "ComputeInstance", { ingress: [null] })).message).toBe(
      `ComputeInstance 'aws-test/probe': ingress[0] null is not an object; pass each rule as { port, from }, e.g. { port: 22, from: "10.0.0.0/8" }.`,
    );
    expect(probe(() => construct("aws", "Database", { maintenanceWindow: null })).message).toBe(
      `Database 'aws-test/probe': maintenanceWindow null is not a value; leave maintenanceWindow out for its default, or set it.`,
    );
    expect(
      probe(() =>
        construct("gcp", "Cluster", { nodePools: { general: { taints: [{ key: 5, effect: "NoSchedule" }] } } }),
      ).message,
    ).toBe(
      `Cluster 'gcp-test/probe': nodePools.general.taints[0].key 5 is not a string; pass nodePools.general.taints[0].key as a string, not a number.`,
    );
  });

  test("state backend options", () => {
    expect(stackError("aws", () => StateBackend.local({ path: "" }))).toBe(
      `CloudStack 'aws-test': backend path "" is empty; use a path relative to the stack's folder such as "terraform.aws-test.tfstate".`,
    );
    expect(stackError("aws", () => StateBackend.local({ path: "\\\\server\\share\\s.tfstate" }))).toBe(
      `CloudStack 'aws-test': backend path "\\\\\\\\server\\\\share\\\\s.tfstate" is absolute; use a path relative to the stack's folder such as "terraform.aws-test.tfstate".`,
    );
    expect(stackError("aws", () => StateBackend.s3({} as never))).toBe(
      `CloudStack 'aws-test': backend bucket undefined is missing; name the state bucket, e.g. StateBackend.s3({ bucket: "acme-landform-state" }).`,
    );
    expect(stackError("gcp", () => StateBackend.gcs({ bucket: "acme-state", prefix: 5 } as never))).toBe(
      `CloudStack 'gcp-test': backend prefix 5 is not a string; pass prefix as a string, not a number.`,
    );
    expect(stackError("gcp", () => StateBackend.gcs({ bucket: "acme-state", buckt: "x" } as never))).toBe(
      `CloudStack 'gcp-test': backend buckt "x" is not an option of StateBackend.gcs; use bucket, prefix, kmsEncryptionKey, impersonateServiceAccount.`,
    );
  });
});
