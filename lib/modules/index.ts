export { ModuleStack, NAME_MAX } from "./module-stack";
export type { ModuleStackProps, ModuleInput, ModuleOutput, ModuleInfo } from "./module-stack";
export { moduleFiles, moduleParts, moduleFolder } from "./package";
export type { PackageOptions, ModuleParts } from "./package";
export { writeModule, staleModuleFiles, modulePaths } from "./write";
export { tarGz, readTarGz } from "./tar";
export type { ArchiveFile, ArchiveEntry } from "./tar";
