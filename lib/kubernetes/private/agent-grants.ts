import {
  Aspects,
  TerraformBackend,
  TerraformDataSource,
  TerraformRemoteState,
  TerraformResource,
  TerraformStack,
  Token,
} from "cdktf";
import type { IConstruct } from "constructs";
import { invalidConfig } from "../../core/errors";

/** The backend block of `stack` as synthesized (`{ s3: {...} }` or `{ gcs: {...} }`), or undefined. */
export function backendOf(stack: TerraformStack): Record<string, Record<string, unknown>> | undefined {
  for (const c of stack.node.children) {
    if (!(c instanceof TerraformBackend)) continue;
    const out = c.toTerraform() as { terraform?: { backend?: Record<string, Record<string, unknown>> } };
    if (out.terraform?.backend) return out.terraform.backend;
  }
  return undefined;
}

/** Types applied through the cluster's API (the runner's cluster access covers them), needing no cloud IAM. */
export const NO_IAM = /^(kubernetes_|helm_)/;

/**
 * What each of `types` (sorted, those applied through the cluster left out) needs, from the cloud's
 * table: `null` for nothing, `undefined` for a type Landform derives no grant for, which fails
 * the grant naming the stack, the type and `fix`.
 */
export function derivedGrants<T>(
  stack: TerraformStack,
  types: Iterable<string>,
  kind: "resource type" | "data source",
  grantFor: (type: string) => T | null | undefined,
  fix: string,
): T[] {
  const out: T[] = [];
  for (const t of [...types].sort()) {
    if (NO_IAM.test(t)) continue;
    const grant = grantFor(t);
    if (grant === undefined)
      throw invalidConfig(
        stack,
        `the GitOps agent cannot be granted stack '${stack.node.id}': Landform derives no IAM for ${kind} ${t}`,
        fix,
      );
    if (grant !== null) out.push(grant);
  }
  return out;
}

/** The data source type of a `terraform_remote_state` (cdktf's TerraformRemoteState is no TerraformDataSource). */
export const REMOTE_STATE = "terraform_remote_state";

/**
 * The resource and data source types declared in `stack`, for the grants derived from them. A
 * `terraform_remote_state` counts as a data source: its read is granted by `remoteStatesOf`.
 */
export function typesIn(stack: TerraformStack): { resources: Set<string>; data: Set<string> } {
  const resources = new Set<string>();
  const data = new Set<string>();
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformDataSource) data.add(c.terraformResourceType);
    else if (c instanceof TerraformResource) resources.add(c.terraformResourceType);
    else if (c instanceof TerraformRemoteState) data.add(REMOTE_STATE);
  }
  return { resources, data };
}

/** One `terraform_remote_state` of a stack: the state it reads. */
export interface RemoteStateRead {
  /** The data source's construct id, e.g. `cross-stack-reference-input-aws-dev`. */
  readonly id: string;
  /** Its backend type: `s3`, `gcs`, `local`, ... */
  readonly backend: string;
  /** Its backend config, as synthesized (snake_case keys). */
  readonly config: Readonly<Record<string, unknown>>;
}

// The workspace a remote state reads: cdktf's cross-stack references read `terraform.workspace`,
// which is the default workspace for the agent (its Terraform objects name none).
const DEFAULT_WORKSPACES = new Set([undefined, "default", "${terraform.workspace}"]);

/**
 * The states `stack` reads through `terraform_remote_state`, in id order. cdktf adds the
 * cross-stack ones while the app resolves (`prepareStack`), so read this at synth (`atSynth`).
 */
export function remoteStatesOf(stack: TerraformStack): RemoteStateRead[] {
  const reads: RemoteStateRead[] = [];
  for (const c of stack.node.findAll()) {
    if (!(c instanceof TerraformRemoteState)) continue;
    const blocks = (c.toTerraform() as { data: Record<string, Record<string, Record<string, unknown>>> }).data[
      REMOTE_STATE
    ];
    for (const block of Object.values(blocks)) {
      const workspace = block.workspace as string | undefined;
      if (!DEFAULT_WORKSPACES.has(workspace))
        throw invalidConfig(
          c,
          `the GitOps agent cannot be granted stack '${stack.node.id}': its terraform_remote_state '${c.node.id}' reads workspace '${String(workspace)}', and Landform grants reads of the default workspace's state only`,
          "read the default workspace, or grant the runner what it needs through agent.identityResources and leave the stack to CI",
        );
      reads.push({
        id: c.node.id,
        backend: String(block.backend),
        config: (block.config ?? {}) as Record<string, unknown>,
      });
    }
  }
  return reads.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * `config[key]` of a remote state as a literal string (the grant names it), or an error naming
 * the data source and the agent's cloud.
 */
export function literalOf(stack: TerraformStack, read: RemoteStateRead, key: string, required: true): string;
export function literalOf(
  stack: TerraformStack,
  read: RemoteStateRead,
  key: string,
  required: false,
): string | undefined;
export function literalOf(stack: TerraformStack, read: RemoteStateRead, key: string, required: boolean) {
  const value = read.config[key];
  if (value === undefined && !required) return undefined;
  if (typeof value !== "string" || value === "" || Token.isUnresolved(value))
    throw invalidConfig(
      stack,
      `the GitOps agent cannot be granted stack '${stack.node.id}': its terraform_remote_state '${read.id}' has no literal ${key} (${JSON.stringify(value)}), so Landform cannot name the state it reads`,
      `give the remote state a literal ${key}, or grant the runner that read through agent.identityResources and leave the stack to CI`,
    );
  return value;
}

/**
 * Runs `fn` when `holder`'s stack is synthesized (an aspect on `holder`), after the app has resolved
 * every stack: cross-stack references, and the `terraform_remote_state` they add, exist by then
 * (cdktf App.synth prepares every stack, then synthesizes each). `fn` must be idempotent.
 */
export function atSynth(holder: IConstruct, fn: () => void): void {
  Aspects.of(holder).add({
    visit: (node) => {
      if (node === holder) fn();
    },
  });
}
