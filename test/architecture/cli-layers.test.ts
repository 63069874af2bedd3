import { Command } from "commander";
import { COMMANDS } from "../../lib/cli";
import { cli } from "../cli/helpers";
import { commandLayerProblems, helpEndsWithExitCodes, MAX_COMMAND_LINES } from "./cli-layers";
import { libFiles, readLib } from "./lib-imports";

/** The words that reach each leaf command, e.g. ["policy", "check"]. */
function leafCommands(): string[][] {
  const program = new Command("landform");
  for (const command of COMMANDS) command.register(program, () => undefined);
  const walk = (c: Command, words: string[]): string[][] =>
    c.commands.length === 0 ? [words] : c.commands.flatMap((s) => walk(s, [...words, s.name()]));
  return walk(program, []);
}

describe("the CLI's layers", () => {
  const lib = readLib();

  test("reads the command files", () => {
    const commands = libFiles().filter((f) => f.startsWith("lib/cli/commands/"));
    expect(commands).toEqual(expect.arrayContaining(["lib/cli/commands/policy.ts", "lib/cli/commands/synth.ts"]));
  });

  test(`a command file only wires: at most ${MAX_COMMAND_LINES} lines, imports from lib/cli and domain entry functions`, () => {
    expect(commandLayerProblems(lib)).toEqual([]);
  });

  const leaves = leafCommands();
  test("finds every command", () => {
    expect(leaves.map((w) => w.join(" "))).toEqual(
      expect.arrayContaining(["synth", "policy check", "plan review", "pipeline lint", "module package"]),
    );
  });

  test.each(leaves.map((words) => [words.join(" "), words]))(
    "`landform %s --help` ends with its exit codes",
    (_, words) => {
      const r = cli([...words, "--help"], { cwd: process.cwd() });
      expect(r.code).toBe(0);
      expect(helpEndsWithExitCodes(r.stdout)).toBe(true);
    },
  );
});

// The checks on files written to break them: a check that cannot fail proves nothing.
describe("the checks fire", () => {
  test("a long command, fs and path, a formatter, a construct and core are named by file and line", () => {
    const wiring = Array.from({ length: MAX_COMMAND_LINES }, (_, i) => `// ${i}`).join("\n");
    const planted = {
      "lib/cli/commands/fat.ts": [
        'import * as fs from "fs";',
        'import { Command } from "commander";',
        'import { formatDriftText } from "../../ops/plan/formats/text";',
        'import { Network } from "../../network";',
        'const path = require("path");',
        'import { checkPath } from "../../policy/run";',
        'import { writeReport } from "../report";',
        'export { show } from "../../core/errors";',
        wiring,
      ].join("\n"),
      "lib/cli/views/fat.ts": 'import * as fs from "fs";\n', // views may read and write
      "lib/cli/commands/thin.ts": 'import { fails } from "../../policy/engine";\n',
    };
    expect(commandLayerProblems(planted)).toEqual([
      "lib/cli/commands/fat.ts has 88 lines (at most 80); move flag parsing to lib/cli/arguments/, rendering to lib/cli/views/ and logic to its domain folder",
      'lib/cli/commands/fat.ts:1 imports "fs"; a command reads and writes files only through lib/cli and domain functions',
      "lib/cli/commands/fat.ts:3 imports lib/ops/plan/formats/text; a command imports lib/cli/** and the entry functions of ops, policy, pipeline, modules and kubernetes (formatters go through lib/cli/views/)",
      "lib/cli/commands/fat.ts:4 imports lib/network; a command imports lib/cli/** and the entry functions of ops, policy, pipeline, modules and kubernetes (formatters go through lib/cli/views/)",
      'lib/cli/commands/fat.ts:5 imports "path"; a command reads and writes files only through lib/cli and domain functions',
      "lib/cli/commands/fat.ts:8 imports lib/core/errors; a command imports lib/cli/** and the entry functions of ops, policy, pipeline, modules and kubernetes (formatters go through lib/cli/views/)",
    ]);
  });

  test("a help that ends with anything but the exit codes line", () => {
    expect(helpEndsWithExitCodes("Usage: x\n\nExit codes: 0 ok, 2 bad usage or unreadable input.\n")).toBe(true);
    expect(helpEndsWithExitCodes("Usage: x\n\nExit codes: 0 ok, 2 bad usage.\nSee docs/drift.md.\n")).toBe(false);
    expect(helpEndsWithExitCodes("Usage: x\n")).toBe(false);
  });
});
