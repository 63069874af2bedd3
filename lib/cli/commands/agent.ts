import * as fs from "fs";
import * as path from "path";
import { agentManifestFiles, MANIFEST_HEADER, ManifestFile } from "../../kubernetes/agent-manifests";
import { fsProblem } from "../../ops/errors";
import { readOutput } from "../../ops/read";
import { CliCommand } from "../command";
import { CliIo, defaultOutputDir, EXIT } from "../io";

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
      .option("--check", "write nothing; fail when the folder differs from what would be written")
      .addHelpText(
        "after",
        "\nExit codes: 0 ok (or up to date with --check), 1 stale with --check, 2 bad usage or unreadable input.",
      )
      .action((dir: string | undefined, options: ManifestsOptions) => run((io) => manifests(io, dir, options)));
  },
};

function manifests(io: CliIo, dir: string | undefined, options: ManifestsOptions): number {
  const output = readOutput(dir ?? defaultOutputDir(io), io.cwd);
  const files = agentManifestFiles(output.stacks, options.cluster);
  const root = path.resolve(io.cwd, options.out);
  const generated = [...new Set(files.map((f) => f.path.split("/")[0]))];
  // Without --cluster, a folder left from an agent that no longer exists is stale too.
  const folders = options.cluster ? generated : [...new Set([...generated, ...agentFolders(root)])].sort();
  const stale = differences(root, folders, files);
  if (options.check) {
    if (stale.length === 0) {
      io.stdout.write(`${options.out}: ${files.length} agent manifests up to date.\n`);
      return EXIT.ok;
    }
    io.stderr.write(
      `${options.out}: stale agent manifests (${stale.join(", ")}); run landform agent manifests --out ${options.out}.\n`,
    );
    return EXIT.findings;
  }
  try {
    for (const folder of folders) {
      const abs = path.join(root, folder);
      fs.mkdirSync(abs, { recursive: true });
      for (const name of yamlFiles(abs))
        if (!files.some((f) => f.path === `${folder}/${name}`)) fs.unlinkSync(path.join(abs, name));
    }
    for (const file of files) fs.writeFileSync(path.join(root, file.path), file.text);
  } catch (error) {
    throw fsProblem(error, options.out);
  }
  io.stdout.write(
    `${options.out}: wrote ${files.length} agent manifests for ${generated.join(", ") || "no cluster"}.\n`,
  );
  return EXIT.ok;
}

/** The files this command wrote in a folder: YAML that starts with its header. */
function yamlFiles(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs
    .readdirSync(folder)
    .filter((n) => n.endsWith(".yaml") && fs.readFileSync(path.join(folder, n), "utf8").startsWith(MANIFEST_HEADER))
    .sort();
}

function agentFolders(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && yamlFiles(path.join(root, d.name)).length > 0)
    .map((d) => d.name);
}

/** Files that are missing, different, or left over, as paths under the output folder. */
function differences(root: string, folders: string[], files: ManifestFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const abs = path.join(root, file.path);
    if (!fs.existsSync(abs) || fs.readFileSync(abs, "utf8") !== file.text) out.push(file.path);
  }
  for (const folder of folders)
    for (const name of yamlFiles(path.join(root, folder)))
      if (!files.some((f) => f.path === `${folder}/${name}`)) out.push(`${folder}/${name}`);
  return out;
}
