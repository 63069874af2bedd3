import { approvePlan, systemKubectl } from "../../kubernetes/agent-approve";
import { agentManifestFiles, agentManifestOutput } from "../../kubernetes/agent-manifests";
import { CHECK_FINDING, CHECK_HELP } from "../../ops/generated-files";
import { readOutput } from "../../ops/read";
import { ApproveOptions, parseApproveArgs } from "../arguments/agent";
import { GenerateOptions, parseGenerateArgs } from "../arguments/generate";
import { CliCommand } from "../command";
import { writeOrCheck } from "../generated";
import { EXIT, exitCodesHelp } from "../io";
import { approveText } from "../views/agent";

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
      .action((dir: string | undefined, options: GenerateOptions & { cluster?: string }) =>
        run((io) => {
          const args = parseGenerateArgs(io, dir, options);
          const files = agentManifestFiles(readOutput(args.dir, io.cwd).stacks, options.cluster);
          // Without --cluster, a folder left from an agent that no longer exists is orphaned too.
          const folder = agentManifestOutput(args.outRoot, files, options.cluster, args.out);
          return writeOrCheck(io, folder, args.check, `landform agent manifests --out ${args.out}`);
        }),
      );
    agent
      .command("approve")
      .description(
        "Approve the plan a stack's Terraform object waits on: read status.plan.pending with kubectl and patch\nspec.approvePlan to it in the cluster (never a commit).",
      )
      .argument("<stack>", "the stack, which names its Terraform object")
      .option("--namespace <name>", "the agent's namespace", "flux-system")
      .option("--context <name>", "the kubeconfig context (default: kubectl's current one)")
      .option("--plan <id>", "approve only if this is the pending plan (the one you reviewed)")
      .addHelpText(
        "after",
        exitCodesHelp({ ok: "approved", findings: "no plan waits for approval (or another one does)" }),
      )
      .action((stack: string, options: ApproveOptions) =>
        run((io) => {
          const result = approvePlan(parseApproveArgs(stack, options), systemKubectl(io.env));
          const text = approveText(result);
          io.stdout.write(text.stdout);
          io.stderr.write(text.stderr);
          return result.kind === "nothing" ? EXIT.findings : EXIT.ok;
        }),
      );
  },
};
