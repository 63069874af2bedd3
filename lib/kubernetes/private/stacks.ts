import { Construct } from "constructs";
import { CloudStack } from "../../core/cloud-stack";
import { invalidConfig } from "../../core/errors";
import { dependOn } from "./kubernetes";

const SIBLINGS = new WeakMap<CloudStack, Map<string, CloudStack>>();

/**
 * A stack beside `home` (same cloud, region, account or project, environment, tags and state
 * backend) that runs after it: `<home>-<suffix>`, created once.
 */
export function siblingStack(owner: Construct, home: CloudStack, suffix: string): CloudStack {
  const made = SIBLINGS.get(home) ?? new Map<string, CloudStack>();
  SIBLINGS.set(home, made);
  const existing = made.get(suffix);
  if (existing) return existing;
  const id = `${home.node.id}-${suffix}`;
  const parent = home.node.scope;
  if (!parent || parent.node.tryFindChild(id)) {
    throw invalidConfig(
      owner,
      `Landform needs a stack '${id}' for this cluster's Kubernetes objects, and that id is taken`,
      "rename the other stack",
    );
  }
  const stack = new CloudStack(parent, id, home.props);
  dependOn(stack, home);
  made.set(suffix, stack);
  return stack;
}
