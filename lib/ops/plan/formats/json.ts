import { DriftReport } from "../drift";
import { ReviewReport } from "../review";

/** `{"plans","drift","summary"}` (with `expiredIgnores`, `unusedIgnores`): values already masked. */
export function formatDriftJson(report: DriftReport): string {
  return `${JSON.stringify(
    {
      plans: report.plans,
      drift: report.drift,
      summary: report.summary,
      expiredIgnores: report.expiredIgnores,
      unusedIgnores: report.unusedIgnores,
    },
    null,
    2,
  )}\n`;
}

/** `{"plans","changes","summary"}`. */
export function formatReviewJson(report: ReviewReport): string {
  return `${JSON.stringify({ plans: report.plans, changes: report.changes, summary: report.summary }, null, 2)}\n`;
}
