import * as fs from "fs";
import * as path from "path";
import { readTarGz } from "../../lib/modules";
import { cli } from "../cli/helpers";
import { referenceModules, tempDir } from "./helpers";

const { outdir } = referenceModules();
const args = (out: string, ...more: string[]) => [
  "module",
  "package",
  "database-aws",
  outdir,
  "--name",
  "database",
  "--provider",
  "aws",
  "--version",
  "1.2.3",
  "--out",
  out,
  ...more,
];

describe("landform module package", () => {
  test("writes the folder and the archive; --check passes, then finds a changed file", () => {
    const out = tempDir();
    const run = cli(args(out), { cwd: out });
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`wrote   ${out}/terraform-aws-database-1.2.3.tar.gz\n`);
    expect(run.stdout).toContain(`${out}: 7 generated files, 0 already up to date.\n`);
    const archive = fs.readFileSync(path.join(out, "terraform-aws-database-1.2.3.tar.gz"));
    expect(readTarGz(archive).map((e) => e.path)).toContain("terraform-aws-database/README.md");

    expect(cli(args(out, "--check"), { cwd: out })).toMatchObject({ code: 0 });
    fs.appendFileSync(path.join(out, "terraform-aws-database/README.md"), "edited\n");
    fs.writeFileSync(path.join(out, "terraform-aws-database/extra.tf"), "");
    const stale = cli(args(out, "--check"), { cwd: out });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toBe(
      [
        `${out}/terraform-aws-database/README.md: differs`,
        `${out}/terraform-aws-database/extra.tf: orphaned (no longer generated)`,
        `${out}: 2 stale files; run \`landform module package database-aws --out ${out}\` and commit the result.`,
        "",
      ].join("\n"),
    );
    // Writing again replaces the folder: the left-over file goes.
    expect(cli(args(out), { cwd: out }).code).toBe(0);
    expect(fs.existsSync(path.join(out, "terraform-aws-database/extra.tf"))).toBe(false);
  });

  test.each([
    [["--version", "1.2"], '--version "1.2" is not a semantic version'],
    [["--name", "bad name"], '--name "bad name" is not a module name the Terraform registry accepts'],
    [["--provider", "google"], "--provider \"google\" is not a provider of stack 'database-aws', which uses aws"],
  ])("bad input %j: one line, exit 2", (change, message) => {
    const out = tempDir();
    const a = args(out);
    a[a.indexOf(change[0]) + 1] = change[1];
    const run = cli(a, { cwd: out });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(fs.readdirSync(out)).toEqual([]);
  });

  test("an --out that is a file is one line and exit 2", () => {
    const out = tempDir();
    fs.writeFileSync(path.join(out, "file"), "");
    const a = args(path.join(out, "file"));
    expect(cli(a, { cwd: out })).toEqual({
      code: 2,
      stdout: "",
      stderr: `landform: ${out}/file: is a file, where a folder to write into was expected; give a folder.\n`,
    });
  });

  test("an unknown stack names the stacks there are", () => {
    const out = tempDir();
    const a = args(out);
    a[2] = "nope";
    const run = cli(a, { cwd: out });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("no stack 'nope' in the synthesized output; its stacks are ");
    expect(run.stderr).toContain("database-aws");
  });
});
