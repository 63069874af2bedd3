import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";
import { condition, ExpressionScope, interpolate } from "./expressions";

/**
 * Runs a committed workflow's jobs as a GitHub runner would, on this machine, in fresh clones of a
 * repository's HEAD (so nothing untracked, e.g. a dist/ built by hand, can hide a missing build
 * step: pipelines-review B1), with the variables a runner sets (GITHUB_OUTPUT, GITHUB_ENV,
 * GITHUB_PATH, GITHUB_STEP_SUMMARY, GITHUB_SHA, GITHUB_BASE_REF, GITHUB_EVENT_PATH, RUNNER_TEMP, ...),
 * `${{ }}` expressions, `if:` conditions, job outputs and `needs`.
 *
 * Which jobs run (the rule the tests assert):
 * - a job that assumes a cloud identity (`id-token: write` and a configure-aws-credentials or
 *   google-github-actions/auth step) is skipped: no cloud login exists offline;
 * - a job with a step that uses an action the runner does not emulate is skipped, naming it
 *   (actions/github-script: it calls the GitHub API);
 * - every other job runs, in file order (a job comes after the jobs it needs), each in its own
 *   fresh clone. `run:` steps run for real with `bash -e` (GitHub's default shell); emulated
 *   actions: checkout (the clone, full history), setup-node (the Node on PATH), upload-artifact /
 *   download-artifact (a local store; a second upload under one name without `overwrite` fails
 *   with GitHub's 409), upload-sarif (the file must be SARIF whose runs differ in tool or category,
 *   as codeql-action requires: pipelines-review B4) and the sticky comment (its file must exist).
 */
export interface SmokeOptions {
  /** The repository whose HEAD is cloned. */
  readonly repo: string;
  /** The workflow file, relative to the repository. */
  readonly workflow: string;
  /** `run:` commands replaced, with why (e.g. `npm ci` by a link to an installed node_modules). */
  readonly replace?: Readonly<Record<string, { readonly run: string; readonly why: string }>>;
  /** `run:` commands not run, with why (e.g. `npm test` when this is a test of that suite). */
  readonly skip?: Readonly<Record<string, string>>;
  /** Only these jobs (and no others) run; the rest are skipped as "not selected". */
  readonly only?: readonly string[];
  /** The pull request's base commit. @default HEAD^ of the clone */
  readonly base?: string;
  readonly log?: (line: string) => void;
}

export interface StepResult {
  readonly job: string;
  readonly step: string;
  readonly status: "ok" | "failed" | "skipped" | "replaced" | "not run";
  readonly why?: string;
  readonly output?: string;
}

export interface SmokeResult {
  readonly ok: boolean;
  /** Job ids that ran, in order. */
  readonly ran: readonly string[];
  /** Job ids that did not run, with why. */
  readonly skipped: readonly { readonly job: string; readonly why: string }[];
  readonly steps: readonly StepResult[];
  /** The first failed step, with the end of its output. */
  readonly failure?: string;
}

interface Step {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
  readonly "working-directory"?: string;
  readonly shell?: string;
}

interface Job {
  readonly name?: string;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly permissions?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly outputs?: Record<string, string>;
  readonly "timeout-minutes"?: number;
  readonly steps: Step[];
}

interface Workflow {
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const CLOUD_LOGINS = ["aws-actions/configure-aws-credentials", "google-github-actions/auth"];
const EMULATED = [
  "actions/checkout",
  "actions/setup-node",
  "actions/upload-artifact",
  "actions/download-artifact",
  "github/codeql-action/upload-sarif",
  "marocchino/sticky-pull-request-comment",
];

const actionOf = (uses: string) => uses.replace(/@.*$/, "");

/** Why a job does not run offline, or undefined when it does (the rule above). */
export function skipReason(job: Job): string | undefined {
  const login = job.steps.find((s) => s.uses !== undefined && CLOUD_LOGINS.includes(actionOf(s.uses)));
  if (job.permissions?.["id-token"] === "write" && login) return `assumes a cloud identity (${actionOf(login.uses!)})`;
  const other = job.steps.find((s) => s.uses !== undefined && !EMULATED.includes(actionOf(s.uses)));
  if (other)
    return `step "${other.name ?? other.uses}" uses ${actionOf(other.uses!)}, which the smoke test does not emulate`;
  return undefined;
}

export function readWorkflow(file: string): Workflow {
  return parse(fs.readFileSync(file, "utf8")) as Workflow;
}

export function runWorkflow(options: SmokeOptions): SmokeResult {
  const log = options.log ?? (() => undefined);
  const workflow = readWorkflow(path.join(options.repo, options.workflow));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "landform-smoke-"));
  const artifacts = path.join(root, "artifacts");
  fs.mkdirSync(artifacts);
  const ran: string[] = [];
  const skipped: { job: string; why: string }[] = [];
  const steps: StepResult[] = [];
  const needsContext: Record<string, { result: string; outputs: Record<string, string> }> = {};
  let failure: string | undefined;

  const source = path.resolve(options.repo);
  const sha = git(source, ["rev-parse", "HEAD"]);
  // A shallow checkout (CI's default fetch-depth 1) has no parent: the base is then HEAD itself.
  const base = options.base ?? (tryGit(source, ["rev-parse", "--verify", "-q", "HEAD^"]) || sha);
  const repository = "acme/platform";
  const event = {
    number: 1,
    pull_request: {
      number: 1,
      base: { sha: base, ref: "main", repo: { full_name: repository } },
      head: { sha, ref: "change", repo: { full_name: repository } },
    },
    repository: { full_name: repository },
  };
  const eventPath = path.join(root, "event.json");
  fs.writeFileSync(eventPath, JSON.stringify(event));
  const github = {
    event_name: "pull_request",
    event,
    sha,
    ref: "refs/pull/1/merge",
    base_ref: "main",
    head_ref: "change",
    repository,
    repository_owner: "acme",
    server_url: "https://github.com",
    run_id: "1",
    run_attempt: "1",
    workflow: "smoke",
    actor: "smoke",
  };

  try {
    for (const [id, job] of Object.entries(workflow.jobs)) {
      const needs = typeof job.needs === "string" ? [job.needs] : (job.needs ?? []);
      const why = options.only && !options.only.includes(id) ? "not selected (options.only)" : skipReason(job);
      if (why !== undefined) {
        skipped.push({ job: id, why });
        needsContext[id] = { result: "skipped", outputs: {} };
        continue;
      }
      // One workspace path for every job, as a runner's $GITHUB_WORKSPACE, cloned afresh per job.
      const workspace = path.join(root, "work", path.basename(source));
      fs.rmSync(workspace, { recursive: true, force: true });
      const temp = path.join(root, id, "temp");
      fs.mkdirSync(temp, { recursive: true });
      const needed = Object.fromEntries(needs.map((n) => [n, needsContext[n]]));
      const jobScope = (failed: boolean, stepsContext: object): ExpressionScope => ({
        contexts: { github, needs: needed, steps: stepsContext, runner: { temp, os: "Linux", arch: "X64" }, env: {} },
        failed,
        workspace,
      });
      // As on GitHub, success() of a job is false when a job it needs failed or was skipped.
      const neededFailed = needs.some((n) => needsContext[n]?.result !== "success");
      if (!condition(job.if, jobScope(neededFailed, {}))) {
        skipped.push({ job: id, why: `its if: is false (${job.if ?? "success()"})` });
        needsContext[id] = { result: "skipped", outputs: {} };
        continue;
      }
      log(`job ${id}`);
      ran.push(id);
      // A fresh clone of HEAD: what a runner's checkout gives (untracked and ignored files absent).
      git(root, ["clone", "--quiet", source, workspace]);
      git(workspace, ["checkout", "--quiet", "--detach", sha]);
      const stepsContext: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
      let env: Record<string, string> = {};
      const extraPath: string[] = [];
      let failed = false;
      const summary = path.join(temp, "_step_summary");
      for (const [index, step] of job.steps.entries()) {
        const name = step.name ?? step.uses ?? step.run ?? `step ${index + 1}`;
        const scope = jobScope(failed, stepsContext);
        if (!condition(step.if, scope)) {
          steps.push({ job: id, step: name, status: "not run", why: `if: ${step.if ?? "success()"}` });
          continue;
        }
        const output = path.join(temp, `_output_${index}`);
        const envFile = path.join(temp, `_env_${index}`);
        const pathFile = path.join(temp, `_path_${index}`);
        for (const f of [output, envFile, pathFile]) fs.writeFileSync(f, "");
        const withScope = (extra: Record<string, string>): ExpressionScope => ({
          ...scope,
          contexts: { ...scope.contexts, env: extra },
        });
        const baseEnv = {
          ...Object.fromEntries(Object.entries(workflow.env ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)])),
          ...Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, interpolate(String(v), scope)])),
          ...env,
        };
        const stepEnv = {
          ...baseEnv,
          ...Object.fromEntries(
            Object.entries(step.env ?? {}).map(([k, v]) => [k, interpolate(String(v), withScope(baseEnv))]),
          ),
        };
        let result: { ok: boolean; text: string; status?: StepResult["status"]; why?: string };
        if (step.run !== undefined) {
          const run = interpolate(step.run, withScope(stepEnv));
          const command = run.trim();
          if (options.skip && command in options.skip) {
            steps.push({ job: id, step: name, status: "skipped", why: options.skip[command] });
            stepsContext[step.id ?? `_${index}`] = { outputs: {}, outcome: "success", conclusion: "success" };
            continue;
          }
          const replaced = options.replace?.[command];
          const script = path.join(temp, `_step_${index}.sh`);
          fs.writeFileSync(script, replaced ? replaced.run : run);
          const cwd = path.join(workspace, step["working-directory"] ?? "");
          const processEnv: Record<string, string> = {
            PATH: [...extraPath, process.env.PATH ?? ""].join(path.delimiter),
            HOME: process.env.HOME ?? root,
            CI: "true",
            GITHUB_ACTIONS: "true",
            GITHUB_WORKSPACE: workspace,
            GITHUB_SHA: sha,
            GITHUB_REF: github.ref,
            GITHUB_REF_NAME: "1/merge",
            GITHUB_BASE_REF: github.base_ref,
            GITHUB_HEAD_REF: github.head_ref,
            GITHUB_EVENT_NAME: github.event_name,
            GITHUB_EVENT_PATH: eventPath,
            GITHUB_REPOSITORY: repository,
            GITHUB_REPOSITORY_OWNER: "acme",
            GITHUB_SERVER_URL: github.server_url,
            GITHUB_RUN_ID: github.run_id,
            GITHUB_RUN_ATTEMPT: github.run_attempt,
            GITHUB_JOB: id,
            GITHUB_OUTPUT: output,
            GITHUB_ENV: envFile,
            GITHUB_PATH: pathFile,
            GITHUB_STEP_SUMMARY: summary,
            RUNNER_TEMP: temp,
            RUNNER_OS: "Linux",
            RUNNER_ARCH: "X64",
            RUNNER_NAME: "smoke",
            // bin/landform.js's transpile cache (keyed by file path) stays in this run's folder, out
            // of a node_modules the clone links to.
            LANDFORM_TS_CACHE: path.join(root, "ts-cache"),
            ...stepEnv,
          };
          const timeout = (job["timeout-minutes"] ?? 360) * 60_000;
          const r = spawnSync("bash", ["-e", script], { cwd, env: processEnv, encoding: "utf8", timeout });
          const text = `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`;
          result = {
            ok: r.status === 0,
            text,
            status: replaced ? "replaced" : undefined,
            why: replaced?.why,
          };
        } else {
          result = emulate(step, interpolateWith(step.with ?? {}, withScope(stepEnv)), workspace, artifacts);
        }
        const outputs = readKeyValues(output);
        for (const [k, v] of Object.entries(readKeyValues(envFile))) env = { ...env, [k]: v };
        extraPath.unshift(...fs.readFileSync(pathFile, "utf8").split("\n").filter(Boolean).reverse());
        const outcome = result.ok ? "success" : "failure";
        stepsContext[step.id ?? `_${index}`] = { outputs, outcome, conclusion: outcome };
        steps.push({
          job: id,
          step: name,
          status: result.ok ? (result.status ?? "ok") : "failed",
          why: result.why,
          output: result.text,
        });
        log(`  ${result.ok ? "ok" : "FAILED"} ${name}`);
        if (!result.ok) {
          failed = true;
          failure ??= `job ${id}, step "${name}" failed:\n${result.text.trim().split("\n").slice(-15).join("\n")}`;
        }
      }
      const final = jobScope(failed, stepsContext);
      needsContext[id] = {
        result: failed ? "failure" : "success",
        outputs: Object.fromEntries(Object.entries(job.outputs ?? {}).map(([k, v]) => [k, interpolate(v, final)])),
      };
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { ok: failure === undefined, ran, skipped, steps, failure };
}

function interpolateWith(inputs: Record<string, unknown>, scope: ExpressionScope): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, interpolate(String(v), scope)]));
}

/** The emulated actions (see the rule above). */
function emulate(
  step: Step,
  inputs: Record<string, string>,
  workspace: string,
  artifacts: string,
): { ok: boolean; text: string } {
  const action = actionOf(step.uses!);
  const resolve = (p: string) => path.resolve(workspace, p);
  switch (action) {
    case "actions/checkout":
    case "actions/setup-node":
      return { ok: true, text: "" };
    case "actions/upload-artifact": {
      const target = path.join(artifacts, inputs.name);
      if (fs.existsSync(target) && inputs.overwrite !== "true")
        return {
          ok: false,
          text: `Failed to CreateArtifact: (409) Conflict: an artifact with this name already exists on the workflow run (${inputs.name})`,
        };
      const from = resolve(inputs.path);
      if (!fs.existsSync(from)) return { ok: true, text: `No files were found with the provided path: ${inputs.path}` };
      fs.rmSync(target, { recursive: true, force: true });
      fs.mkdirSync(target, { recursive: true });
      fs.cpSync(from, fs.statSync(from).isDirectory() ? target : path.join(target, path.basename(from)), {
        recursive: true,
      });
      return { ok: true, text: "" };
    }
    case "actions/download-artifact": {
      const pattern = new RegExp(
        `^${(inputs.pattern ?? inputs.name ?? "*")
          .split("*")
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
          .join(".*")}$`,
      );
      const into = resolve(inputs.path ?? ".");
      for (const name of fs
        .readdirSync(artifacts)
        .filter((n) => pattern.test(n))
        .sort()) {
        const dest = inputs["merge-multiple"] === "true" || inputs.name ? into : path.join(into, name);
        fs.mkdirSync(dest, { recursive: true });
        fs.cpSync(path.join(artifacts, name), dest, { recursive: true });
      }
      return { ok: true, text: "" };
    }
    case "github/codeql-action/upload-sarif":
      return checkSarif(resolve(inputs.sarif_file ?? "../results"), inputs.category);
    case "marocchino/sticky-pull-request-comment": {
      const file = inputs.path ? resolve(inputs.path) : undefined;
      return file && fs.existsSync(file) && fs.readFileSync(file, "utf8").trim() !== ""
        ? { ok: true, text: "" }
        : { ok: false, text: `no comment: ${inputs.path ?? "(no path)"} is missing or empty` };
    }
    default:
      throw new Error(`${action} is not emulated`);
  }
}

/**
 * What codeql-action's upload checks before sending (src/upload-lib.ts, areAllRunsUnique): the
 * file(s) parse as SARIF, and no two runs share tool name, version, guid and category.
 */
function checkSarif(file: string, category: string | undefined): { ok: boolean; text: string } {
  if (!fs.existsSync(file)) return { ok: false, text: `Path does not exist: ${file}` };
  const files = fs.statSync(file).isDirectory()
    ? fs
        .readdirSync(file)
        .filter((f) => f.endsWith(".sarif"))
        .map((f) => path.join(file, f))
    : [file];
  const keys = new Set<string>();
  for (const f of files) {
    let sarif: { runs?: { tool?: { driver?: Record<string, unknown> }; automationDetails?: { id?: string } }[] };
    try {
      sarif = JSON.parse(fs.readFileSync(f, "utf8"));
    } catch (error) {
      return { ok: false, text: `${f} is not JSON: ${(error as Error).message}` };
    }
    if (!Array.isArray(sarif.runs)) return { ok: false, text: `${f} has no runs` };
    for (const run of sarif.runs) {
      const driver = run.tool?.driver ?? {};
      const key = JSON.stringify([driver.name, driver.version, driver.guid, run.automationDetails?.id ?? category]);
      if (keys.has(key))
        return {
          ok: false,
          text: `Error: The SARIF file(s) hold several runs of one tool (${key}) and category: upload them separately, each with its own category`,
        };
      keys.add(key);
    }
  }
  return { ok: true, text: `${files.length} SARIF file(s) valid` };
}

/** `name=value` lines and `name<<DELIMITER` blocks, as GITHUB_OUTPUT and GITHUB_ENV take them. */
function readKeyValues(file: string): Record<string, string> {
  const lines = fs.readFileSync(file, "utf8").split("\n");
  const out: Record<string, string> = {};
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === "") continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const body: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc[2]; i++) body.push(lines[i]);
      out[heredoc[1]] = body.join("\n");
    } else {
      const at = line.indexOf("=");
      if (at < 0) throw new Error(`${path.basename(file)}: "${line}" is neither name=value nor name<<DELIMITER`);
      out[line.slice(0, at)] = line.slice(at + 1);
    }
  }
  return out;
}

function tryGit(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : "";
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")} failed in ${cwd}: ${r.stderr}`);
  return r.stdout.trim();
}
