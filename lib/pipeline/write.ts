import * as fs from "fs";
import * as path from "path";
import { fsProblem } from "../ops/errors";
import { GeneratedWorkflow, WORKFLOW_DIR, WORKFLOW_PREFIX } from "./generate";

/** A committed file that differs from what generation writes now. */
export interface StaleFile {
  readonly path: string;
  readonly problem: "differs" | "missing" | "no longer generated";
}

/** The generated files that are missing or differ on disk, and `landform-*.yml` files no longer generated. */
export function staleFiles(root: string, workflows: readonly GeneratedWorkflow[]): StaleFile[] {
  const out: StaleFile[] = [];
  for (const w of workflows) {
    const file = path.join(root, w.path);
    if (!fs.existsSync(file)) out.push({ path: w.path, problem: "missing" });
    else if (read(file, w.path) !== w.text) out.push({ path: w.path, problem: "differs" });
  }
  const names = new Set(workflows.map((w) => w.path));
  for (const extra of ours(root)) if (!names.has(extra)) out.push({ path: extra, problem: "no longer generated" });
  return out.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** Writes the workflows and removes `landform-*.yml` files no longer generated; returns what changed. */
export function writeWorkflows(root: string, workflows: readonly GeneratedWorkflow[]): StaleFile[] {
  const stale = staleFiles(root, workflows);
  for (const s of stale) {
    const file = path.join(root, s.path);
    try {
      if (s.problem === "no longer generated") fs.rmSync(file);
      else {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, workflows.find((w) => w.path === s.path)!.text);
      }
    } catch (error) {
      throw fsProblem(error, s.path);
    }
  }
  return stale;
}

function ours(root: string): string[] {
  const dir = path.join(root, WORKFLOW_DIR);
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(WORKFLOW_PREFIX) && /\.ya?ml$/.test(f))
    .map((f) => `${WORKFLOW_DIR}/${f}`);
}

function read(file: string, shown: string): string {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (error) {
    throw fsProblem(error, shown);
  }
}
