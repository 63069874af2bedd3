import * as fs from "fs";
import * as path from "path";
import { show } from "../ops/errors";
import { parseJsonText } from "../ops/json";
import { displayPath } from "../ops/source";
import { isObject } from "./attributes";
import { PolicyInputError } from "./errors";
import { workflowsPack } from "./packs/workflows";
import { configSuppressions, Suppression } from "./suppressions";

/** The policy config file read when `--config` is not given and it exists. */
export const DEFAULT_CONFIG = "landform.policy.json";

export interface PolicyConfig {
  readonly packs?: Record<string, unknown>;
  /** Suppressions of Terraform rules (`landform policy check`). */
  readonly suppressions: Suppression[];
  /** Suppressions of workflow rules (`landform pipeline lint`): one file holds both. */
  readonly workflowSuppressions: Suppression[];
}

const WORKFLOW_RULES = new Set(workflowsPack.rules.map((r) => r.id));

/** `landform.policy.json`: `{ "packs": { "<name>": { options } }, "suppressions": [ ... ] }`. */
export function readConfig(given: string | undefined, cwd: string): PolicyConfig {
  const file = path.resolve(cwd, given ?? DEFAULT_CONFIG);
  if (!fs.existsSync(file)) {
    if (given !== undefined) throw new PolicyInputError({ source: `--config ${given}`, problem: "no such file" });
    return { suppressions: [], workflowSuppressions: [] };
  }
  const shown = displayPath(file, cwd);
  if (fs.statSync(file).isDirectory())
    throw new PolicyInputError({
      source: `--config ${shown}`,
      problem: "is a folder",
      fix: `give the policy config file, e.g. ${DEFAULT_CONFIG}`,
    });
  const parsed = parseJsonText(fs.readFileSync(file, "utf8"), shown);
  if (!isObject(parsed))
    throw new PolicyInputError({ source: shown, problem: 'must be an object with "packs" and/or "suppressions"' });
  const unknown = Object.keys(parsed).filter((k) => !["packs", "suppressions", "$schema"].includes(k));
  if (unknown.length > 0)
    throw new PolicyInputError({
      source: shown,
      problem: `unknown key ${show(unknown[0])}`,
      fix: 'use "packs" and "suppressions"',
    });
  if (parsed.packs !== undefined && !isObject(parsed.packs))
    throw new PolicyInputError({ source: shown, problem: '"packs" must be an object of pack name to options' });
  const suppressions = configSuppressions(parsed.suppressions, shown);
  return {
    packs: parsed.packs as Record<string, unknown> | undefined,
    suppressions: suppressions.filter((s) => !WORKFLOW_RULES.has(s.ruleId)),
    workflowSuppressions: suppressions.filter((s) => WORKFLOW_RULES.has(s.ruleId)),
  };
}
