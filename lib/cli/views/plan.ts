import { DriftReport } from "../../ops/plan/drift";
import { formatDriftSarif, formatReviewSarif } from "../../ops/plan/findings";
import { formatDriftJson, formatReviewJson } from "../../ops/plan/formats/json";
import { formatDriftMarkdown, formatReviewMarkdown } from "../../ops/plan/formats/markdown";
import { formatDriftText, formatReviewText } from "../../ops/plan/formats/text";
import { ReviewReport } from "../../ops/plan/review";
import { ReportView } from "../report";
import { packageVersion } from "../version";

/** The formats of `landform drift` and `landform plan review`. */
export const PLAN_FORMATS = ["text", "json", "markdown", "sarif"] as const;
export type PlanFormat = (typeof PLAN_FORMATS)[number];

type Formats<R> = Record<PlanFormat, (report: R) => string>;

const DRIFT: Formats<DriftReport> = {
  text: formatDriftText,
  json: formatDriftJson,
  markdown: (r) => formatDriftMarkdown(r),
  sarif: (r) => formatDriftSarif(r, packageVersion()),
};

const REVIEW: Formats<ReviewReport> = {
  text: formatReviewText,
  json: formatReviewJson,
  markdown: (r) => formatReviewMarkdown(r),
  sarif: (r) => formatReviewSarif(r, packageVersion()),
};

export function driftView(report: DriftReport, format: PlanFormat): ReportView {
  return planView(report, DRIFT, format);
}

export function reviewView(report: ReviewReport, format: PlanFormat): ReportView {
  return planView(report, REVIEW, format);
}

/** The text report's last line is the summary printed when the report goes to a file. */
function planView<R>(report: R, formats: Formats<R>, format: PlanFormat): ReportView {
  return {
    name: "the report",
    summary: () => formats.text(report).trimEnd().split("\n").pop()!,
    render: () => formats[format](report),
  };
}
