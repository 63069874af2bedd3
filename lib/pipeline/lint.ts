import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { InputError } from "../core/input-error";
import { isObject } from "../ops/json";
import { readConfig } from "../policy/config";
import { workflowsPack } from "../policy/packs/workflows";
import { checkWorkflowFiles, WorkflowFile, WorkflowReport } from "../policy/workflows/rule";

/** The default of `landform pipeline lint`: the repository's workflows. */
export const WORKFLOW_PATHS = [".github/workflows"];

/**
 * `landform pipeline lint` without the CLI: the workflow files at `paths` (files, or folders of
 * `*.yml`/`*.yaml`) checked against the workflows pack, with the config file's workflow suppressions.
 */
export function lintWorkflows(
  paths: readonly string[],
  options: { readonly config?: string; readonly cwd: string },
): { report: WorkflowReport; files: number } {
  const config = readConfig(options.config, options.cwd);
  const given = paths.length > 0 ? paths : WORKFLOW_PATHS;
  const files = given.flatMap((p) => workflowFiles(options.cwd, p));
  if (files.length === 0) throw new InputError({ problem: `no workflow files (*.yml, *.yaml) in ${given.join(", ")}` });
  const report = checkWorkflowFiles(
    files.map((f) => readWorkflow(options.cwd, f)),
    { packs: [workflowsPack], suppressions: config.workflowSuppressions },
  );
  return { report, files: files.length };
}

function workflowFiles(cwd: string, target: string): string[] {
  const absolute = path.resolve(cwd, target);
  if (!fs.existsSync(absolute)) throw new InputError({ source: target, problem: "no such file or folder" });
  if (fs.statSync(absolute).isFile()) return [target];
  return fs
    .readdirSync(absolute)
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => path.join(target, f).split(path.sep).join("/"));
}

function readWorkflow(cwd: string, file: string): WorkflowFile {
  let workflow: unknown;
  try {
    workflow = parse(fs.readFileSync(path.resolve(cwd, file), "utf8"), { maxAliasCount: 100 });
  } catch (error) {
    throw new InputError({ source: file, problem: `is not YAML (${(error as Error).message.split("\n")[0]})` });
  }
  if (!isObject(workflow))
    throw new InputError({ source: file, problem: "is not a workflow (a YAML mapping with on and jobs)" });
  return { file, workflow };
}
