import { TerraformBackend, TerraformDataSource, TerraformResource, TerraformStack } from "cdktf";

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
