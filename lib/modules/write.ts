import * as fs from "fs";
import * as path from "path";
import { fsProblem } from "../ops/errors";
import { moduleFolder, PackageOptions } from "./package";
import { ArchiveFile, tarGz } from "./tar";

/** Where a packaged module is written under `out`: its folder and its archive. */
export function modulePaths(out: string, options: PackageOptions): { folder: string; archive: string } {
  const folder = moduleFolder(options);
  return { folder: path.join(out, folder), archive: path.join(out, `${folder}-${options.version}.tar.gz`) };
}

/** Replaces the module's folder under `out` with `files` and writes its `.tar.gz` beside it. */
export function writeModule(out: string, files: readonly ArchiveFile[], options: PackageOptions): string[] {
  const { folder, archive } = modulePaths(out, options);
  try {
    fs.rmSync(folder, { recursive: true, force: true });
    for (const file of files) {
      const abs = path.join(out, file.path);
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, file.text);
    }
    fs.writeFileSync(archive, tarGz(files));
  } catch (error) {
    throw fsProblem(error, out);
  }
  return [folder, archive];
}

/** The paths under `out` that differ from what `writeModule` would write, left-over files included. */
export function staleModuleFiles(out: string, files: readonly ArchiveFile[], options: PackageOptions): string[] {
  const { folder, archive } = modulePaths(out, options);
  const stale = files.filter((f) => {
    const abs = path.join(out, f.path);
    return !fs.existsSync(abs) || fs.readFileSync(abs, "utf8") !== f.text;
  });
  const wanted = new Set(files.map((f) => path.join(out, f.path)));
  const extra = listFiles(folder).filter((f) => !wanted.has(f));
  const archiveStale = !fs.existsSync(archive) || !fs.readFileSync(archive).equals(tarGz(files));
  return [
    ...stale.map((f) => f.path),
    ...extra.map((f) => path.relative(out, f)),
    ...(archiveStale ? [path.relative(out, archive)] : []),
  ];
}

function listFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder, { withFileTypes: true })
    .flatMap((d) => (d.isDirectory() ? listFiles(path.join(folder, d.name)) : [path.join(folder, d.name)]));
}
