import * as path from "path";
import { moduleFiles } from "../../modules/package";
import { staleModuleFiles, writeModule } from "../../modules/write";
import { OpsInputError } from "../../ops/errors";
import { readOutput } from "../../ops/read";
import { CliCommand } from "../command";
import { CliIo, defaultOutputDir, EXIT } from "../io";

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
      .option("--check", "write nothing; fail when the folder or archive differs from what would be written")
      .addHelpText(
        "after",
        "\nExit codes: 0 ok (or up to date with --check), 1 stale with --check, 2 bad usage or unreadable input.",
      )
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
  const out = path.resolve(io.cwd, options.out);
  if (options.check) {
    const stale = staleModuleFiles(out, files, options);
    if (stale.length === 0) {
      io.stdout.write(`${options.out}: module ${options.provider}/${options.name} ${options.version} up to date.\n`);
      return EXIT.ok;
    }
    io.stderr.write(`${options.out}: stale module files (${stale.join(", ")}); run landform module package ${name}.\n`);
    return EXIT.findings;
  }
  const [folder, archive] = writeModule(out, files, options);
  io.stdout.write(
    `wrote ${path.relative(io.cwd, folder)}/ (${files.length} files) and ${path.relative(io.cwd, archive)}.\n`,
  );
  return EXIT.ok;
}
