import { ProjectService } from "@cdktf/provider-google/lib/project-service";
import { dependable, TerraformDataSource, TerraformResource } from "cdktf";
import { IConstruct } from "constructs";
import { stackOf } from "../core/stack-info";

/** The Google APIs Landform's builders call, by short name. */
export type GoogleApi =
  | "compute"
  | "container"
  | "iam"
  | "cloudresourcemanager"
  | "sqladmin"
  | "servicenetworking"
  | "secretmanager"
  | "certificatemanager";

/**
 * Enables `apis` in the stack's project, once per API per stack, and makes every resource and data
 * source under `scope` wait for them. A fresh project then applies in one run. APIs stay enabled on
 * destroy: disabling one would break whatever else in the project uses it. Nothing happens when the
 * stack sets `manageApis: false`. Call it after the builder has declared its resources.
 */
export function requireApis(scope: IConstruct, apis: GoogleApi[]): ProjectService[] {
  const stack = stackOf(scope);
  if (stack.manageApis === false) return [];
  const services = apis.map((api) => {
    const id = `ProjectService-${api}`;
    return (
      (stack.node.tryFindChild(id) as ProjectService | undefined) ??
      new ProjectService(stack, id, {
        service: `${api}.googleapis.com`,
        disableOnDestroy: false,
        disableDependentServices: false,
      })
    );
  });
  // One token per service for every dependant: each token records a stack trace when made.
  const tokens = services.map((s) => dependable(s));
  for (const child of scope.node.findAll()) {
    if (child instanceof TerraformResource || child instanceof TerraformDataSource) {
      const current = child.dependsOn ?? [];
      const added = tokens.filter((d) => !current.includes(d));
      child.dependsOn = [...current, ...added];
    }
  }
  return services;
}
