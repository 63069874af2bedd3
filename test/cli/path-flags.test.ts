import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli } from "./helpers";

// Every path a command reads, given wrong: missing, a folder for a file or a file for a folder,
// empty, malformed. Each is bad input: exit 2, one line naming the path, never a stack trace.

const FIXTURES = path.join(__dirname, "..", "fixtures");
const PLAN = path.join(FIXTURES, "plan", "drift", "aws-prod.json");
const STACK = path.join(FIXTURES, "policy", "clean.tf.json");
const REPO = path.join(__dirname, "..", "..");
const TERRAFORM = path.join(REPO, "terraform");
const MODULE_FLAGS = ["--name", "network", "--provider", "aws", "--version", "1.0.0", "--out", "mods"];

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-paths-"));
  fs.mkdirSync(path.join(dir, "folder"));
  fs.writeFileSync(path.join(dir, "empty"), "");
  fs.writeFileSync(path.join(dir, "bad.json"), "{ not json");
  fs.writeFileSync(path.join(dir, "bad.yml"), "on: [\n");
  fs.writeFileSync(path.join(dir, "file.txt"), "text\n");
  fs.writeFileSync(path.join(dir, "empty.ts"), "");
  fs.writeFileSync(path.join(dir, "bad.ts"), "export const = ;\n");
  fs.mkdirSync(path.join(dir, "badcdktf"));
  fs.writeFileSync(path.join(dir, "badcdktf", "cdktf.json"), "{ not json");
  for (const [name, text] of [
    ["badout", "{ not json"],
    ["emptyout", ""],
  ]) {
    fs.mkdirSync(path.join(dir, name));
    fs.writeFileSync(path.join(dir, name, "manifest.json"), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: [string, string[], string, string?][] = [
  // policy check <path> --config <file>
  ["policy: missing stack path", ["policy", "check", "nope"], "nope"],
  ["policy: empty stack file", ["policy", "check", "empty"], "empty"],
  ["policy: malformed stack file", ["policy", "check", "bad.json"], "bad.json"],
  ["policy: empty folder", ["policy", "check", "folder"], "folder"],
  ["policy: --config missing", ["policy", "check", STACK, "--config", "nope.json"], "nope.json"],
  ["policy: --config a folder", ["policy", "check", STACK, "--config", "folder"], "folder"],
  ["policy: --config empty", ["policy", "check", STACK, "--config", "empty"], "empty"],
  ["policy: --config malformed", ["policy", "check", STACK, "--config", "bad.json"], "bad.json"],
  ["policy: --output a folder", ["policy", "check", STACK, "--output", "folder"], "folder"],
  // drift <plan> --stacks <dir> --ignore <file> --output <file>
  ["drift: missing plan", ["drift", "nope.json"], "nope.json"],
  ["drift: empty plan", ["drift", "empty"], "empty"],
  ["drift: malformed plan", ["drift", "bad.json"], "bad.json"],
  ["drift: folder without plans", ["drift", "folder"], "folder"],
  ["drift: --stacks missing", ["drift", PLAN, "--stacks", "nope"], "nope"],
  ["drift: --stacks a file", ["drift", PLAN, "--stacks", "file.txt"], "file.txt"],
  ["drift: --stacks empty folder", ["drift", PLAN, "--stacks", "folder"], "folder"],
  ["drift: --ignore missing", ["drift", PLAN, "--ignore", "nope.yaml"], "nope.yaml"],
  ["drift: --ignore a folder", ["drift", PLAN, "--ignore", "folder"], "folder"],
  ["drift: --ignore empty", ["drift", PLAN, "--ignore", "empty"], "empty"],
  ["drift: --ignore malformed", ["drift", PLAN, "--ignore", "bad.yml"], "bad.yml"],
  ["drift: --output a folder", ["drift", PLAN, "--output", "folder"], "folder"],
  // plan review <plan> --stacks <dir> --output <file>
  ["review: missing plan", ["plan", "review", "nope.json"], "nope.json"],
  ["review: malformed plan", ["plan", "review", "bad.json"], "bad.json"],
  ["review: --stacks a file", ["plan", "review", PLAN, "--stacks", "file.txt"], "file.txt"],
  ["review: --output a folder", ["plan", "review", PLAN, "--output", "folder"], "folder"],
  // pipeline lint [paths...]
  ["lint: missing path", ["pipeline", "lint", "nope.yml"], "nope.yml"],
  ["lint: empty file", ["pipeline", "lint", "empty"], "empty"],
  ["lint: malformed file", ["pipeline", "lint", "bad.yml"], "bad.yml"],
  ["lint: folder without workflows", ["pipeline", "lint", "folder"], "folder"],
  // stacks / graph / affected [dir]: a synthesized output folder
  ["stacks: missing folder", ["stacks", "nope"], "nope"],
  ["stacks: a file", ["stacks", "file.txt"], "file.txt"],
  ["stacks: empty folder", ["stacks", "folder"], "folder"],
  ["stacks: malformed manifest", ["stacks", "badout"], "manifest.json"],
  ["stacks: empty manifest", ["stacks", "emptyout"], "manifest.json"],
  ["graph: missing folder", ["graph", "nope"], "nope"],
  ["graph: a file", ["graph", "file.txt"], "file.txt"],
  // affected reads git: run in this repository
  ["affected: missing folder", ["affected", "nope", "--base", "HEAD"], "nope", REPO],
  ["affected: a file", ["affected", "package.json", "--base", "HEAD"], "package.json", REPO],
  // pipeline generate [dir] --config <module>
  ["generate: --config missing", ["pipeline", "generate", TERRAFORM, "--config", "nope.ts"], "nope.ts"],
  ["generate: --config a folder", ["pipeline", "generate", TERRAFORM, "--config", "folder"], "folder"],
  ["generate: --config empty", ["pipeline", "generate", TERRAFORM, "--config", "empty.ts"], "empty.ts"],
  ["generate: --config malformed", ["pipeline", "generate", TERRAFORM, "--config", "bad.ts"], "bad.ts"],
  // agent manifests [dir] --out <folder>
  ["agent: missing folder", ["agent", "manifests", "nope"], "nope"],
  ["agent: a file", ["agent", "manifests", "file.txt"], "file.txt"],
  ["agent: malformed manifest", ["agent", "manifests", "badout"], "manifest.json"],
  ["agent: --out a file", ["agent", "manifests", TERRAFORM, "--out", "file.txt"], "file.txt"],
  // doctor --terraform <dir> --workflows <dir> --gitops <dir>
  ["doctor: no cdktf.json and no --terraform", ["doctor"], "cdktf.json"],
  ["doctor: malformed cdktf.json", ["doctor"], "cdktf.json", "badcdktf"],
  ["doctor: --terraform missing", ["doctor", "--terraform", "nope"], "nope"],
  ["doctor: --terraform a file", ["doctor", "--terraform", "file.txt"], "file.txt"],
  ["doctor: --terraform malformed manifest", ["doctor", "--terraform", "badout"], "manifest.json"],
  ["doctor: --workflows missing", ["doctor", "--terraform", TERRAFORM, "--workflows", "nope"], "nope"],
  ["doctor: --workflows a file", ["doctor", "--terraform", TERRAFORM, "--workflows", "file.txt"], "file.txt"],
  ["doctor: --workflows malformed", ["doctor", "--terraform", TERRAFORM, "--workflows", "."], "bad.yml"],
  ["doctor: --gitops missing", ["doctor", "--terraform", TERRAFORM, "--gitops", "nope"], "nope"],
  ["doctor: --gitops malformed", ["doctor", "--terraform", TERRAFORM, "--gitops", "."], "bad.yml"],
  // module package <stack> [dir] --out <folder>
  ["module: missing folder", ["module", "package", "x", "nope", ...MODULE_FLAGS], "nope"],
  ["module: a file", ["module", "package", "x", "file.txt", ...MODULE_FLAGS], "file.txt"],
  ["module: empty folder", ["module", "package", "x", "folder", ...MODULE_FLAGS], "folder"],
  // synth: cdktf.json and --output
  ["synth: malformed cdktf.json", ["synth"], "cdktf.json", "badcdktf"],
  ["synth: --output a file", ["synth", "--app", "node app.js", "--output", "file.txt"], "file.txt"],
];

describe("path flags given wrong are one-line errors, exit 2", () => {
  // Every row has its cwd ("" for the temporary folder): jest passes a callback for a missing one.
  const rows = cases.map(([name, args, named, cwd]) => [name, args, named, cwd ?? ""] as const);
  test.each(rows)("%s", (_, args, named, cwd) => {
    const run = cli([...args], { cwd: path.resolve(dir, cwd) });
    expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
    expect(run.stderr).toMatch(/^landform: [^\n]+\n$/);
    expect(run.stderr).toContain(named);
    expect(run.stderr).not.toMatch(/unexpected error|please report|\n\s+at /);
  });
});

test("a suppression without a reason names its stack", () => {
  const config = { suppressions: [{ ruleId: "no-public-ip", address: "aws_instance.web", stack: "aws-prod" }] };
  fs.writeFileSync(path.join(dir, "policy.json"), JSON.stringify(config));
  const run = cli(["policy", "check", STACK, "--config", "policy.json"], { cwd: dir });
  expect(run).toEqual({
    code: 2,
    stdout: "",
    stderr:
      'landform: policy.json, suppression 1: suppression of no-public-ip in stack aws-prod has no reason; write why the finding is accepted in "reason".\n',
  });
});
