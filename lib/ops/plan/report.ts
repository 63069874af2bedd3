import { Plan, ResourceChange } from "./model";
import { stackOf } from "./match";
import { StackInfo } from "./stacks";

/** One plan as the reports list it. */
export interface PlanEntry {
  readonly file: string;
  readonly stack: string;
  readonly complete: boolean;
  readonly errored: boolean;
  readonly formatVersion: string;
  readonly terraformVersion?: string;
  readonly problems: readonly string[];
}

/** Where a finding points: the stack's committed JSON at the resource's block, else the plan file. */
export interface Location {
  readonly file: string;
  readonly line: number;
}

/** A plan with its stack resolved once, for both reports. */
export interface StackedPlan {
  readonly plan: Plan;
  readonly name: string;
  readonly stack?: StackInfo;
  readonly entry: PlanEntry;
}

export function stacked(plans: readonly Plan[], stacks: readonly StackInfo[]): StackedPlan[] {
  return plans.map((plan) => {
    const { name, stack } = stackOf(plan, stacks);
    return {
      plan,
      name,
      ...(stack ? { stack } : {}),
      entry: {
        file: plan.file,
        stack: name,
        complete: plan.complete,
        errored: plan.errored,
        formatVersion: plan.formatVersion,
        ...(plan.terraformVersion ? { terraformVersion: plan.terraformVersion } : {}),
        problems: plan.problems,
      },
    };
  });
}

export function locationOf(p: StackedPlan, key: string): Location {
  const line = p.stack?.lines.get(key);
  return p.stack && line !== undefined ? { file: p.stack.file, line } : { file: p.plan.file, line: 1 };
}

/** The address with its deposed key, as Terraform prints it. */
export function displayAddress(c: { address: string; deposed?: string }): string {
  return c.deposed ? `${c.address} (deposed object ${c.deposed})` : c.address;
}

export const byStackAndAddress = <T extends { stack: string; address: string; deposed?: string }>(a: T, b: T) =>
  a.stack === b.stack
    ? a.address === b.address
      ? (a.deposed ?? "").localeCompare(b.deposed ?? "")
      : a.address < b.address
        ? -1
        : 1
    : a.stack < b.stack
      ? -1
      : 1;

export const isManaged = (c: ResourceChange) => c.mode === "managed";
