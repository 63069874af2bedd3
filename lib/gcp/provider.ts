import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import type { StackInfo } from "../core/stack-info";

/** The stack's one Google provider: its project, region, and labels on every resource. */
export function configureProvider(stack: StackInfo): void {
  const provider = new GoogleProvider(stack, "google", { project: stack.project, region: stack.region });
  // Set raw: cdktf snake-cases the keys of a provider's top-level maps ("managed-by" -> "managed_by").
  provider.addOverride("default_labels", { ...stack.tags });
}
