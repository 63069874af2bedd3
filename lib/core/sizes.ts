import { Token } from "cdktf";
import { IConstruct } from "constructs";
import { Cloud, PerCloud } from "./cloud";
import { invalidProp } from "./errors";
import { perCloudStringsProp } from "./prop-types";

/** Portable size classes, defined by vCPU and memory. */
export type SizeName = "small" | "medium" | "large" | "xlarge";

/** What a size class is used for: each maps to its own family of machine types. */
export type Workload = "vm" | "node" | "database";

export interface SizeClass {
  readonly vcpu: number;
  readonly memoryGib: number;
  readonly types: PerCloud<Readonly<Record<Workload, string>>>;
}

/** The one table from portable sizes to machine types. Published in docs/parity.md. */
export const SIZE_CLASSES: Readonly<Record<SizeName, SizeClass>> = {
  small: {
    vcpu: 2,
    memoryGib: 4,
    types: {
      aws: { vm: "t3.medium", node: "t3.medium", database: "db.t3.medium" },
      gcp: { vm: "e2-medium", node: "e2-medium", database: "db-custom-2-4096" },
    },
  },
  medium: {
    vcpu: 2,
    memoryGib: 8,
    types: {
      aws: { vm: "m6i.large", node: "m6i.large", database: "db.m6i.large" },
      gcp: { vm: "e2-standard-2", node: "e2-standard-2", database: "db-custom-2-8192" },
    },
  },
  large: {
    vcpu: 4,
    memoryGib: 16,
    types: {
      aws: { vm: "m6i.xlarge", node: "m6i.xlarge", database: "db.m6i.xlarge" },
      gcp: { vm: "e2-standard-4", node: "e2-standard-4", database: "db-custom-4-16384" },
    },
  },
  xlarge: {
    vcpu: 8,
    memoryGib: 32,
    types: {
      aws: { vm: "m6i.2xlarge", node: "m6i.2xlarge", database: "db.m6i.2xlarge" },
      gcp: { vm: "e2-standard-8", node: "e2-standard-8", database: "db-custom-8-32768" },
    },
  },
};

export const SIZE_NAMES = Object.keys(SIZE_CLASSES) as SizeName[];

/** An exact machine type per cloud, for users who need one; a cloud left out falls back to the size. */
export type MachineTypes = Partial<PerCloud<string>>;

export function isSizeName(value: unknown): value is SizeName {
  return typeof value === "string" && Object.prototype.hasOwnProperty.call(SIZE_CLASSES, value);
}

/** The machine type for a workload on a cloud: the user's exact type if given, else the size's. */
export function machineType(cloud: Cloud, workload: Workload, size: SizeName, override?: MachineTypes): string {
  return override?.[cloud] ?? SIZE_CLASSES[size].types[cloud][workload];
}

// Machine type names are short (`db-custom-96-638976`, `m7i-flex.48xlarge`); anything longer is a mistake.
const MACHINE_TYPE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Checks a `machineType` prop: an object keyed by cloud, each value a machine type name. */
export function checkMachineTypes(scope: IConstruct, prop: string, value: unknown): MachineTypes | undefined {
  const types = perCloudStringsProp(scope, prop, value, 'e.g. { aws: "m7i.large", gcp: "e2-standard-4" }');
  for (const [cloud, name] of Object.entries(types ?? {})) {
    if (!Token.isUnresolved(name) && !MACHINE_TYPE.test(name)) {
      throw invalidProp(
        scope,
        `${prop}.${cloud}`,
        name,
        "is not a machine type name",
        `use the cloud's name for it, e.g. "m7i.large" or "e2-standard-4", or leave ${cloud} out for the size's type`,
      );
    }
  }
  return types;
}
