/** `landform/ops`: synthesized output as data: stacks, their files and facts, the dependency graph, affected stacks. */
export { cut, fsProblem, InputError, OpsInputError, show } from "./errors";
export type { InputErrorDetails } from "./errors";
export { MAX_JSON_DEPTH, parseJsonText } from "./json";
export { folderSource, displayPath } from "./source";
export type { Source } from "./source";
export { readLayout } from "./layout";
export type { OutputKind, OutputLayout, StackLayout } from "./layout";
export { stackFacts } from "./facts";
export type { ResourceInfo, StackFacts } from "./facts";
export { readOutput, loadStack } from "./read";
export type { Stack, StackFile, SynthOutput } from "./read";
export { dependentsMap, waves, withDependents } from "./graph";
export type { GraphNode } from "./graph";
export { GitRepo } from "./git";
export type { GitTree } from "./git";
export { affectedStacks, sameTerraform } from "./affected";
export type { AffectedOptions, AffectedStacks, Change, ChangedStack } from "./affected";
export { dot, mermaid } from "./diagram";
export type { DiagramStack } from "./diagram";
export { doctor, doctorFails, doctorMermaid, DOCTOR_RULES, DEFAULT_RUNNER_IMAGE } from "./doctor";
export type {
  AgentObject,
  Applier,
  ArtefactPaths,
  Artefacts,
  Claims,
  ClusterRef,
  Declared,
  DoctorOptions,
  DoctorResult,
  IdentityFacts,
  IdentityRef,
  Loop,
  Runner,
  StackNode,
  StateLocation,
  Verdict,
  WorkflowFile,
} from "./doctor";
export type { Finding, FindingsReport, RuleInfo, Severity } from "../findings";
