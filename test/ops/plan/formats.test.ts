import * as fs from "fs";
import * as path from "path";
import {
  driftReport,
  formatDriftMarkdown,
  formatDriftSarif,
  formatDriftText,
  formatReviewMarkdown,
  formatReviewSarif,
  formatReviewText,
  MARKDOWN_LIMIT,
  readPlan,
  reviewReport,
} from "../../../lib/ops/plan";
import { FIXTURES, ignores, plans, stacks, TODAY } from "./helpers";

/** 1-based line of `text` in a fixture, found the plain way. */
const lineOf = (file: string, text: string) =>
  fs.readFileSync(path.join(FIXTURES, file), "utf8").split("\n").indexOf(text) + 1;

const drift = () => driftReport(plans("drift"), { stacks: stacks(), ignores: ignores(), today: TODAY });
const review = () => reviewReport(plans("review"), { stacks: stacks(), allowDestroy: ["aws-prod/logs/**"] });

describe("formats", () => {
  test("text: one block per stack, attributes with before -> after, the summary last", () => {
    const text = formatDriftText(drift());
    expect(text).toContain(
      '  DRIFT   aws_security_group.app_SecurityGroup_1A2B3C4D: changed outside Terraform\n          construct aws-prod/app/SecurityGroup\n          ingress[0].cidr_blocks[0]: "10.30.0.0/16" -> "0.0.0.0/0"',
    );
    expect(text.trimEnd().split("\n").pop()).toBe(
      "3 plans (aws-prod, gcp-prod, legacy): 4 drifted, 3 noise, 2 ignored",
    );
    expect(text).toMatchSnapshot();
    expect(formatReviewText(review())).toMatchSnapshot();
  });

  test("markdown: counts table, one collapsible section per stack", () => {
    const md = formatDriftMarkdown(drift());
    expect(md).toContain("| aws-prod | 2 | 2 | 2 | <code>drift/aws-prod.json</code> |");
    expect(md.match(/<details/g)).toHaveLength(3);
    expect(md).toMatchSnapshot();
    const rmd = formatReviewMarkdown(review());
    expect(rmd).toContain("#### Destructive changes");
    expect(rmd).toMatchSnapshot();
  });

  test("markdown stays under GitHub's comment limit and says what it left out", () => {
    const changes = Array.from({ length: 3000 }, (_, i) => ({
      address: `aws_s3_bucket.b${i}`,
      type: "aws_s3_bucket",
      name: `b${i}`,
      mode: "managed",
      change: { actions: ["delete"], before: { bucket: `b${i}` }, after: null },
    }));
    const plan = readPlan(JSON.stringify({ format_version: "1.2", resource_changes: changes }), "big/plan.json");
    const md = formatReviewMarkdown(reviewReport([plan]));
    expect(md.length).toBeLessThanOrEqual(MARKDOWN_LIMIT);
    expect(md).toMatch(
      /> Truncated: \d+ of 6000 rows are not shown, to stay under GitHub's 65,536-character comment limit\./,
    );
    // The counts table always comes first and whole.
    expect(md).toContain("| big | 0 | 0 | 0 | 3000 | 0 | 0 | 0 | 3000 | 3000 |");
    // Sections are closed even when cut.
    expect(md.match(/<details/g)?.length).toBe(md.match(/<\/details>/g)?.length);
  });

  test("sarif 2.1.0: one rule per finding kind, results at the stack's committed JSON, ignores as suppressions", () => {
    const sarif = JSON.parse(formatDriftSarif(drift(), "1.2.3"));
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    const ids = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ids).toEqual(["drift", "drift-noise", "incomplete-plan", "expired-ignore"]);
    for (const r of run.results) expect(ids[r.ruleIndex]).toBe(r.ruleId);
    const sg = run.results.find((r: { message: { text: string } }) => r.message.text.startsWith("aws_security_group."));
    expect(sg.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: "synth/stacks/aws-prod/cdk.tf.json" },
      region: { startLine: lineOf("synth/stacks/aws-prod/cdk.tf.json", '      "app_SecurityGroup_1A2B3C4D": {') },
    });
    const suppressed = run.results.filter((r: { suppressions?: unknown[] }) => r.suppressions);
    expect(suppressed).toHaveLength(2);
    expect(run.results.filter((r: { ruleId: string }) => r.ruleId === "expired-ignore")).toHaveLength(1);

    const rsarif = JSON.parse(formatReviewSarif(review()));
    const results = rsarif.runs[0].results.map((r: { ruleId: string; suppressions?: unknown }) => [
      r.ruleId,
      r.suppressions ? "suppressed" : "open",
    ]);
    expect(results).toEqual([
      ["stateful-destroy", "open"],
      ["move-hint", "open"],
      ["stateful-destroy", "open"],
      ["destroy", "open"],
      ["stateful-destroy", "suppressed"],
    ]);
  });
});
