import { countFindings, failsAt, Finding as FindingRecord, FindingsReport } from "../findings/finding";
import { PolicyInputError } from "./errors";
import { isObject } from "./attributes";
import { providerBlocks, stackContext } from "./context";
import { validatePacks } from "./packs/validate";
import { messagesOf, Pack, PolicyResource, Rule, SEVERITIES, Severity, StackContext, TerraformJson } from "./rule";
import { lineLocator } from "./formats/lines";
import {
  describeTarget,
  embeddedSuppressions,
  Suppression,
  suppresses,
  UNMATCHED_SUPPRESSION,
  validateSuppression,
} from "./suppressions";

const FIX_JSON = "fix the Terraform JSON";

/** One stack to check: its name, JSON and, when read from disk, the file it came from. */
export interface PolicyStack {
  readonly name: string;
  readonly json: TerraformJson;
  /** Path of the stack file as given on the command line (for reports and SARIF locations). */
  readonly file?: string;
  /** The file's text, to find a resource's line. */
  readonly text?: string;
  /** For a module of several `*.tf.json` files read as one stack: each file, to locate its resources. */
  readonly parts?: readonly { readonly file: string; readonly text: string; readonly json: TerraformJson }[];
}

/** The file that declares a block of `stack`: the part holding it, or the stack's own file. */
function fileOf(stack: PolicyStack, kind: string, type: string, name: string): string | undefined {
  const part = stack.parts?.find((p) => {
    const section = kind === "provider" ? p.json.provider : p.json.resource;
    // Own keys only: a type named `constructor` must not find Object.prototype.constructor.
    if (!isObject(section) || !Object.hasOwn(section, type)) return false;
    return kind === "provider" || namedBlocks(section[type]).some((byName) => Object.hasOwn(byName, name));
  });
  return part?.file ?? stack.file;
}

/** The `{ "<name>": body }` objects under one resource type: an object, or (HCL's JSON syntax) a list of them. */
function namedBlocks(value: unknown): Record<string, unknown>[] {
  return (Array.isArray(value) ? value : [value]).filter(isObject);
}

/** A Terraform rule's verdict on one block: the common finding record, with the block it judged. */
export interface Finding extends FindingRecord {
  readonly kind: PolicyResource["kind"] | "suppression";
  /** Resource type or provider name; empty for a suppression. */
  readonly type: string;
  readonly name: string;
}

export interface Summary {
  readonly stacks: number;
  readonly resources: number;
  readonly rules: number;
  /** Unsuppressed findings by severity. */
  readonly errors: number;
  readonly warnings: number;
  readonly infos: number;
  readonly suppressed: number;
  readonly unmatchedSuppressions: number;
}

export interface PolicyReport extends FindingsReport<Finding> {
  /** Every rule checked, plus the pseudo-rule for unmatched suppressions. */
  readonly rules: readonly Rule[];
  readonly stacks: readonly PolicyStack[];
  readonly summary: Summary;
}

export interface CheckOptions {
  readonly packs: readonly Pack[];
  /** Address- or path-based suppressions, e.g. from `landform.policy.json`, on top of those in each stack's JSON. */
  readonly suppressions?: readonly Suppression[];
}

/** Every resource and provider block of a stack, as rules see them. */
export function resourcesOf(
  stack: PolicyStack,
  context: StackContext = stackContext(stack.name, stack.json),
): PolicyResource[] {
  const out: PolicyResource[] = [];
  checkProviderSection(stack);
  for (const p of providerBlocks(stack.json)) {
    const name = p.alias ?? "default";
    out.push({
      kind: "provider",
      type: p.name,
      name,
      address: p.alias ? `provider.${p.name}.${p.alias}` : `provider.${p.name}`,
      attributes: p.attributes,
      stack: context,
    });
  }
  for (const [type, groups] of Object.entries(resourceSection(stack))) {
    if (!(Array.isArray(groups) ? groups : [groups]).every(isObject))
      throw new PolicyInputError({
        problem: `resource type ${type} in stack ${stack.name} is ${JSON.stringify(groups)}, not an object of named blocks`,
        fix: `write "${type}": { "<name>": { ...attributes } } or remove it`,
      });
    for (const [name, entry] of namedBlocks(groups).flatMap((byName) => Object.entries(byName))) {
      // HCL's JSON syntax also allows a block body written as a one-element array.
      const raw = Array.isArray(entry) && entry.length === 1 ? entry[0] : entry;
      if (!isObject(raw))
        throw new PolicyInputError({
          problem: `resource ${type}.${name} in stack ${stack.name} is not an object`,
          fix: FIX_JSON,
        });
      const { "//": meta, ...attributes } = raw;
      const path = isObject(meta) && isObject(meta.metadata) ? meta.metadata.path : undefined;
      out.push({
        kind: "resource",
        type,
        name,
        address: `${type}.${name}`,
        attributes,
        stack: context,
        constructPath: typeof path === "string" ? path : undefined,
      });
    }
  }
  return out;
}

/**
 * A stack's `resource` section. A body that is not an object (`"aws_instance": null`) is bad input,
 * not a pass: no rule could judge it, and Terraform 1.11 rejects it too ("Missing block label").
 */
function resourceSection(stack: PolicyStack): Record<string, unknown> {
  const section = stack.json.resource;
  if (section === undefined) return {};
  if (!isObject(section))
    throw new PolicyInputError({
      problem: `"resource" in stack ${stack.name} is ${JSON.stringify(section)}, not an object of resource types`,
      fix: FIX_JSON,
    });
  return section;
}

/** `provider` holds `{ "<name>": config or [configs] }`; a config that is not an object would be skipped unjudged. */
function checkProviderSection(stack: PolicyStack): void {
  const section = stack.json.provider;
  if (section === undefined) return;
  const bad = isObject(section)
    ? Object.entries(section).find(([, v]) => !(Array.isArray(v) ? v : [v]).every(isObject))
    : ["", section];
  if (bad)
    throw new PolicyInputError({
      problem: `${bad[0] ? `provider ${bad[0]}` : '"provider"'} in stack ${stack.name} is ${JSON.stringify(bad[1])}, not ${bad[0] ? "an object or a list of objects" : "an object of provider names"}`,
      fix: FIX_JSON,
    });
}

/** The rules of some packs, each once (first pack wins on a shared id). */
export function rulesOf<T = PolicyResource>(packs: readonly Pack<T>[]): Rule<T>[] {
  const byId = new Map<string, Rule<T>>();
  for (const pack of validatePacks<T>(packs, "policy check"))
    for (const rule of pack.rules) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()];
}

/** Where a finding of a rule is: what suppressions match against. */
export interface Target {
  readonly stack: string;
  readonly address: string;
  readonly constructPath?: string;
}

/** Suppressions given to a check (config file, API), each validated, with the file it came from. */
export function configuredSuppressions(suppressions: readonly Suppression[] | undefined): Suppression[] {
  return (suppressions ?? []).map((s, i) => ({
    ...validateSuppression(s, `${s.source ? `${s.source}, ` : ""}suppression ${i + 1}`),
    source: s.source,
  }));
}

/**
 * One rule on one thing: its messages, each with the suppression that accepts it (if any), which
 * is marked used. The one place rules run, for Terraform blocks and workflows alike.
 */
export function judge<T>(
  rule: Rule<T>,
  thing: T,
  at: Target,
  suppressions: readonly Suppression[],
  used: Set<Suppression>,
): { message: string; suppression?: Suppression }[] {
  return runRule(rule, thing).map((message) => {
    const suppression = suppressions.find((s) => suppresses(s, rule.id, at.stack, at.address, at.constructPath));
    if (suppression) used.add(suppression);
    return { message, suppression };
  });
}

/** Runs the packs' rules over every stack, applies suppressions and reports the ones that matched nothing. */
export function checkStacks(stacks: readonly PolicyStack[], options: CheckOptions): PolicyReport {
  const rules = rulesOf(options.packs);
  const byKind = rulesByKind(rules);
  const configured = configuredSuppressions(options.suppressions);
  const used = new Set<Suppression>();
  const findings: Finding[] = [];
  let resourceCount = 0;

  for (const stack of stacks) {
    const embedded = embeddedSuppressions(stack.json, stack.name);
    const suppressions = [...embedded, ...configured];
    const resources = resourcesOf(stack);
    for (const resource of resources) {
      if (resource.kind === "resource") resourceCount++;
      checkBlock(stack, resource, byKind[resource.kind], suppressions, used, findings);
    }
    for (const s of embedded.filter((e) => !used.has(e))) findings.push(unmatched(s, rules, stack));
  }
  for (const s of configured.filter((c) => !used.has(c))) findings.push(unmatched(s, rules));

  const summary = summarize(findings, stacks.length, resourceCount, rules.length);
  return {
    tool: "landform-policy",
    findings,
    rules: [...rules, UNMATCHED_SUPPRESSION],
    stacks,
    summary,
    checked: [
      [summary.stacks, "stack"],
      [summary.resources, "resource"],
      [summary.rules, "rule"],
    ],
    groups: stacks.map((s) => ({ name: s.name, file: s.file })),
    lineOf: stackLines(stacks),
  };
}

/** The rules that judge each kind of block (resources, unless a rule names its kinds). */
function rulesByKind(rules: readonly Rule[]): Record<PolicyResource["kind"], Rule[]> {
  const judges = (kind: PolicyResource["kind"]) => rules.filter((r) => (r.kinds ?? ["resource"]).includes(kind));
  return { resource: judges("resource"), provider: judges("provider") };
}

/**
 * Every rule on one block. Kept apart from checkStacks' loops so that V8 optimizes a small
 * function: with this body inlined, checkStacks took ~45 ms of TurboFan time on the platform,
 * more than running the rules (docs/performance.md).
 */
function checkBlock(
  stack: PolicyStack,
  resource: PolicyResource,
  rules: readonly Rule[],
  suppressions: readonly Suppression[],
  used: Set<Suppression>,
  findings: Finding[],
): void {
  let file: string | undefined | null = null; // looked up once per block, on its first finding
  const at = { stack: stack.name, address: resource.address, constructPath: resource.constructPath };
  for (const rule of rules) {
    for (const { message, suppression } of judge(rule, resource, at, suppressions, used)) {
      if (file === null) file = fileOf(stack, resource.kind, resource.type, resource.name);
      findings.push(finding(rule, resource, at, message, suppression, file));
    }
  }
}

function finding(
  rule: Rule,
  resource: PolicyResource,
  at: Target,
  message: string,
  suppression: Suppression | undefined,
  file: string | undefined,
): Finding {
  return {
    ruleId: rule.id,
    severity: rule.severity,
    title: rule.title,
    stack: at.stack,
    address: resource.address,
    constructPath: resource.constructPath,
    message,
    remediation: rule.remediation,
    suppressed: suppression !== undefined,
    reason: suppression?.reason,
    file,
    kind: resource.kind,
    type: resource.type,
    name: resource.name,
  };
}

/** Finds a finding's line in its stack file, building each file's line index on its first finding. */
function stackLines(stacks: readonly PolicyStack[]): (f: Finding) => number | undefined {
  const files = stacks.flatMap((s) => [
    ...(s.file && s.text ? [{ file: s.file, text: s.text }] : []),
    ...(s.parts ?? []),
  ]);
  const locators = new Map(files.map((f) => [f.file, lineLocator(f.text)]));
  return (f) => (f.file ? locators.get(f.file)?.(f) : undefined);
}

/** Whether a report has an unsuppressed finding at or above `failOn`. */
export function fails(report: { readonly findings: readonly FindingRecord[] }, failOn: Severity = "error"): boolean {
  if (!SEVERITIES.includes(failOn))
    throw new PolicyInputError({
      source: "fails",
      prop: "failOn",
      value: failOn,
      problem: `is not one of ${SEVERITIES.join(", ")}`,
    });
  return failsAt(report.findings, failOn);
}

function runRule<T>(rule: Rule<T>, thing: T): readonly string[] {
  try {
    return messagesOf(rule.check(thing));
  } catch (error) {
    // A broken rule must not pass silently, nor hide the other rules' findings.
    return [`rule ${rule.id} failed on this block: ${(error as Error).message}`];
  }
}

/** The finding for a suppression that matched nothing. */
export function unmatched(s: Suppression, rules: readonly { id: string }[], stack?: PolicyStack): Finding {
  const known = rules.some((r) => r.id === s.ruleId) ? "" : ` (rule ${s.ruleId} is not in the packs checked)`;
  return {
    ruleId: UNMATCHED_SUPPRESSION.id,
    severity: UNMATCHED_SUPPRESSION.severity,
    title: UNMATCHED_SUPPRESSION.title,
    stack: stack?.name ?? s.stack ?? "",
    address: s.address ?? "",
    constructPath: s.path,
    message: `suppression of ${s.ruleId} on ${describeTarget(s)} matches no finding${known}; its reason was "${s.reason}"`,
    remediation: UNMATCHED_SUPPRESSION.remediation,
    suppressed: false,
    file: stack?.file ?? s.source,
    kind: "suppression",
    type: "",
    name: "",
  };
}

function summarize(findings: readonly Finding[], stacks: number, resources: number, rules: number): Summary {
  return {
    stacks,
    resources,
    rules,
    ...countFindings(findings),
    unmatchedSuppressions: findings.filter((f) => f.ruleId === UNMATCHED_SUPPRESSION.id).length,
  };
}
