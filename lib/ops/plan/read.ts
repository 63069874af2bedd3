import { PlanInputError } from "./errors";
import { Action, Change, Plan, ResourceChange } from "./model";
import { isObject } from "../json";

/** Format versions this reader knows: every 0.x and 1.x (Terraform 0.12 on, OpenTofu). A new major may change meanings. */
const SUPPORTED_MAJORS = [0, 1];
const SHOW_JSON = "terraform show -json <planfile>";
const EXPECTED = `expected the output of \`${SHOW_JSON}\``;
const NOT_A_PLAN = { notAPlan: true };

type Json = Record<string, unknown>;

/** Parses the text of `terraform show -json <planfile>`. `file` names the input in errors. */
export function readPlan(text: string, file: string): Plan {
  if (text.trim() === "") throw new PlanInputError({ source: file, problem: "is empty", fix: EXPECTED });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new PlanInputError({
      source: file,
      problem: `is not JSON (${firstLine((error as Error).message)})`,
      fix: EXPECTED,
    });
  }
  return planOf(json, file);
}

/** The same, for JSON already parsed (e.g. by a caller that streams). */
export function planOf(json: unknown, file: string): Plan {
  if (!isObject(json))
    throw new PlanInputError({ source: file, problem: "is not a JSON object", fix: EXPECTED }, NOT_A_PLAN);
  rejectOtherKinds(json, file);
  const version = json.format_version;
  if (typeof version !== "string" || !/^\d+\.\d+/.test(version))
    throw new PlanInputError({
      source: file,
      prop: "format_version",
      value: version,
      problem: 'must be a string such as "1.2"',
    });
  const major = Number(version.split(".")[0]);
  if (!SUPPORTED_MAJORS.includes(major))
    throw new PlanInputError({
      source: file,
      problem: `plan format ${version} is not supported (Landform reads formats 0.x and 1.x)`,
      fix: "upgrade Landform or use a Terraform that writes 1.x",
    });
  const errored = json.errored === true;
  return {
    file,
    formatVersion: version,
    ...(typeof json.terraform_version === "string" ? { terraformVersion: json.terraform_version } : {}),
    complete: !errored && json.complete !== false,
    errored,
    problems: problemsOf(json.checks),
    drift: listOf(json, "resource_drift", file).map((c, i) => changeOf(c, `resource_drift[${i}]`, file)),
    changes: listOf(json, "resource_changes", file).map((c, i) => changeOf(c, `resource_changes[${i}]`, file)),
    configAddresses: configAddresses(json.configuration),
    defaultTags: defaultTags(json.configuration),
  };
}

function rejectOtherKinds(json: Json, file: string): void {
  if (json.format_version === undefined) {
    if (typeof json.version === "number" && ("lineage" in json || "resources" in json || "serial" in json))
      throw new PlanInputError(
        {
          source: file,
          problem: "is a Terraform state file, not a plan",
          fix: "run `terraform plan -out p` and `terraform show -json p`",
        },
        NOT_A_PLAN,
      );
    if ("resource" in json || "provider" in json || "terraform" in json)
      throw new PlanInputError(
        {
          source: file,
          problem: "is Terraform configuration JSON, not a plan",
          fix: `give the output of \`${SHOW_JSON}\` (pass the configuration with --stacks)`,
        },
        NOT_A_PLAN,
      );
    throw new PlanInputError({ source: file, problem: 'has no "format_version"', fix: EXPECTED }, NOT_A_PLAN);
  }
  const planKeys = ["planned_values", "resource_changes", "resource_drift", "prior_state", "configuration", "errored"];
  if ("values" in json && !planKeys.some((k) => k in json))
    throw new PlanInputError(
      {
        source: file,
        problem: "is state JSON (`terraform show -json` without a plan file), not a plan",
        fix: `run \`${SHOW_JSON}\``,
      },
      NOT_A_PLAN,
    );
}

function listOf(json: Json, key: string, file: string): Json[] {
  const value = json[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new PlanInputError({ source: file, prop: key, value, problem: "must be a list" });
  return value.map((entry, i) => {
    if (!isObject(entry))
      throw new PlanInputError({ source: file, prop: `${key}[${i}]`, value: entry, problem: "must be an object" });
    return entry;
  });
}

function changeOf(entry: Json, where: string, file: string): ResourceChange {
  const text = (key: string, required: boolean): string | undefined => {
    const v = entry[key];
    if (v === undefined || v === null) {
      if (required) throw new PlanInputError({ source: file, prop: where, problem: `has no "${key}"` });
      return undefined;
    }
    if (typeof v !== "string")
      throw new PlanInputError({ source: file, prop: `${where}.${key}`, value: v, problem: "must be a string" });
    return v;
  };
  const type = text("type", true)!;
  const name = text("name", true)!;
  const mode = text("mode", false) === "data" ? "data" : "managed";
  const moduleAddress = text("module_address", false);
  const index = entry.index;
  if (index !== undefined && typeof index !== "string" && typeof index !== "number")
    throw new PlanInputError({
      source: file,
      prop: `${where}.index`,
      value: index,
      problem: "must be a string or number",
    });
  // Drift entries of older Terraform versions have no "address": rebuild it as Terraform writes it.
  const address = text("address", false) ?? addressOf(moduleAddress, mode, type, name, index);
  const change = entry.change;
  if (!isObject(change))
    throw new PlanInputError({ source: file, prop: `${where} (${address})`, problem: 'has no "change" object' });
  const previousAddress = text("previous_address", false);
  const deposed = text("deposed", false);
  const actionReason = text("action_reason", false);
  return {
    address,
    ...(previousAddress ? { previousAddress } : {}),
    ...(moduleAddress ? { moduleAddress } : {}),
    mode,
    type,
    name,
    ...(index !== undefined ? { index } : {}),
    ...(deposed ? { deposed } : {}),
    ...(actionReason ? { actionReason } : {}),
    change: changeBody(change, `${where} (${address})`, file),
  };
}

function changeBody(change: Json, where: string, file: string): Change {
  const actions = change.actions;
  if (!Array.isArray(actions) || actions.length === 0 || !actions.every((a) => typeof a === "string"))
    throw new PlanInputError({
      source: file,
      prop: `${where} change.actions`,
      value: actions,
      problem: "must be a non-empty list of strings",
    });
  const replacePaths = change.replace_paths ?? [];
  if (!Array.isArray(replacePaths) || !replacePaths.every((p) => Array.isArray(p)))
    throw new PlanInputError({
      source: file,
      prop: `${where} change.replace_paths`,
      value: replacePaths,
      problem: "must be a list of paths",
    });
  const importing = change.importing;
  const importingId = isObject(importing) && typeof importing.id === "string" ? importing.id : undefined;
  return {
    actions: actions as Action[],
    before: change.before ?? null,
    after: change.after ?? null,
    afterUnknown: change.after_unknown ?? false,
    beforeSensitive: change.before_sensitive ?? false,
    afterSensitive: change.after_sensitive ?? false,
    replacePaths: replacePaths as (string | number)[][],
    ...(importingId !== undefined ? { importingId } : {}),
  };
}

/** `module.a.data.aws_ami.x["k"]`, the way Terraform prints addresses. */
export function addressOf(
  moduleAddress: string | undefined,
  mode: "managed" | "data",
  type: string,
  name: string,
  index?: string | number,
): string {
  const key = index === undefined ? "" : typeof index === "number" ? `[${index}]` : `[${JSON.stringify(index)}]`;
  return [moduleAddress, mode === "data" ? "data" : undefined, type, `${name}${key}`].filter(Boolean).join(".");
}

function configAddresses(configuration: unknown): string[] {
  const root = isObject(configuration) && isObject(configuration.root_module) ? configuration.root_module : {};
  const resources = Array.isArray(root.resources) ? root.resources.filter(isObject) : [];
  const modules = isObject(root.module_calls) ? Object.keys(root.module_calls).map((m) => `module.${m}`) : [];
  return [...resources.map((r) => r.address).filter((a): a is string => typeof a === "string"), ...modules];
}

/** Constant `default_tags` (AWS) and `default_labels` (Google) of the configuration's providers. */
function defaultTags(configuration: unknown): Record<string, string> {
  const providers =
    isObject(configuration) && isObject(configuration.provider_config) ? configuration.provider_config : {};
  const tags: Record<string, string> = {};
  for (const provider of Object.values(providers)) {
    const expressions = isObject(provider) && isObject(provider.expressions) ? provider.expressions : {};
    const block = Array.isArray(expressions.default_tags) ? expressions.default_tags[0] : undefined;
    const constants = [
      isObject(block) && isObject(block.tags) ? block.tags.constant_value : undefined,
      isObject(expressions.default_labels) ? expressions.default_labels.constant_value : undefined,
    ];
    for (const c of constants)
      if (isObject(c)) for (const [k, v] of Object.entries(c)) if (typeof v === "string" && !(k in tags)) tags[k] = v;
  }
  return tags;
}

/** Failed or errored checks (preconditions, postconditions, check blocks), one line each. */
function problemsOf(checks: unknown): string[] {
  if (!Array.isArray(checks)) return [];
  const problems: string[] = [];
  for (const check of checks.filter(isObject)) {
    if (check.status !== "fail" && check.status !== "error") continue;
    for (const instance of Array.isArray(check.instances) ? check.instances.filter(isObject) : []) {
      const at = isObject(instance.address) ? instance.address.to_display : undefined;
      for (const p of Array.isArray(instance.problems) ? instance.problems.filter(isObject) : [])
        problems.push(`${typeof at === "string" ? `${at}: ` : ""}${String(p.message ?? check.status)}`);
    }
  }
  return problems;
}

function firstLine(message: string): string {
  return message.split("\n")[0];
}
