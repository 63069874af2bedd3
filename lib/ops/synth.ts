/**
 * What `landform synth` does besides writing: read cdktf.json, give the app the environment
 * `cdktf synth` (cdktf-cli 0.21) gives it, run it into a scratch folder, and read back what it wrote.
 * The environment is taken from cdktf-cli's sources: `bin/cdktf.js` (NODE_ENV, TF_PLUGIN_CACHE_DIR),
 * `@cdktf/commons` `config.js` (cdktf.json's context replaces CDKTF_CONTEXT_JSON) and
 * `@cdktf/cli-core` `synth-stack.js` (the rest).
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as v8 from "v8";
import { TOKEN_STACKS_ENV } from "../core/stack-traces";
import { OpsInputError } from "./errors";
import { GeneratedFile, GeneratedFolder, Ownership } from "./generated-files";
import { isObject, parseJsonText } from "./json";

/** The parts of cdktf.json that synth reads. */
export interface CdktfConfig {
  readonly app?: string;
  readonly output?: string;
  readonly context?: Record<string, unknown>;
  readonly terraformModules?: readonly unknown[];
}

/** `./cdktf.json`, or undefined when there is none. */
export function readCdktfConfig(cwd: string): CdktfConfig | undefined {
  const file = path.join(cwd, "cdktf.json");
  if (!fs.existsSync(file)) return undefined;
  const json = parseJsonText(fs.readFileSync(file, "utf8"), "cdktf.json");
  if (!isObject(json)) throw new OpsInputError({ source: "cdktf.json", problem: "the root must be a JSON object" });
  for (const key of ["app", "output"] as const)
    if (json[key] !== undefined && (typeof json[key] !== "string" || json[key] === ""))
      throw new OpsInputError({ source: "cdktf.json", problem: `"${key}" must be a non-empty string` });
  if (json.context !== undefined && !isObject(json.context))
    throw new OpsInputError({ source: "cdktf.json", problem: '"context" must be an object of context values' });
  return json as CdktfConfig;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The heap cdktf synth gives the app, in MiB of old space (`--max-old-space-size`). */
export const APP_HEAP_MB = 4096;

/**
 * The heap limit Node gives a process started without heap flags on this machine, in MiB, or
 * undefined when this process was started with one (then its own limit says nothing of the default).
 */
export function defaultHeapLimitMb(): number | undefined {
  if (process.execArgv.some((a) => /^--max[-_]old[-_]space[-_]size/.test(a))) return undefined;
  return v8.getHeapStatistics().heap_size_limit / 2 ** 20;
}

/**
 * The environment `cdktf synth` runs the app with, writing into `outdir`. cdktf sets NODE_OPTIONS to
 * `--max-old-space-size=4096` when it is not set; Landform sets it only when Node's own limit on
 * this machine (`heapLimitMb`) is lower. The flag costs even when it changes nothing: with any heap
 * flag, Node no longer uses the compiled code it ships for its built-in modules and compiles each
 * one the app loads (~25 ms of CPU for the reference platform, docs/performance.md).
 */
export function synthEnvironment(
  base: Env,
  config: CdktfConfig | undefined,
  outdir: string,
  heapLimitMb: number | undefined,
): Record<string, string> {
  const env: Record<string, string> = {};
  // Terraform variables are for plan and apply, never for synth.
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !k.startsWith("TF_VAR_")) env[k] = v;
  env.NODE_ENV = base.NODE_ENV || "production";
  if (!["true", "1"].includes(base.CDKTF_DISABLE_PLUGIN_CACHE_ENV ?? ""))
    env.TF_PLUGIN_CACHE_DIR = base.TF_PLUGIN_CACHE_DIR || path.join(os.homedir(), ".terraform.d", "plugin-cache");
  if (!env.NODE_OPTIONS && !(heapLimitMb !== undefined && heapLimitMb >= APP_HEAP_MB))
    env.NODE_OPTIONS = `--max-old-space-size=${APP_HEAP_MB}`;
  const context = config?.context ?? (base.CDKTF_CONTEXT_JSON ? parseContext(base.CDKTF_CONTEXT_JSON) : {});
  env.CDKTF_OUTDIR = outdir;
  env.CDKTF_CONTINUE_SYNTH_ON_ERROR_ANNOTATIONS = "true";
  env.CDKTF_CONTEXT_JSON = JSON.stringify({ ...context, cdktfRelativeModules: relativeModules(config) });
  env.SYNTH_HCL_OUTPUT = "false";
  return env;
}

/** How the app ended: its exit code (null when a signal ended it) and what it printed. */
export interface AppRun {
  readonly code: number | null;
  readonly signal: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the app's command through the shell, as cdktf does; it inherits stdin. */
export function runApp(command: string, cwd: string, env: Record<string, string>): AppRun {
  const run = spawnSync(command, {
    cwd,
    env,
    shell: true,
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    stdio: ["inherit", "pipe", "pipe"],
  });
  if (run.error) throw new OpsInputError({ problem: `cannot run the app \`${command}\`: ${run.error.message}` });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr };
}

/** What `synthesize` saw: how the app ended and, when it exited 0, what it wrote. */
export interface SynthRun {
  readonly run: AppRun;
  /** The text of manifest.json; undefined when the app failed or wrote none. */
  readonly manifest?: string;
  /** Every file the app wrote, when it exited 0. */
  readonly files: readonly GeneratedFile[];
}

/**
 * Runs the app as `cdktf synth` does, into a scratch folder (removed after), so a failed run
 * leaves the output folder as it was and `--check` compares without touching it.
 */
export function synthesize(
  app: string,
  cwd: string,
  env: Env,
  config: CdktfConfig | undefined,
  options: { tokenStacks?: boolean } = {},
): SynthRun {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "landform-synth-"));
  try {
    const appEnv = synthEnvironment(env, config, scratch, defaultHeapLimitMb());
    // Where each token was created, for cdktf's resolution errors (lib/core/stack-traces.ts).
    if (options.tokenStacks) appEnv[TOKEN_STACKS_ENV] = "1";
    const run = runApp(app, cwd, appEnv);
    if (run.code !== 0) return { run, files: [] };
    const manifest = path.join(scratch, "manifest.json");
    if (!fs.existsSync(manifest)) return { run, files: [] };
    return { run, manifest: fs.readFileSync(manifest, "utf8"), files: readFolder(scratch) };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/** What synth reads back from manifest.json: the annotations, and whether the app made no stack. */
export interface SynthManifest {
  readonly annotations: readonly Annotation[];
  readonly noStack: boolean;
}

export function readManifest(text: string): SynthManifest {
  const json = parseJsonText(text, "manifest.json");
  const noStack = isObject(json) && isObject(json.stacks) && Object.keys(json.stacks).length === 0;
  return { annotations: manifestAnnotations(json), noStack };
}

/** Every file under `dir`, as the generated-files writer takes them. */
export function readFolder(dir: string, sub = ""): GeneratedFile[] {
  return fs.readdirSync(path.join(dir, sub), { withFileTypes: true }).flatMap((e) => {
    const rel = sub === "" ? e.name : `${sub}/${e.name}`;
    if (e.isDirectory()) return readFolder(dir, rel);
    return [{ path: rel, bytes: fs.readFileSync(path.join(dir, rel)) }];
  });
}

/**
 * The files of a cdktf output folder that synth claims: `manifest.json` and what cdktf writes in
 * each stack's folder. Never Terraform's own files there (`.terraform/`, state, the lock file, plans).
 */
export const SYNTH_OUTPUT: Ownership = {
  folders: [""],
  pattern: /^(manifest\.json|stacks\/[^/]+\/(cdk\.tf\.json|cdk\.tf|metadata\.json|assets\/.+))$/,
};

/** One annotation a stack recorded (Annotations.of(...).addWarning and the like). */
export interface Annotation {
  readonly level: "INFO" | "WARN" | "ERROR";
  readonly constructPath: string;
  readonly message: string;
  readonly stacktrace?: readonly string[];
}

/** The annotations in a synthesized manifest.json, in the order cdktf prints them. */
export function manifestAnnotations(manifest: unknown): Annotation[] {
  const stacks = isObject(manifest) && isObject(manifest.stacks) ? Object.values(manifest.stacks) : [];
  const levels: Record<string, Annotation["level"]> = {
    "@cdktf/info": "INFO",
    "@cdktf/warn": "WARN",
    "@cdktf/error": "ERROR",
  };
  return stacks.flatMap((stack) =>
    (isObject(stack) && Array.isArray(stack.annotations) ? stack.annotations : []).filter(isObject).map((a) => ({
      level: levels[String(a.level)] ?? "INFO",
      constructPath: String(a.constructPath),
      message: String(a.message),
      stacktrace: Array.isArray(a.stacktrace) ? a.stacktrace.map(String) : undefined,
    })),
  );
}

/**
 * The app's stderr without Node's report around an uncaught error: the throwing source line and
 * its caret, the `at ...` frames, the error's fields and the Node.js version. A Landform error
 * (its fields include `problem`) keeps its message alone, without the class name.
 */
export function withoutStackTraces(stderr: string): string {
  const lines = stderr.split("\n");
  const out: string[] = [];
  let header = -1;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^\S.*:\d+$/.test(line) && /^\s*\^+\s*$/.test(lines[i + 2] ?? "")) {
      i += lines[i + 3] === "" ? 3 : 2;
      continue;
    }
    if (/^\s+at /.test(line)) {
      if (line.endsWith(" {")) {
        const fields: string[] = [];
        while (i + 1 < lines.length && lines[i + 1] !== "}") fields.push(lines[++i]);
        i++;
        if (header >= 0 && fields.some((f) => /^\s+problem: /.test(f)))
          out[header] = out[header].replace(/^[A-Z]\w*Error(?: \[[\w-]+\])?: /, "");
      }
      continue;
    }
    if (/^Node\.js v\d+\.\d+\.\d+$/.test(line)) continue;
    if (/^[A-Z]\w*Error(?: \[[\w-]+\])?: /.test(line)) header = out.length;
    out.push(line);
  }
  return out.join("\n").replace(/\n{3,}/g, "\n\n");
}

function parseContext(text: string): Record<string, unknown> {
  const json = parseJsonText(text, "CDKTF_CONTEXT_JSON");
  if (!isObject(json))
    throw new OpsInputError({ source: "CDKTF_CONTEXT_JSON", problem: "must be a JSON object of context values" });
  return json;
}

/** cdktf.json's local modules (`./` or `../`), passed to the app as the `cdktfRelativeModules` context. */
function relativeModules(config: CdktfConfig | undefined): unknown[] {
  const local = (s: unknown) => typeof s === "string" && (s.startsWith("./") || s.startsWith("../"));
  return (Array.isArray(config?.terraformModules) ? config.terraformModules : []).filter((m) =>
    typeof m === "string" ? local(m) : isObject(m) && local(m.source),
  );
}

/** The output folder as the generated-files writer takes it: what the app wrote, synth's claim on the folder. */
export function synthOutput(root: string, shown: string, files: readonly GeneratedFile[]): GeneratedFolder {
  return { root, shown, files, owns: SYNTH_OUTPUT };
}
