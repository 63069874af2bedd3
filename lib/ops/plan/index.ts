/** Terraform plan JSON: reading it, drift and plan review reports, and their formats. */
export { attributeDiffs, SENSITIVE, UNKNOWN } from "./diff";
export { DriftAttribute, DriftEntry, driftExitCode, DriftOptions, DriftReport, driftReport } from "./drift";
export { PlanInputError } from "./errors";
export { MAX_PLAN_BYTES, PlanFiles, readPlanFiles } from "./files";
export { formatDriftJson, formatReviewJson } from "./formats/json";
export { formatDriftMarkdown, formatReviewMarkdown, MARKDOWN_LIMIT } from "./formats/markdown";
export {
  DRIFT_RULES,
  driftFindings,
  formatDriftSarif,
  formatReviewSarif,
  PlanFinding,
  REVIEW_RULES,
  reviewFindings,
} from "./findings";
export { formatDriftText, formatReviewText } from "./formats/text";
export { Ignore, parseIgnores } from "./ignore";
export { Action, Change, Plan, ResourceChange } from "./model";
export { NOISE_RULES, NoiseRule, SAME_VALUES_RULE } from "./noise";
export { planOf, readPlan } from "./read";
export { ReviewChange, reviewExitCode, ReviewOptions, ReviewReport, reviewReport } from "./review";
export { readStacks, StackInfo, stackInfo } from "./stacks";
export { STATEFUL_TYPES, statefulKind } from "./stateful";
