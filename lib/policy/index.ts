export { Policy } from "./policy";
export type { EnforceOptions } from "./policy";
export { SEVERITIES } from "./rule";
export type {
  Attributes,
  Pack,
  PolicyResource,
  ResourceKind,
  Rule,
  RuleResult,
  Severity,
  StackContext,
  TerraformJson,
} from "./rule";
export * as attributes from "./attributes";
export { providerDefaultTags, providerFor } from "./context";
export type { ProviderBlock } from "./context";
export { checkStacks, fails, resourcesOf } from "./engine";
export type { CheckOptions, Finding, PolicyReport, PolicyStack, Summary } from "./engine";
export { PolicyInputError } from "./errors";
export { loadPackModule, loadStacks } from "./load";
export type { Suppression } from "./suppressions";
export { formatJson, formatMarkdown, formatSarif, formatText } from "../findings";
export type { FindingsReport, RuleInfo, TextOptions } from "../findings";
export { baselinePack } from "./packs/baseline";
export { kubernetesPack } from "./packs/kubernetes";
export { allowedRegionsPack } from "./packs/allowed-regions";
export type { AllowedRegionsPackOptions } from "./packs/allowed-regions";
export { allowedSizesPack } from "./packs/allowed-sizes";
export type { AllowedSizesPackOptions } from "./packs/allowed-sizes";
export { requiredTagsPack } from "./packs/required-tags";
export type { RequiredTagsPackOptions } from "./packs/required-tags";
export { requiredTagsRule } from "./rules/required-tags";
export type { RequiredTagsRuleOptions } from "./rules/required-tags";
