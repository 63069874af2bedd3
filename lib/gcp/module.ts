import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { TerraformVariable } from "cdktf";
import type { StackInfo } from "../core/stack-info";
import { regexMatch } from "../modules/validation";
import { REGION } from "./checks";

/**
 * A module's Google provider is its caller's: declared here without settings. The region is an
 * input: Landform's GCP builders name the region of every regional resource, and a caller's
 * provider may have none. Validated at plan time like `checkRegion`.
 */
export function configureModule(stack: StackInfo): { region: string; examples: Record<string, unknown> } {
  new GoogleProvider(stack, "google", {});
  const region = new TerraformVariable(stack, "region", {
    type: "string",
    description: "The GCP region of the module's regional resources, e.g. europe-west1.",
    validation: [
      {
        condition: `\${${regexMatch("region", REGION)}}`,
        errorMessage: 'region must be a GCP region name such as "europe-west1".',
      },
    ],
  });
  return { region: region.stringValue, examples: { region: "europe-west1" } };
}
