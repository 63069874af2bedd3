export { BootstrapStack } from "./bootstrap-stack";
export type { BootstrapIdentities, BootstrapStackProps } from "./bootstrap-stack";
export { stateKeyAlias, stateKeyArn } from "../core/backend";
