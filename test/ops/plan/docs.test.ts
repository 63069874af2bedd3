import * as fs from "fs";
import * as path from "path";
import { NOISE_RULES } from "../../../lib/ops/plan";
import { SAME_VALUES_RULE } from "../../../lib/ops/plan/noise";

// docs/drift.md is the user's reference for the noise rules: it must list exactly the table's rules, with their sources.
test("docs/drift.md lists every noise rule and its source, and no other", () => {
  const doc = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "drift.md"), "utf8");
  const section = doc.slice(doc.indexOf("### Noise rules"), doc.indexOf("### The ignore file"));
  const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
  const rules = [...NOISE_RULES, SAME_VALUES_RULE];
  expect(listed).toEqual(rules.map((r) => r.id));
  for (const rule of rules) expect(section).toContain(rule.source);
});
