import fs from "fs";

/** One resource change as `terraform show -json` writes it, its user_data padded by `pad` characters. */
function change(i: number, drift: boolean, pad: number): string {
  const body = (version: number) => ({
    id: `i-${i.toString(16).padStart(8, "0")}`,
    instance_type: version ? "t3.medium" : "t3.small",
    tags: { Name: `app-${i}`, team: "platform" },
    tags_all: { Name: `app-${i}`, team: "platform", environment: "prod", stack: "bench" },
    ingress: [{ cidr_blocks: [version ? "0.0.0.0/0" : "10.0.0.0/16"], from_port: 443, to_port: 443, protocol: "tcp" }],
    user_data: "x".repeat(pad),
    password: "not-a-real-secret",
  });
  const kind = drift ? "update" : ["update", "replace", "delete", "create"][i % 4];
  const actions = kind === "replace" ? ["delete", "create"] : [kind];
  const type = i % 7 === 0 ? "aws_db_instance" : "aws_instance";
  return JSON.stringify({
    address: `${type}.app_${i}`,
    mode: "managed",
    type,
    name: `app_${i}`,
    provider_name: "registry.terraform.io/hashicorp/aws",
    change: {
      actions,
      before: kind === "create" ? null : body(0),
      after: kind === "delete" ? null : body(1),
      after_unknown: kind === "create" ? { id: true } : {},
      before_sensitive: kind === "create" ? false : { password: true },
      after_sensitive: kind === "delete" ? false : { password: true },
      ...(kind === "replace" ? { replace_paths: [["instance_type"]] } : {}),
    },
    ...(kind === "replace" ? { action_reason: "replace_because_cannot_update" } : {}),
  });
}

/**
 * Writes a plan JSON shaped like `terraform show -json` output for `count` resource changes (a
 * mix of updates, replaces, deletes and creates, a seventh of them databases) plus drift on every
 * tenth resource, padded to about `targetMb`. Streams, so generating it costs little memory.
 */
export function writeBenchPlan(file: string, count = 50_000, targetMb = 100): void {
  // Entry size is linear in the padding: measure it on a sample of every kind, solve for the target.
  const sample = (pad: number) => {
    let bytes = 0;
    for (let i = 0; i < 40; i++)
      bytes += change(i, false, pad).length + (i % 10 === 0 ? change(i, true, pad).length : 0);
    return bytes / 40;
  };
  const [at0, at1000] = [sample(0), sample(1000)];
  const pad = Math.max(0, Math.round(((targetMb * 1024 * 1024) / count - at0) / ((at1000 - at0) / 1000)));
  const fd = fs.openSync(file, "w");
  const write = (s: string) => fs.writeSync(fd, s);
  write(`{"format_version":"1.2","terraform_version":"1.11.4","resource_drift":[`);
  for (let i = 0; i < count; i += 10) write(`${i ? "," : ""}${change(i, true, pad)}`);
  write(`],"resource_changes":[`);
  for (let i = 0; i < count; i++) write(`${i ? "," : ""}${change(i, false, pad)}`);
  write(`],"configuration":{"root_module":{}},"complete":true,"errored":false}\n`);
  fs.closeSync(fd);
}

if (require.main === module)
  writeBenchPlan(process.argv[2], Number(process.argv[3] ?? 50_000), Number(process.argv[4] ?? 100));
