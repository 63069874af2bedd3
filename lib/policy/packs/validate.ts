import { isObject } from "../attributes";
import { PolicyInputError } from "../errors";
import { Pack, PolicyResource, SEVERITIES } from "../rule";

const KINDS = ["resource", "provider"];
const PACK_SHAPE = "a pack is { name, description, rules: Rule[] }";
const RULE_SHAPE = "a rule is { id, severity, title, rationale, remediation, check(resource) }";

function show(value: unknown): string {
  if (typeof value === "function") return "a function";
  return JSON.stringify(value) ?? String(value);
}

/**
 * Checks packs handed over by JavaScript callers and pack modules at run time, where TypeScript's
 * types no longer hold: each problem is named with where it is (`where`, the pack, the rule) and the fix.
 */
export function validatePacks<T = PolicyResource>(packs: unknown, where: string): readonly Pack<T>[] {
  if (!Array.isArray(packs))
    throw new PolicyInputError({
      source: where,
      prop: "packs",
      value: packs,
      problem: "is not a list",
      fix: "pass a list of packs, e.g. [baselinePack]",
    });
  packs.forEach((pack: unknown, i) => validatePack(pack, `${where}: packs[${i}]`));
  return packs as readonly Pack<T>[];
}

function validatePack(pack: unknown, where: string): void {
  if (!isObject(pack))
    throw new PolicyInputError({ problem: `${where} is ${show(pack)}, not a pack`, fix: PACK_SHAPE });
  if (typeof pack.name !== "string" || pack.name === "")
    throw new PolicyInputError({
      problem: `${where} has name ${show(pack.name)}`,
      fix: "give the pack a non-empty string name",
    });
  const named = `${where} ("${pack.name}")`;
  if (!Array.isArray(pack.rules))
    throw new PolicyInputError({ problem: `${named} has rules ${show(pack.rules)}, not a list`, fix: PACK_SHAPE });
  pack.rules.forEach((rule: unknown, i) => validateRule(rule, `${named} rules[${i}]`));
}

function validateRule(rule: unknown, where: string): void {
  if (!isObject(rule))
    throw new PolicyInputError({ problem: `${where} is ${show(rule)}, not a rule`, fix: RULE_SHAPE });
  if (typeof rule.id !== "string" || rule.id.trim() === "")
    throw new PolicyInputError({
      problem: `${where} has id ${show(rule.id)}`,
      fix: "give the rule a stable non-empty string id",
    });
  const named = `${where} ("${rule.id}")`;
  if (!SEVERITIES.includes(rule.severity as never))
    throw new PolicyInputError({
      problem: `${named} has severity ${show(rule.severity)}`,
      fix: `use one of ${SEVERITIES.join(", ")}`,
    });
  for (const text of ["title", "rationale", "remediation"]) {
    if (typeof rule[text] !== "string")
      throw new PolicyInputError({ problem: `${named} has ${text} ${show(rule[text])}`, fix: "write it as a string" });
  }
  if (typeof rule.check !== "function")
    throw new PolicyInputError({
      problem: `${named} has check ${show(rule.check)}`,
      fix: "give it a check(resource) function",
    });
  const kinds = rule.kinds;
  if (kinds !== undefined && (!Array.isArray(kinds) || kinds.some((k) => !KINDS.includes(k as string))))
    throw new PolicyInputError({
      problem: `${named} has kinds ${show(kinds)}`,
      fix: `use a list of ${KINDS.join(", ")}, or leave it out`,
    });
}
