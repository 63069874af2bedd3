/** The parts of a GitHub Actions workflow the generator writes; plain data, written by `toYaml`. */

export type Permission = "read" | "write" | "none";
export type Permissions = Readonly<Partial<Record<PermissionScope, Permission>>>;
export type PermissionScope =
  "actions" | "contents" | "id-token" | "issues" | "packages" | "pull-requests" | "security-events";

export interface Step {
  readonly name: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Readonly<Record<string, string | number | boolean>>;
  readonly run?: string;
  readonly shell?: string;
  readonly "working-directory"?: string;
  readonly env?: Readonly<Record<string, string>>;
}

export interface Job {
  readonly name: string;
  readonly needs?: readonly string[];
  readonly if?: string;
  readonly "runs-on": string | readonly string[];
  readonly environment?: { readonly name: string };
  readonly concurrency?: { readonly group: string; readonly "cancel-in-progress": boolean };
  readonly permissions: Permissions;
  readonly "timeout-minutes": number;
  readonly outputs?: Readonly<Record<string, string>>;
  readonly steps: readonly Step[];
}

export interface Workflow {
  readonly name: string;
  readonly on: Readonly<Record<string, unknown>>;
  readonly permissions: Permissions;
  /** `queue: "max"` keeps up to 100 pending runs in order instead of replacing the pending one. */
  readonly concurrency?: {
    readonly group: string;
    readonly "cancel-in-progress": boolean;
    readonly queue?: "single" | "max";
  };
  readonly env?: Readonly<Record<string, string>>;
  readonly jobs: Readonly<Record<string, Job>>;
}
