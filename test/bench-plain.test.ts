import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import { committedStacks, readStack, stripMetadata } from "../bench/generate-plain";

// The benchmark's floor must declare exactly what Landform synthesizes. Regenerate it with
// `npm run bench:generate` when the committed terraform/ changes. Synthesized in a child process
// as `npm run bench` runs it: loading its provider classes through jest's module registry costs
// about twice as much.
describe("the plain cdktf program in bench/plain", () => {
  const root = path.resolve(__dirname, "..");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-bench-plain-"));
  beforeAll(() => {
    execFileSync(process.execPath, ["--require", "./scripts/register-ts.js", "bench/plain/platform.ts"], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("declares the same stacks as the committed Terraform", () => {
    expect(committedStacks(outdir)).toEqual(committedStacks());
  });

  test.each(committedStacks())("%s synthesizes the committed JSON, metadata aside", (stack) => {
    expect(stripMetadata(readStack(stack, outdir))).toEqual(stripMetadata(readStack(stack)));
  });
});
