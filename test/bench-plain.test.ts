import { App } from "cdktf";
import fs from "fs";
import os from "os";
import path from "path";
import { committedStacks, readStack, stripMetadata } from "../bench/generate-plain";
import { buildPlatform } from "../bench/plain/platform";

// The benchmark's floor must declare exactly what Landform synthesizes. Regenerate it with
// `npm run bench:generate` when the committed terraform/ changes.
describe("the plain cdktf program in bench/plain", () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-bench-plain-"));
  beforeAll(() => buildPlatform(new App({ outdir })).synth());
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("declares the same stacks as the committed Terraform", () => {
    expect(committedStacks(outdir)).toEqual(committedStacks());
  });

  test.each(committedStacks())("%s synthesizes the committed JSON, metadata aside", (stack) => {
    expect(stripMetadata(readStack(stack, outdir))).toEqual(stripMetadata(readStack(stack)));
  });
});
