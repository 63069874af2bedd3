/** One timed run for bench/plan.ts: read the plan, build both reports, write JSON and markdown. */
import { driftReport, formatDriftJson, formatReviewMarkdown, readPlanFiles, reviewReport } from "../lib/ops/plan";

const [file, mode] = process.argv.slice(2);
if (mode === "parse-only") {
  JSON.parse(require("fs").readFileSync(file, "utf8"));
} else {
  const { plans } = readPlanFiles([file]);
  const drift = driftReport(plans, { today: "2025-01-01" });
  const review = reviewReport(plans);
  const sizes = [formatDriftJson(drift).length, formatReviewMarkdown(review).length];
  console.log(JSON.stringify({ changes: plans[0].changes.length, drift: drift.drift.length, sizes }));
}
