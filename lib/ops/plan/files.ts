import * as fs from "fs";
import * as path from "path";
import { PlanInputError } from "./errors";
import { Plan } from "./model";
import { readPlan } from "./read";

/**
 * Larger plans are refused before they are read. 50,000 resource changes make about 100 MB;
 * Node cannot hold a string much above 500 MB, and parsing costs several times the file in memory.
 */
export const MAX_PLAN_BYTES = 160 * 1024 * 1024;

export interface PlanFiles {
  readonly plans: Plan[];
  /** JSON files in a given folder that are not plans, with why: told to the user, never silently dropped. */
  readonly skipped: { readonly file: string; readonly why: string }[];
}

/**
 * Reads each target: a plan JSON file, or a folder searched (recursively, without hidden folders
 * and node_modules) for `*.json` files other than Terraform configuration (`*.tf.json`).
 */
export function readPlanFiles(
  targets: readonly string[],
  options: { cwd?: string; maxBytes?: number } = {},
): PlanFiles {
  const cwd = options.cwd ?? process.cwd();
  const maxBytes = options.maxBytes ?? MAX_PLAN_BYTES;
  if (targets.length === 0)
    throw new PlanInputError({ problem: "no plan given", fix: "pass plan JSON files or folders" });
  const plans: Plan[] = [];
  const skipped: { file: string; why: string }[] = [];
  for (const target of targets) {
    const absolute = path.resolve(cwd, target);
    const stat = statOf(absolute, target);
    if (stat.isFile()) {
      plans.push(readOne(absolute, target, stat.size, maxBytes));
      continue;
    }
    const files = jsonFiles(absolute);
    let found = 0;
    for (const file of files) {
      const shown = show(path.join(target, path.relative(absolute, file)));
      try {
        plans.push(readOne(file, shown, fs.statSync(file).size, maxBytes));
        found++;
      } catch (error) {
        if (!(error instanceof PlanInputError) || !error.notAPlan) throw error;
        skipped.push({ file: shown, why: error.message.slice(shown.length + 2) });
      }
    }
    if (found === 0)
      throw new PlanInputError({
        source: target,
        problem: `no Terraform plan JSON in this folder${files.length ? ` (${files.length} other JSON file${files.length === 1 ? "" : "s"})` : ""}`,
        fix: "write one with `terraform show -json <planfile> > plan.json`",
      });
  }
  return { plans, skipped };
}

function statOf(absolute: string, target: string): fs.Stats {
  try {
    return fs.statSync(absolute);
  } catch {
    throw new PlanInputError({ source: target, problem: "no such file or folder" });
  }
}

function readOne(file: string, shown: string, size: number, maxBytes: number): Plan {
  if (size > maxBytes)
    throw new PlanInputError({
      source: shown,
      problem: `is ${mb(size)}, too large for a plan (the limit is ${mb(maxBytes)})`,
      fix: "split the configuration into smaller stacks or raise --max-size",
    });
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (error) {
    throw new PlanInputError({
      source: shown,
      problem: `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`,
    });
  }
  return readPlan(text, show(shown));
}

function jsonFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (at: string) => {
    for (const entry of fs.readdirSync(at, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(at, entry.name);
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && entry.name !== "node_modules") walk(full);
      } else if (entry.name.endsWith(".json") && !entry.name.endsWith(".tf.json")) found.push(full);
    }
  };
  walk(dir);
  return found;
}

const show = (p: string) => p.split(path.sep).join("/");
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
