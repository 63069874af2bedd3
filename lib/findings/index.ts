/** The finding record every check produces, and the formats every command writes it in. */
export { countFindings, failsAt, SEVERITIES, severityRank } from "./finding";
export type { Finding, FindingCounts, FindingsReport, RuleInfo, Severity } from "./finding";
export { formatJson, findingJson } from "./formats/json";
export { formatMarkdown } from "./formats/markdown";
export { formatSarif, INFORMATION_URI, SARIF_SCHEMA } from "./formats/sarif";
export { formatText, summaryLine } from "./formats/text";
export type { TextOptions } from "./formats/text";
