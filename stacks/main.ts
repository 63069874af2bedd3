import { App } from "cdktf";
import { baselinePack, GitHubGovernanceStack, kubernetesPack, LandformError, Policy } from "../lib";
import { CLOUDS_DEPLOYED, environments } from "./config";
import { PlatformStack } from "./platform";
import { buildBootstrap } from "./bootstrap";
import { pipeline } from "./pipeline";

/** The reference platform: dev, staging and prod on AWS and on GCP, and the repository's governance. */
export function buildPlatform(app: App): App {
  for (const config of environments()) {
    for (const cloud of CLOUDS_DEPLOYED) new PlatformStack(app, cloud, config);
  }
  buildBootstrap(app);
  // Last: its trunk ruleset requires the pull-request jobs generated from every other stack.
  new GitHubGovernanceStack(app, "github-governance", { pipeline });
  // The baseline and kubernetes packs run during synth on every stack, including those Landform adds beside a
  // cluster: an error finding fails `cdktf synth`.
  Policy.enforce(app, { packs: [baselinePack, kubernetesPack] });
  return app;
}

if (require.main === module) {
  try {
    // No stack traces in manifest.json: they hold this machine's paths (also set in cdktf.json).
    buildPlatform(new App({ stackTraces: false })).synth();
  } catch (error) {
    // A LandformError already says what is wrong and how to fix it; a stack trace would bury it.
    if (!(error instanceof LandformError)) throw error;
    console.error(error.message);
    process.exitCode = 1;
  }
}
