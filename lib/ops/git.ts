import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { InputError } from "./errors";
import { Source } from "./source";

/** The files under a folder in one commit: path relative to the folder -> blob id. */
export interface GitTree {
  /** The ref as the user gave it. */
  readonly ref: string;
  readonly commit: string;
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Reads committed files through git, without a checkout: `ls-tree` lists a folder's blobs in one
 * call, `cat-file --batch` reads any number of them in another.
 */
export class GitRepo {
  /** Opens the repository holding `dir` (relative to `cwd`); `dir` need not exist in the work tree. */
  static at(dir: string, cwd: string): GitRepo {
    let top: string;
    let cwdPrefix: string;
    try {
      [top, cwdPrefix] = run(cwd, ["rev-parse", "--show-toplevel", "--show-prefix"]).split("\n");
    } catch (error) {
      if (!fs.existsSync(cwd)) throw new InputError({ source: cwd, problem: "no such folder" });
      if ((error as { code?: string }).code === "ENOENT")
        throw new InputError({
          problem: "git is not installed or not on PATH",
          fix: "install git, which affected uses to read commits",
        });
      const said = String((error as { stderr?: unknown }).stderr ?? "").split("\n")[0];
      if (/not a git repository/.test(said) || said === "")
        throw new InputError({
          source: cwd,
          problem: "is not inside a git repository",
          fix: "run this in a clone of the repository",
        });
      throw new InputError({ source: cwd, problem: `git cannot read the repository: ${said}` });
    }
    const absolute = path.resolve(cwd, dir);
    const real = fs.existsSync(absolute) ? fs.realpathSync(absolute) : undefined;
    const prefix = (
      real !== undefined ? path.relative(top, real) : path.posix.join(cwdPrefix, dir.split(path.sep).join("/"))
    )
      .split(path.sep)
      .join("/");
    if (prefix.startsWith("..") || path.isAbsolute(prefix))
      throw new InputError({ source: dir, problem: `is outside the git repository at ${top}` });
    return new GitRepo(top, prefix === "." ? "" : prefix.replace(/\/$/, ""));
  }

  private constructor(
    readonly top: string,
    /** The folder, relative to the top of the repository ("" for the top). */
    readonly prefix: string,
  ) {}

  /** The commit a ref names; a ref that names none is bad input. */
  commit(ref: string, role: string): string {
    if (ref === "" || ref.startsWith("-"))
      throw new InputError({ prop: `${role} ref`, value: ref, problem: "is not a git ref" });
    try {
      return run(this.top, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).trim();
    } catch {
      throw new InputError({
        prop: `${role} ref`,
        value: ref,
        problem: `is not a commit in ${this.top}`,
        fix: "check the name, and fetch it first in a shallow CI clone",
      });
    }
  }

  /**
   * The refs that `template` names for some value of `placeholder`, e.g. `landform/applied/{stack}`:
   * value -> full ref name. A short template resolves as git resolves a short ref (`refs/<t>`,
   * then `refs/tags/<t>`, `refs/heads/<t>`, `refs/remotes/<t>`), the first one found winning.
   */
  refsMatching(template: string, placeholder: string): Map<string, string> {
    const [before, after] = template.split(placeholder).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
    const prefixes = template.startsWith("refs/") ? [""] : ["refs/", "refs/tags/", "refs/heads/", "refs/remotes/"];
    const patterns = prefixes.map((p) => new RegExp(`^${p}${before}([A-Za-z0-9][A-Za-z0-9_.-]*)${after}$`));
    const found = new Map<string, [rank: number, ref: string]>();
    for (const ref of run(this.top, ["for-each-ref", "--format=%(refname)"]).split("\n")) {
      patterns.forEach((re, rank) => {
        const m = re.exec(ref);
        if (m && (found.get(m[1])?.[0] ?? Infinity) > rank) found.set(m[1], [rank, ref]);
      });
    }
    return new Map([...found].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, [, ref]]) => [name, ref]));
  }

  /** The blobs under the folder at `ref`; empty when the folder is not in that commit. */
  tree(ref: string, role: string): GitTree {
    const commit = this.commit(ref, role);
    const args = ["ls-tree", "-r", "-z", "--full-tree", commit];
    const out = run(this.top, this.prefix === "" ? args : [...args, "--", `${this.prefix}/`]);
    const files = new Map<string, string>();
    const strip = this.prefix === "" ? 0 : this.prefix.length + 1;
    for (const entry of out.split("\0")) {
      const tab = entry.indexOf("\t");
      if (tab < 0) continue;
      const [, type, id] = entry.slice(0, tab).split(" ");
      if (type === "blob") files.set(entry.slice(tab + 1).slice(strip), id);
    }
    return { ref, commit, files };
  }

  /** The text of many blobs in one `git cat-file --batch`. */
  read(ids: readonly string[]): Map<string, string> {
    const unique = [...new Set(ids)];
    const out = new Map<string, string>();
    if (unique.length === 0) return out;
    const buffer = execFileSync("git", ["cat-file", "--batch"], {
      cwd: this.top,
      input: `${unique.join("\n")}\n`,
      maxBuffer: 1 << 30,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let at = 0;
    for (const id of unique) {
      const newline = buffer.indexOf(10, at);
      const [, type, size] = buffer.toString("utf8", at, newline).split(" ");
      if (type !== "blob") throw new InputError({ problem: `git object ${id} is not a file (${type ?? "missing"})` });
      const start = newline + 1;
      out.set(id, buffer.toString("utf8", start, start + Number(size)));
      at = start + Number(size) + 1;
    }
    return out;
  }

  /** The folder at one commit, as a {@link Source} for the output reader. */
  source(tree: GitTree): Source {
    const dirs = new Map<string, Set<string>>();
    for (const file of tree.files.keys()) {
      const parts = file.split("/");
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join("/");
        if (!dirs.has(dir)) dirs.set(dir, new Set());
        dirs.get(dir)!.add(parts[i]);
      }
    }
    const full = (rel: string) => [this.prefix, rel].filter(Boolean).join("/");
    return {
      name: path.posix.basename(this.prefix) || path.basename(this.top),
      kind: (rel) => (tree.files.has(rel) ? "file" : dirs.has(rel) ? "dir" : undefined),
      list: (rel) => [...(dirs.get(rel) ?? [])].sort(),
      read: (rel) => {
        const id = tree.files.get(rel);
        if (id === undefined)
          throw new InputError({ source: `${tree.ref}:${full(rel)}`, problem: "no such file in that commit" });
        return this.read([id]).get(id)!;
      },
      show: (rel) => `${tree.ref}:${full(rel)}`,
    };
  }
}

function run(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "pipe"] });
}
