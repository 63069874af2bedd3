import { App } from "cdktf";
import { CLOUDS_DEPLOYED, environments } from "./config";
import { PlatformStack } from "./platform";

/** The reference platform: dev, staging and prod on AWS and on GCP. */
export function buildPlatform(app: App): App {
  for (const config of environments()) {
    for (const cloud of CLOUDS_DEPLOYED) new PlatformStack(app, cloud, config);
  }
  return app;
}

if (require.main === module) buildPlatform(new App()).synth();
