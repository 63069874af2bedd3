import { spawnSync } from "child_process";
import path from "path";

// The lint rule is the guard against provider root imports; prove it fires. ESLint runs as a
// child process: its config loader needs native ESM, which jest's module system is not.
describe("lint: provider imports", () => {
  const root = path.resolve(__dirname, "..");
  // Package names are assembled so that this probe is not itself a root import to grep for.
  const pkg = (name: string) => ["@cdktf", `provider-${name}`].join("/");
  const source = [
    `import { Vpc } from "${pkg("aws")}";`,
    `import * as google from "${pkg("google")}";`,
    `const k = require("${pkg("kubernetes")}");`,
    `const d = import("${pkg("aws")}");`,
    `import { Subnet } from "${pkg("aws")}/lib/subnet";`,
    `export { Vpc, google, k, d, Subnet };`,
  ].join("\n");

  test("rejects each provider root import and accepts per-resource ones", () => {
    const run = spawnSync(
      process.execPath,
      [
        path.join(root, "node_modules/eslint/bin/eslint.js"),
        "--format",
        "json",
        "--stdin",
        "--stdin-filename",
        "lib/probe.ts",
      ],
      {
        cwd: root,
        input: source,
        encoding: "utf8",
      },
    );
    const messages = (JSON.parse(run.stdout) as { messages: { line: number; message: string }[] }[])[0].messages;
    expect(messages.map((m) => m.line)).toEqual([1, 2, 3, 4]);
    for (const m of messages) expect(m.message).toContain("Import provider classes per resource");
  });
});
