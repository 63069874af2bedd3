import * as fs from "fs";
import * as path from "path";
import { COMMANDS } from "../../lib/cli";
import { tempDir } from "../ops/fixture";
import { cli } from "./helpers";

const cwd = tempDir("router");
const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));

describe("the landform router", () => {
  test("--version prints the package version", () => {
    expect(cli(["--version"], { cwd })).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: "" });
  });

  test("--help lists every command and the exit codes", () => {
    const r = cli(["--help"], { cwd });
    expect(r.code).toBe(0);
    for (const name of ["stacks", "graph", "affected", "policy"])
      expect(r.stdout).toMatch(new RegExp(`^  ${name} `, "m"));
    expect(r.stdout).toContain("Exit codes: 0 ok or nothing found, 1 findings");
  });

  test.each([["stacks"], ["graph"], ["affected"], ["policy", "check"]])(
    "%s --help shows its usage and exit codes",
    (...words) => {
      const r = cli([...words, "--help"], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^Usage: landform ${words.join(" ")} \\[options\\]`));
      expect(r.stdout).toMatch(/\nExit codes: 0 .*, 2 bad usage or unreadable input\.\n$/);
    },
  );

  test("every registered command is reachable: one file plus one registry line", () => {
    expect(COMMANDS).toHaveLength(11);
    expect(cli(["frobnicate"], { cwd })).toEqual({
      code: 2,
      stdout: "",
      stderr: `landform: unknown command 'frobnicate'; see "landform --help".\n`,
    });
  });

  test("a working folder that is gone is one line, not a stack trace", () => {
    const r = cli(["stacks", "."], { cwd: path.join(cwd, "gone-after-start") });
    expect(r.code).toBe(2);
    expect(r.stderr.split("\n")).toHaveLength(2);
  });
});

// Issue 10: input errors the CLI used to report as "unexpected error" or as a rule failure.
describe("landform policy check on hostile input: one line, exit 2", () => {
  const write = (name: string, text: string) => {
    const dir = tempDir("hostile");
    fs.writeFileSync(path.join(dir, name), text);
    return dir;
  };

  test("JSON nested 10,000 levels deep is an input error, not a rule failure", () => {
    const dir = write("deep.tf.json", `{"locals":{"x":${"[".repeat(10000)}${"]".repeat(10000)}}}`);
    expect(cli(["policy", "check", "deep.tf.json"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "landform: deep.tf.json: nests deeper than 256 levels; Terraform JSON is never that deep, so the file is not Terraform JSON.\n",
    });
  });

  test("a UTF-8 byte order mark is named (Terraform rejects it too)", () => {
    const dir = write("bom.tf.json", '\ufeff{"resource":{}}');
    expect(cli(["policy", "check", "bom.tf.json"], { cwd: dir }).stderr).toBe(
      "landform: bom.tf.json: starts with a UTF-8 byte order mark, which Terraform rejects; save the file as UTF-8 without a BOM.\n",
    );
  });

  test("a symbolic link loop is named", () => {
    const dir = tempDir("loop");
    fs.symlinkSync("loop.tf.json", path.join(dir, "loop.tf.json"));
    expect(cli(["policy", "check", "loop.tf.json"], { cwd: dir })).toEqual({
      code: 2,
      stdout: "",
      stderr: "landform: loop.tf.json: is a symbolic link loop; fix or remove the link.\n",
    });
    expect(cli(["policy", "check", "."], { cwd: dir }).stderr).toBe(
      "landform: loop.tf.json: is a symbolic link loop; fix or remove the link.\n",
    );
  });

  test("a pack's bad values are shown cut, and NaN as NaN", () => {
    const dir = tempDir("pack");
    fs.writeFileSync(path.join(dir, "clean.tf.json"), "{}");
    const rule = (severity: string) =>
      `{ id: "r", severity: ${severity}, title: "t", rationale: "r", remediation: "f", check: () => undefined }`;
    fs.writeFileSync(path.join(dir, "nan.js"), `exports.rules = [${rule("NaN")}];`);
    fs.writeFileSync(path.join(dir, "huge.js"), `exports.rules = [${rule('"e".repeat(1 << 20)')}];`);
    expect(cli(["policy", "check", "clean.tf.json", "--pack", "./nan.js"], { cwd: dir }).stderr).toBe(
      "landform: pack module ./nan.js, pack ./nan.js: rule r has severity NaN; use error, warning or info.\n",
    );
    const huge = cli(["policy", "check", "clean.tf.json", "--pack", "./huge.js"], { cwd: dir });
    expect(huge.code).toBe(2);
    expect(huge.stderr).toMatch(/rule r has severity "e+…\(1048500 more characters\)…e+"; use error/);
    expect(huge.stderr.length).toBeLessThan(300);
  });
});
