import { CHECK_FINDING, CHECK_HELP } from "../../ops/generated-files";
import { readOutput } from "../../ops/read";
import { GenerateOptions, parseGenerateArgs } from "../arguments/generate";
import { CliCommand } from "../command";
import { writeOrCheck } from "../generated";
import { exitCodesHelp } from "../io";

/** The registry coordinates; commander checks that each is given. */
interface ModuleOptions extends GenerateOptions {
  readonly name: string;
  readonly provider: string;
  readonly version: string;
}

export const moduleCommand: CliCommand = {
  register(program, run) {
    const mod = program
      .command("module")
      .description("Terraform modules built from a ModuleStack, for teams that write HCL.");
    mod
      .command("package")
      .description(
        "Write a synthesized ModuleStack in the Terraform registry's layout: <out>/terraform-<provider>-<name>/ (main, variables, outputs and versions as .tf.json, a README with the inputs and outputs, examples/basic) and <out>/terraform-<provider>-<name>-<version>.tar.gz.",
      )
      .argument("<stack>", "the ModuleStack's name in the synthesized output")
      .argument("[dir]", "the cdktf output folder (default: the output named in ./cdktf.json)")
      .requiredOption("--name <name>", "the module's registry name, e.g. database")
      .requiredOption("--provider <provider>", "the registry provider it is filed under: aws or google")
      .requiredOption("--version <semver>", "the module version, e.g. 1.0.0")
      .option("--out <folder>", "where to write", "modules/dist")
      .option("--check", CHECK_HELP)
      .addHelpText("after", exitCodesHelp(CHECK_FINDING))
      .action((stack: string, dir: string | undefined, options: ModuleOptions) =>
        run((io) => {
          const args = parseGenerateArgs(io, dir, options);
          // ModuleStack loads cdktf: only when this command runs, so the CLI starts without it.
          const { moduleFiles, moduleStackJson } =
            require("../../modules/package") as typeof import("../../modules/package");
          const { moduleOutput } = require("../../modules/write") as typeof import("../../modules/write");
          const coordinates = { name: options.name, provider: options.provider, version: options.version };
          const files = moduleFiles(stack, moduleStackJson(readOutput(args.dir, io.cwd).stacks, stack), coordinates);
          const folder = moduleOutput(args.outRoot, files, coordinates, args.out);
          return writeOrCheck(io, folder, args.check, `landform module package ${stack} --out ${args.out}`);
        }),
      );
  },
};
