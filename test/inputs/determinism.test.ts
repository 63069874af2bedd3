import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { Annotations, App, DISABLE_STACK_TRACE_IN_METADATA, Testing } from "cdktf";
import { testStack } from "../helpers";

const root = path.resolve(__dirname, "../..");
const fixture = path.join(__dirname, "fixtures/annotated-app.ts");

/** Runs the annotated app from `cwd` into a fresh folder; returns manifest.json and the stack's files. */
function synthFrom(cwd: string): Map<string, string> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-annotated-"));
  try {
    execFileSync(process.execPath, ["--require", path.join(root, "scripts/register-ts.js"), fixture], {
      cwd,
      env: { ...process.env, CDKTF_OUTDIR: outdir, CDKTF_CONTEXT_JSON: "" },
    });
    const files = new Map<string, string>();
    for (const rel of ["manifest.json", "stacks/aws-annotated/cdk.tf.json"]) {
      files.set(rel, fs.readFileSync(path.join(outdir, rel), "utf8"));
    }
    return files;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

describe("synthesized output with annotations", () => {
  test("is byte-identical from two folders and holds no stack trace or local path", () => {
    const a = synthFrom(root);
    const b = synthFrom(os.tmpdir());
    for (const [file, bytes] of a) expect({ file, bytes: b.get(file) }).toEqual({ file, bytes });
    const manifest = JSON.parse(a.get("manifest.json")!);
    const annotations = manifest.stacks["aws-annotated"].annotations as { level: string; message: string }[];
    // The fixture must really annotate, or this test proves nothing.
    expect(annotations.map((n) => n.level)).toEqual(expect.arrayContaining(["@cdktf/info", "@cdktf/warn"]));
    expect(annotations.find((n) => n.level === "@cdktf/info")?.message).toContain("no-public-ip suppressed");
    for (const bytes of a.values()) {
      expect(bytes).not.toContain("stacktrace");
      expect(bytes).not.toContain(root);
      expect(bytes).not.toContain(os.tmpdir());
    }
  });

  test("a CloudStack keeps stack traces out of its constructs' annotations", () => {
    const stack = testStack("aws");
    Annotations.of(stack).addWarning("a warning");
    expect(stack.node.tryGetContext(DISABLE_STACK_TRACE_IN_METADATA)).toBe(true);
    expect(stack.node.metadata.find((m) => m.type === "@cdktf/warn")?.trace).toBeUndefined();
  });

  test("an app that asks for stack traces keeps them", () => {
    const app = Testing.app({ stackTraces: true, context: { [DISABLE_STACK_TRACE_IN_METADATA]: false } }) as App;
    const stack = testStack("aws", {}, app);
    Annotations.of(stack).addWarning("a warning");
    expect(stack.node.metadata.find((m) => m.type === "@cdktf/warn")?.trace?.length).toBeGreaterThan(0);
  });
});
