import fs from "fs";
import path from "path";
import { blocks, markdownFiles, ROOT } from "../scripts/type-checks/docs-examples";

// Every ```ts block of the README and docs/ is type-checked against lib/ by
// scripts/type-checks/docs-examples.ts in `npm test`'s static checks (one compile there, not in
// jest, with a planted block that must fail). Every relative link points at a file that exists.
describe("documentation", () => {
  const files = markdownFiles();
  const all = files.map((f) => blocks(f));
  const compiled = all.flatMap((b) => b.compiled);
  const skipped = all.flatMap((b) => b.skipped);

  test("the pages have ts blocks for the static check to compile", () => {
    expect(compiled.length).toBeGreaterThanOrEqual(10);
  });

  test("skipped blocks are rare and say why", () => {
    expect(skipped.length).toBeLessThanOrEqual(5);
    for (const block of skipped) expect(`${block.file}:${block.line} ${block.skip}`).toMatch(/ \w+( \w+){3,}/);
  });

  test("every relative link points at a file that exists", () => {
    const broken = files.flatMap((file) => {
      const text = fs.readFileSync(file, "utf8").replace(/```[\s\S]*?```/g, "");
      return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
        .map((m) => m[1].split("#")[0])
        .filter((target) => target !== "" && !/^[a-z]+:/i.test(target))
        .filter((target) => !fs.existsSync(path.resolve(path.dirname(file), target)))
        .map((target) => `${path.relative(ROOT, file)}: ${target}`);
    });
    expect(broken).toEqual([]);
  });
});
