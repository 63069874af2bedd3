import * as path from "path";
import { moduleFiles } from "../../modules/package";
import { moduleOutput } from "../../modules/write";
import { OpsInputError } from "../../ops/errors";
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

interface PackageCliOptions {
  name: string;
  provider: string;
  version: string;
  out: string;
  check?: boolean;
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
      .action((stack: string, dir: string | undefined, options: PackageCliOptions) =>
        run((io) => packageModule(io, stack, dir, options)),
      );
  },
};

function packageModule(io: CliIo, name: string, dir: string | undefined, options: PackageCliOptions): number {
  const output = readOutput(dir ?? defaultOutputDir(io), io.cwd);
  const stack = output.stacks.find((s) => s.name === name);
  if (!stack) {
    throw new OpsInputError(
      `no stack '${name}' in the synthesized output; its stacks are ${output.stacks.map((s) => s.name).join(", ") || "none"}.`,
    );
  }
  const files = moduleFiles(name, stack.json, options);
  const folder = moduleOutput(path.resolve(io.cwd, options.out), files, options, options.out);
  if (options.check) {
    const stale = staleFiles(folder);
    if (stale.length === 0) {
      io.stdout.write(upToDateReport(folder));
      return EXIT.ok;
    }
    io.stderr.write(staleReport(folder, stale, `landform module package ${name} --out ${options.out}`));
    return EXIT.findings;
  }
  io.stdout.write(writeReport(folder, writeGenerated(folder)));
  return EXIT.ok;
}
