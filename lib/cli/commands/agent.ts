import * as path from "path";
import { agentManifestFiles, agentManifestOutput } from "../../kubernetes/agent-manifests";
import {
  CHECK_FINDING,
  CHECK_HELP,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../../ops/generated-files";
import { readOutput } from "../../ops/read";
import { CliCommand } from "../command";
import { CliIo, defaultOutputDir, EXIT, exitCodesHelp } from "../io";

interface ManifestsOptions {
  out: string;
  cluster?: string;
  check?: boolean;
}

export const agentCommand: CliCommand = {
  register(program, run) {
    const agent = program
      .command("agent")
      .description("The pull-based GitOps agent (Flux source-controller and tofu-controller).");
    agent
      .command("manifests")
      .description(
        "Write the GitOps agents' GitRepository and Terraform objects, read from the synthesized stacks, as YAML:\n<out>/<cluster>/*.yaml and a kustomization.yaml, for teams that bootstrap Flux themselves.",
      )
      .argument("[dir]", "the cdktf output folder (default: the output named in ./cdktf.json)")
      .option("--out <folder>", "where to write, one folder per cluster", "gitops")
      .option("--cluster <name>", "only the agent of this cluster")
      .option("--check", CHECK_HELP)
      .addHelpText("after", exitCodesHelp(CHECK_FINDING))
      .action((dir: string | undefined, options: ManifestsOptions) => run((io) => manifests(io, dir, options)));
  },
};

function manifests(io: CliIo, dir: string | undefined, options: ManifestsOptions): number {
  const output = readOutput(dir ?? defaultOutputDir(io), io.cwd);
  const files = agentManifestFiles(output.stacks, options.cluster);
  // Without --cluster, a folder left from an agent that no longer exists is orphaned too.
  const folder = agentManifestOutput(path.resolve(io.cwd, options.out), files, options.cluster, options.out);
  if (options.check) {
    const stale = staleFiles(folder);
    if (stale.length === 0) {
      io.stdout.write(upToDateReport(folder));
      return EXIT.ok;
    }
    io.stderr.write(staleReport(folder, stale, `landform agent manifests --out ${options.out}`));
    return EXIT.findings;
  }
  io.stdout.write(writeReport(folder, writeGenerated(folder)));
  return EXIT.ok;
}
