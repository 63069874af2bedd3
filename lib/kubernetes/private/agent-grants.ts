import { TerraformBackend, TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { ICluster } from "../../contracts/cluster";
import type { Identity } from "../../contracts/identity";
import type { StackInfo } from "../../core/stack-info";

/** What `GitOpsAgent.grantApply` hands a cloud: the runner identity and the stack it will apply. */
export interface AgentGrantRequest {
  readonly cluster: ICluster;
  readonly identity: Identity;
  /** The cloud resources of the runner identity (`role` on AWS, `serviceAccount` on GCP). */
  readonly identityResources: unknown;
  readonly stack: StackInfo & TerraformStack;
  /** True for the agent's first granted stack: cluster access is granted once. */
  readonly first: boolean;
}

/** One cloud's half of `GitOpsAgent.grantApply`: grants declared in `scope` (the runner's add-ons stack). */
export interface AgentGrants {
  grantApply(scope: Construct, request: AgentGrantRequest): void;
}

/** The backend block of `stack` as synthesized (`{ s3: {...} }` or `{ gcs: {...} }`), or undefined. */
export function backendOf(stack: TerraformStack): Record<string, Record<string, unknown>> | undefined {
  for (const c of stack.node.children) {
    if (!(c instanceof TerraformBackend)) continue;
    const out = c.toTerraform() as { terraform?: { backend?: Record<string, Record<string, unknown>> } };
    if (out.terraform?.backend) return out.terraform.backend;
  }
  return undefined;
}

/** The resource and data source types declared in `stack`, for the grants derived from them. */
export function typesIn(stack: TerraformStack): { resources: Set<string>; data: Set<string> } {
  const resources = new Set<string>();
  const data = new Set<string>();
  for (const c of stack.node.findAll()) {
    if (c instanceof TerraformDataSource) data.add(c.terraformResourceType);
    else if (c instanceof TerraformResource) resources.add(c.terraformResourceType);
  }
  return { resources, data };
}
