export { BootstrapStack } from "./bootstrap-stack";
export type { BootstrapIdentities, BootstrapStackProps } from "./bootstrap-stack";
