import { Annotations, App, TerraformStack } from "cdktf";
import { IConstruct } from "constructs";
import { isObject } from "./attributes";
import { checkStacks, Finding } from "./engine";
import { PolicyInputError } from "./errors";
import { baselinePack } from "./packs/baseline";
import { validatePacks } from "./packs/validate";
import { Pack, TerraformJson } from "./rule";
import { Suppression, validateSuppression } from "./suppressions";

export interface EnforceOptions {
  /** Packs to run on each stack's synthesized JSON. @default [baselinePack] */
  readonly packs?: readonly Pack[];
  /** Address- or path-based suppressions on top of those made with `Policy.suppress`. @default - none */
  readonly suppressions?: readonly Suppression[];
}

/** Construct-level suppressions of each stack, written into its JSON as `"//": { "landform": { "suppressions": [...] } }`. */
const suppressionsOf = new WeakMap<TerraformStack, Suppression[]>();
const enforced = new WeakSet<TerraformStack>();

/** Policy as code at synth time. The same rules run on committed JSON with `landform policy check`. */
export class Policy {
  /**
   * Runs policy packs on each stack's resolved Terraform JSON during synthesis: an `error` finding
   * fails `cdktf synth` with the construct path, rule id and fix; warnings and infos become
   * cdktf annotations. On an App, applies to the stacks it holds when synthesized.
   */
  static enforce(scope: App | TerraformStack, options: EnforceOptions = {}): void {
    if (!isObject(options))
      throw new PolicyInputError({
        source: `Policy.enforce on '${scope.node.path}'`,
        prop: "options",
        value: options,
        problem: "is not an object",
        fix: "pass { packs, suppressions } or nothing",
      });
    const packs = validatePacks(options.packs ?? [baselinePack], `Policy.enforce on '${scope.node.path}'`);
    if (options.suppressions !== undefined && !Array.isArray(options.suppressions))
      throw new PolicyInputError({
        source: `Policy.enforce on '${scope.node.path}'`,
        prop: "suppressions",
        value: options.suppressions,
        problem: "is not a list",
        fix: "pass a list of { ruleId, reason, path or address }",
      });
    const suppressions = (options.suppressions ?? []).map((s, i) =>
      validateSuppression(s, `Policy.enforce on '${scope.node.path}', suppression ${i + 1}`),
    );
    if (TerraformStack.isStack(scope)) {
      enforceOn(scope, packs, suppressions);
      return;
    }
    // cdktf runs validations per stack and applies no App-level aspect to stacks: cover every stack
    // the App holds now, and at App validation any stack created later.
    for (const stack of scope.node.findAll().filter(TerraformStack.isStack)) enforceOn(stack, packs, suppressions);
    scope.node.addValidation({
      validate: () =>
        scope.node
          .findAll()
          .filter((c): c is TerraformStack => TerraformStack.isStack(c) && !enforced.has(c))
          .flatMap((stack) => check(stack, packs, suppressions)),
    });
  }

  /**
   * Accepts findings of `ruleId` on `scope` and every construct below it, for a written `reason`.
   * The suppression is written into the stack's JSON, so `landform policy check` on the
   * committed output honours it too; one that matches nothing is reported.
   */
  static suppress(scope: IConstruct, ruleId: string, reason: string): void {
    if (typeof ruleId !== "string" || ruleId.trim() === "") {
      throw new PolicyInputError({
        source: `Policy.suppress on '${scope.node.path}'`,
        prop: "ruleId",
        value: ruleId,
        problem: "is empty",
        fix: 'name the rule to accept, e.g. "no-public-ip"',
      });
    }
    if (typeof reason !== "string" || reason.trim() === "") {
      throw new PolicyInputError({
        source: `Policy.suppress on '${scope.node.path}'`,
        problem: `suppression of ${ruleId} has no reason`,
        fix: "write why the finding is accepted",
      });
    }
    const stack = TerraformStack.of(scope);
    let list = suppressionsOf.get(stack);
    if (!list) {
      list = [];
      suppressionsOf.set(stack, list);
      // The list is shared by reference, so later suppressions reach the override too.
      stack.addOverride("//.landform.suppressions", list);
    }
    list.push({ ruleId, path: scope.node.path, reason });
  }
}

function enforceOn(stack: TerraformStack, packs: readonly Pack[], suppressions: readonly Suppression[]): void {
  if (enforced.has(stack)) return;
  enforced.add(stack);
  shareResolvedJson(stack);
  stack.node.addValidation({ validate: () => check(stack, packs, suppressions) });
}

/** JSON resolved for a stack's policy check, waiting for the synthesizer that runs right after. */
const checkedJson = new WeakMap<TerraformStack, TerraformJson>();

/**
 * cdktf validates a stack and then resolves it again to write it; nothing changes the tree in
 * between. Resolving is most of synth's own work, so the check's result is handed to the writer
 * once instead of resolving every token twice.
 */
function shareResolvedJson(stack: TerraformStack): void {
  const resolve = stack.toTerraform.bind(stack);
  stack.toTerraform = () => {
    const json = checkedJson.get(stack);
    checkedJson.delete(stack);
    return json ?? resolve();
  };
}

/** Error messages for the stack's unsuppressed errors; annotates warnings, infos and suppressed findings once. */
function check(stack: TerraformStack, packs: readonly Pack[], suppressions: readonly Suppression[]): string[] {
  const json = stack.toTerraform() as TerraformJson;
  checkedJson.set(stack, json);
  const name = stack.node.id;
  const mine = suppressions.filter((s) => s.stack === undefined || s.stack === name);
  const report = checkStacks([{ name, json }], { packs, suppressions: mine });
  const errors: string[] = [];
  // An unscoped suppression given to enforce() on an App may match in another stack: only the CLI, which sees them all, can call it unmatched.
  const findings = report.findings.filter((f) => !(f.kind === "suppression" && f.stack === ""));
  for (const f of findings) {
    if (f.severity === "error" && !f.suppressed) {
      errors.push(describe(f));
      continue;
    }
    const target = (f.constructPath && constructAt(stack, f.constructPath)) || stack;
    const note = f.suppressed
      ? `[policy] ${f.ruleId} suppressed on ${f.address}: ${f.message}. Reason: ${f.reason}`
      : `[policy] ${describe(f)}`;
    if (target.node.metadata.some((m) => m.data === note)) continue; // validations may run more than once
    if (f.suppressed || f.severity === "info") Annotations.of(target).addInfo(note);
    else Annotations.of(target).addWarning(note);
  }
  return errors;
}

/** The construct at a path in the stack, found by walking down from the stack (most stacks have no finding to place). */
function constructAt(stack: TerraformStack, constructPath: string): IConstruct | undefined {
  const prefix = `${stack.node.path}/`;
  if (!constructPath.startsWith(prefix)) return constructPath === stack.node.path ? stack : undefined;
  let current: IConstruct | undefined = stack;
  for (const id of constructPath.slice(prefix.length).split("/")) current = current?.node.tryFindChild(id);
  return current;
}

function describe(f: Finding): string {
  const at = f.constructPath ? `'${f.constructPath}'${f.address ? ` (${f.address})` : ""}` : f.address;
  const verb = f.kind === "suppression" ? "has an" : "violates";
  return `${at} ${verb} ${f.ruleId} [${f.severity}]: ${f.message}. Fix: ${f.remediation}`;
}
