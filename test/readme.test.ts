import fs from "fs";
import path from "path";
import { SIZE_CLASSES, SIZE_NAMES } from "../lib";

// The README and docs are part of the product: the size table must be the code's.
describe("README", () => {
  const readme = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8");
  const parity = fs.readFileSync(path.resolve(__dirname, "../docs/parity.md"), "utf8");

  test("stays what a newcomer reads first: under 12 KB (details go to docs/)", () => {
    expect(Buffer.byteLength(readme)).toBeLessThan(12 * 1024);
  });

  test("docs/parity.md publishes the size table exactly as lib/core/sizes.ts defines it", () => {
    const table = /<!-- size-table:start -->\n([\s\S]*?)<!-- size-table:end -->/.exec(parity)?.[1] ?? "";
    const rows = table
      .trim()
      .split("\n")
      .slice(2)
      .map((r) =>
        r
          .split("|")
          .map((c) => c.trim())
          .filter(Boolean),
      );
    expect(rows).toEqual(
      SIZE_NAMES.map((size) => {
        const c = SIZE_CLASSES[size];
        return [
          size,
          `${c.vcpu}`,
          `${c.memoryGib}`,
          c.types.aws.vm,
          c.types.aws.node,
          c.types.aws.database,
          c.types.gcp.vm,
          c.types.gcp.node,
          c.types.gcp.database,
        ];
      }),
    );
  });

  test("names the two commands that work on a fresh machine", () => {
    expect(readme).toContain("npm ci && npm run synth");
    expect(readme).toContain("npm ci && npm test");
  });
});

describe("README example", () => {
  test("is examples/quickstart.ts as published (importing from the package)", () => {
    const readme = fs.readFileSync(path.resolve(__dirname, "../README.md"), "utf8");
    const example = fs
      .readFileSync(path.resolve(__dirname, "../examples/quickstart.ts"), "utf8")
      .replace('from "../lib"', 'from "landform"');
    expect(readme).toContain("```ts\n" + example + "```");
  });
});
