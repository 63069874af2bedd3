import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cli } from "./helpers";

// Every path a command reads, given wrong: missing, a folder for a file or a file for a folder,
// empty, malformed. Each is bad input: exit 2, one line naming the path, never a stack trace.

const FIXTURES = path.join(__dirname, "..", "fixtures");
const PLAN = path.join(FIXTURES, "plan", "drift", "aws-prod.json");
const STACK = path.join(FIXTURES, "policy", "clean.tf.json");

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-paths-"));
  fs.mkdirSync(path.join(dir, "folder"));
  fs.writeFileSync(path.join(dir, "empty"), "");
  fs.writeFileSync(path.join(dir, "bad.json"), "{ not json");
  fs.writeFileSync(path.join(dir, "bad.yml"), "on: [\n");
  fs.writeFileSync(path.join(dir, "file.txt"), "text\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const cases: [string, string[], string][] = [
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
];

describe("path flags given wrong are one-line errors, exit 2", () => {
  test.each(cases)("%s", (_, args, named) => {
    const run = cli(args, { cwd: dir });
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
