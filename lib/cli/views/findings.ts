import {
  Finding,
  FindingsReport,
  formatJson,
  formatMarkdown,
  formatSarif,
  formatText,
  summaryLine,
} from "../../findings";
import { ReportView } from "../report";
import { packageVersion } from "../version";

/** The formats of every command that reports findings (policy check, pipeline lint). */
export const FINDING_FORMATS = ["text", "json", "sarif", "markdown"] as const;
export type FindingFormat = (typeof FINDING_FORMATS)[number];

/** A findings report in one of the shared formats; `json` adds fields to the JSON summary (pipeline lint's file count). */
export function findingsView<F extends Finding>(
  report: FindingsReport<F>,
  format: FindingFormat,
  json?: { files: number },
): ReportView {
  return {
    name: `${format} report`,
    summary: () => summaryLine(report),
    render: (color) =>
      format === "json"
        ? formatJson(report, json)
        : format === "sarif"
          ? formatSarif(report, packageVersion())
          : format === "markdown"
            ? formatMarkdown(report)
            : formatText(report, { color }),
  };
}
