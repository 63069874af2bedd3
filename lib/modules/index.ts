export { ModuleStack, ModuleStackProps, ModuleInput, ModuleInfo, NAME_MAX } from "./module-stack";
export { moduleFiles, moduleParts, moduleFolder, PackageOptions } from "./package";
export { writeModule, staleModuleFiles, modulePaths } from "./write";
export { tarGz, readTarGz, ArchiveFile, ArchiveEntry } from "./tar";
