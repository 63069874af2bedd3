import * as fs from "fs";
import * as path from "path";
import { fsProblem } from "./errors";

/**
 * A folder of synthesized output, wherever it lives: on disk, or in a git commit. Paths are
 * relative to the folder, with `/` separators.
 */
export interface Source {
  /** The folder's own name: the stack name of a folder of `*.tf.json` files. */
  readonly name: string;
  /** What is at `rel`, or undefined when nothing is. */
  kind(rel: string): "file" | "dir" | undefined;
  /** The names in the folder at `rel`, sorted. */
  list(rel: string): string[];
  /** The text of the file at `rel`. */
  read(rel: string): string;
  /** How messages name the path at `rel`. */
  show(rel: string): string;
}

/** A folder on disk. Messages name paths relative to `cwd`, as the user would type them. */
export function folderSource(dir: string, cwd: string): Source {
  const at = (rel: string) => (rel === "" ? dir : path.join(dir, ...rel.split("/")));
  const show = (rel: string) => displayPath(at(rel), cwd);
  return {
    name: path.basename(dir),
    show,
    kind(rel) {
      try {
        const stat = fs.statSync(at(rel));
        return stat.isDirectory() ? "dir" : "file";
      } catch (error) {
        if ((error as { code?: string }).code === "ENOENT") return undefined;
        throw fsProblem(error, show(rel));
      }
    },
    list(rel) {
      try {
        return fs.readdirSync(at(rel)).sort();
      } catch (error) {
        throw fsProblem(error, show(rel));
      }
    },
    read(rel) {
      try {
        return fs.readFileSync(at(rel), "utf8");
      } catch (error) {
        throw fsProblem(error, show(rel));
      }
    },
  };
}

/** A path relative to cwd with `/` separators (what SARIF and people want); absolute only on another drive. */
export function displayPath(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}
