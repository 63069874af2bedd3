/**
 * The one writer of generated files: `landform synth` (the cdktf output), `pipeline generate`,
 * `agent manifests`, `module package` and `npm run docs:graph` all hand it the files they generate
 * for a folder, and it either writes them or, for `--check`, reports what is stale. Stale means one
 * of three things, the same for every command:
 *
 * - missing: generated now, not on disk;
 * - differs: on disk with other bytes;
 * - orphaned: on disk, claimed by the generator (below), and no longer generated. Writing removes it.
 *
 * Which files on disk a generator claims is the folder's own pattern ({@link Ownership}): cdktf's
 * `manifest.json` and `stacks/<stack>/cdk.tf.json`, `.github/workflows/landform-*.yml`, YAML that
 * starts with the agent manifests' header, a packaged module's folder. Not a manifest file beside
 * them (projen's `.projen/files.json`): every output already carries a mark of its own, a manifest
 * would be one more generated file to keep in step, `cdktf synth` would not write it, and a claim by
 * pattern never removes what the generator did not write (Terraform state, `.terraform/`, a
 * hand-written workflow).
 */
import * as fs from "fs";
import * as path from "path";
import { OpsInputError } from "./errors";

/** One generated file: its path under the folder (`/`-separated) and its bytes. */
export interface GeneratedFile {
  readonly path: string;
  readonly bytes: string | Uint8Array;
}

/** Which files already on disk the generator claims, so that those no longer generated are found. */
export interface Ownership {
  /** Folders under the root, searched at any depth, that may hold generated files; `""` is the root. */
  readonly folders: readonly string[];
  /** Only paths (relative to the root) that match are claimed. @default - every file in the folders */
  readonly pattern?: RegExp;
  /** Only files that start with this text are claimed: a mark every generated file carries. */
  readonly marker?: string;
}

/** A folder of generated files, as one command writes it. */
export interface GeneratedFolder {
  /** The folder the paths are relative to. */
  readonly root: string;
  /** How the root is shown in messages, relative to the working folder (`""` for the working folder). */
  readonly shown: string;
  /** What the summary lines call the output. @default - `shown` */
  readonly label?: string;
  readonly files: readonly GeneratedFile[];
  readonly owns: Ownership;
}

/** A file whose bytes on disk are not what the generator writes now. */
export interface StaleFile {
  /** Relative to the folder's root, `/`-separated. */
  readonly path: string;
  /** Not on disk; on disk with other bytes; on disk, claimed by the generator and no longer generated. */
  readonly problem: "missing" | "differs" | "orphaned";
}

/** The `--check` option's help, the same for every command that writes generated files. */
export const CHECK_HELP =
  "write nothing; exit 1 naming each file that is missing, differs or orphaned (no longer generated)";

/** The exit-code words for `exitCodesHelp`: what exit 1 means for such a command. */
export const CHECK_FINDING = "a generated file is stale, with --check";

/** Folders never searched for orphans: they hold tools' state, never generated files. */
const NEVER_SEARCHED = new Set([".git", ".terraform", "node_modules"]);

/** The stale files of a folder, sorted by path; nothing is written. */
export function staleFiles(folder: GeneratedFolder): StaleFile[] {
  checkRoot(folder);
  const out: StaleFile[] = [];
  const generated = new Set<string>();
  for (const file of folder.files) {
    generated.add(file.path);
    const now = readIfFile(folder, file.path);
    if (now === undefined) out.push({ path: file.path, problem: "missing" });
    else if (now === "folder" || !now.equals(toBuffer(file.bytes))) out.push({ path: file.path, problem: "differs" });
  }
  for (const owned of claimed(folder)) if (!generated.has(owned)) out.push({ path: owned, problem: "orphaned" });
  return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Writes what is missing or differs, removes orphans (and folders they leave empty); returns what changed. */
export function writeGenerated(folder: GeneratedFolder): StaleFile[] {
  const stale = staleFiles(folder);
  const bytes = new Map(folder.files.map((f) => [f.path, f.bytes]));
  for (const s of stale) {
    const abs = path.join(folder.root, s.path);
    try {
      if (s.problem === "orphaned") {
        fs.rmSync(abs);
        removeEmptyParents(folder.root, path.dirname(abs));
      } else {
        fs.mkdirSync(path.dirname(abs), { recursive: true });
        fs.writeFileSync(abs, bytes.get(s.path)!);
      }
    } catch (error) {
      throw writeProblem(error, shownPath(folder, s.path));
    }
  }
  return stale;
}

/** A path under the folder as messages show it. */
export function shownPath(folder: Pick<GeneratedFolder, "shown">, file: string): string {
  return folder.shown === "" || folder.shown === "." ? file : `${folder.shown.replace(/\/$/, "")}/${file}`;
}

/** The `--check` lines for stale files (stderr), ending with what to run: the same for every command. */
export function staleReport(folder: GeneratedFolder, stale: readonly StaleFile[], fix: string): string {
  const lines = stale.map((s) => `${shownPath(folder, s.path)}: ${describe(s.problem)}`);
  const count = `${stale.length} stale file${stale.length === 1 ? "" : "s"}`;
  lines.push(`${label(folder)}: ${count}; run \`${fix}\` and commit the result.`);
  return `${lines.join("\n")}\n`;
}

/** The `--check` line for an up-to-date folder (stdout). */
export function upToDateReport(folder: GeneratedFolder): string {
  const n = folder.files.length;
  return `${label(folder)}: up to date (${n} generated file${n === 1 ? "" : "s"}).\n`;
}

/** What a write changed, one line per file, then a summary line (stdout). */
export function writeReport(folder: GeneratedFolder, changed: readonly StaleFile[]): string {
  const verb = { missing: "wrote  ", differs: "updated", orphaned: "removed" } as const;
  const lines = changed.map((s) => `${verb[s.problem]} ${shownPath(folder, s.path)}`);
  const n = folder.files.length;
  const kept = n - changed.filter((s) => s.problem !== "orphaned").length;
  lines.push(`${label(folder)}: ${n} generated file${n === 1 ? "" : "s"}, ${kept} already up to date.`);
  return `${lines.join("\n")}\n`;
}

function describe(problem: StaleFile["problem"]): string {
  return problem === "orphaned" ? "orphaned (no longer generated)" : problem;
}

/**
 * A root that exists but is a file: one line naming it, exit 2 (not a crash deep in the file system).
 * Commands whose work is slow (synth runs the app) call it before starting.
 */
export function checkRoot(folder: Pick<GeneratedFolder, "root" | "shown">): void {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(folder.root, { throwIfNoEntry: false });
  } catch (error) {
    throw writeProblem(error, folder.shown || ".");
  }
  if (stat !== undefined && !stat.isDirectory())
    throw new OpsInputError({
      source: folder.shown || ".",
      problem: "is a file, where a folder to write into was expected",
      fix: "give a folder",
    });
}

function label(folder: GeneratedFolder): string {
  return folder.label ?? (folder.shown || ".");
}

/** The bytes on disk; undefined when absent, "folder" when a folder stands where the file goes. */
function readIfFile(folder: GeneratedFolder, file: string): Buffer | "folder" | undefined {
  const abs = path.join(folder.root, file);
  try {
    return fs.readFileSync(abs);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    if (code === "EISDIR") return "folder";
    throw writeProblem(error, shownPath(folder, file));
  }
}

/** The files on disk the generator claims, relative to the root. */
function claimed(folder: GeneratedFolder): string[] {
  const { folders, pattern, marker } = folder.owns;
  const found = new Set<string>();
  for (const sub of folders)
    for (const file of walk(folder.root, sub)) {
      if (pattern !== undefined && !pattern.test(file)) continue;
      if (marker !== undefined && !startsWith(path.join(folder.root, file), marker)) continue;
      found.add(file);
    }
  return [...found];
}

function walk(root: string, sub: string): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(root, sub), { withFileTypes: true });
  } catch {
    return []; // absent, or a file: nothing of ours is there
  }
  return entries.flatMap((e) => {
    const rel = sub === "" ? e.name : `${sub}/${e.name}`;
    if (e.isDirectory()) return NEVER_SEARCHED.has(e.name) ? [] : walk(root, rel);
    return e.isFile() ? [rel] : [];
  });
}

function startsWith(file: string, marker: string): boolean {
  const want = Buffer.from(marker);
  const fd = fs.openSync(file, "r");
  try {
    const head = Buffer.alloc(want.length);
    const n = fs.readSync(fd, head, 0, want.length, 0);
    return n === want.length && head.equals(want);
  } finally {
    fs.closeSync(fd);
  }
}

function removeEmptyParents(root: string, dir: string): void {
  const top = path.resolve(root);
  for (let d = path.resolve(dir); d !== top && d.startsWith(top + path.sep); d = path.dirname(d)) {
    if (fs.readdirSync(d).length > 0) return;
    fs.rmdirSync(d);
  }
}

function toBuffer(bytes: string | Uint8Array): Buffer {
  return typeof bytes === "string" ? Buffer.from(bytes, "utf8") : Buffer.from(bytes);
}

/** One line naming what stopped a write, by its error code. */
function writeProblem(error: unknown, shown: string): OpsInputError {
  const code = (error as { code?: string }).code;
  const [problem, fix]: [string, string?] =
    code === "ENOTDIR" || code === "EEXIST"
      ? ["a part of the path is a file, where a folder was expected", "move the file or write elsewhere"]
      : code === "EISDIR"
        ? ["is a folder, where a generated file goes", "remove the folder"]
        : code === "EACCES" || code === "EPERM" || code === "EROFS"
          ? ["permission denied", "make it writable by this user"]
          : [`cannot be written (${code ?? (error as Error).message})`];
  return new OpsInputError({ source: shown, problem, fix });
}
