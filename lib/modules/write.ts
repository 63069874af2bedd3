import * as path from "path";
import { GeneratedFolder, staleFiles, writeGenerated } from "../ops/generated-files";
import { moduleFolder, PackageOptions } from "./package";
import { ArchiveFile, tarGz } from "./tar";

/** Where a packaged module is written under `out`: its folder and its archive. */
export function modulePaths(out: string, options: PackageOptions): { folder: string; archive: string } {
  const folder = moduleFolder(options);
  return { folder: path.join(out, folder), archive: path.join(out, `${folder}-${options.version}.tar.gz`) };
}

/**
 * The module as the generated-files writer takes it: its files and its `.tar.gz`; every file in the
 * module's folder is ours (archives of other versions beside it are not).
 */
export function moduleOutput(
  out: string,
  files: readonly ArchiveFile[],
  options: PackageOptions,
  shown = out,
): GeneratedFolder {
  const folder = moduleFolder(options);
  return {
    root: out,
    shown,
    files: [
      ...files.map((f) => ({ path: f.path, bytes: f.text })),
      { path: `${folder}-${options.version}.tar.gz`, bytes: tarGz(files) },
    ],
    owns: { folders: [folder] },
  };
}

/** Writes the module's folder under `out` (removing files no longer generated) and its `.tar.gz` beside it. */
export function writeModule(out: string, files: readonly ArchiveFile[], options: PackageOptions): string[] {
  writeGenerated(moduleOutput(out, files, options));
  const { folder, archive } = modulePaths(out, options);
  return [folder, archive];
}

/** The paths under `out` that are missing, differ, or are left over from an earlier package. */
export function staleModuleFiles(out: string, files: readonly ArchiveFile[], options: PackageOptions): string[] {
  return staleFiles(moduleOutput(out, files, options)).map((s) => s.path);
}
