import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

/**
 * `landform synth` as installed: bin/landform.js runs dist/bin/synth.js, the command bundled into one
 * file by `npm run build` (scripts/bundle-synth.js), and every other command from dist/lib. CI
 * builds first and sets LANDFORM_REQUIRE_DIST; a clone that only ran `npm ci` skips with a note.
 */
const root = path.join(__dirname, "../..");
const bundle = path.join(root, "dist/bin/synth.js");
const modules = path.join(root, "dist/bin/landform.js");
const built = fs.existsSync(bundle);

function tmp(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Runs node with a preload that prints the files Node loaded, as JSON, on stderr's last line. */
function run(args: string[], cwd: string) {
  const dump = path.join(tmp("lf-dump-"), "dump.js");
  fs.writeFileSync(
    dump,
    `process.on("exit", () => process.stderr.write("\\n" + JSON.stringify(Object.keys(require.cache).filter((f) => f !== ${JSON.stringify(dump)}))));`,
  );
  const result = spawnSync(process.execPath, ["--require", dump, ...args], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "" },
  });
  const lines = result.stderr.split("\n");
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: lines.slice(0, -2).join("\n"),
    loaded: JSON.parse(lines[lines.length - 1]) as string[],
  };
}

/** A project whose app (`node app.js`) writes one stack, or throws a LandformError-like error. */
function project(app: string): string {
  const dir = tmp("lf-bundle-");
  fs.writeFileSync(path.join(dir, "cdktf.json"), JSON.stringify({ app: "node app.js", output: "out" }));
  fs.writeFileSync(path.join(dir, "app.js"), app);
  return dir;
}

const WRITES = `
  const fs = require("fs"), out = process.env.CDKTF_OUTDIR;
  fs.mkdirSync(out + "/stacks/s", { recursive: true });
  fs.writeFileSync(out + "/stacks/s/cdk.tf.json", JSON.stringify({ resource: { terraform_data: { x: {} } } }));
  fs.writeFileSync(out + "/manifest.json", JSON.stringify({ stacks: { s: { annotations: [] } } }));
`;
const THROWS = `
  class LandformError extends Error { constructor(m) { super(m); this.name = "LandformError"; this.problem = "p"; } }
  throw new LandformError("Database 'aws-prod/orders': storageGb 5 is below 20; set storageGb to 20 or more.");
`;

function files(dir: string): Record<string, string> {
  return Object.fromEntries(
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => [f, fs.readFileSync(path.join(dir, f), "utf8")]),
  );
}

if (!built && !process.env.LANDFORM_REQUIRE_DIST) {
  test.skip("the synth bundle (dist/ not built: run `npm run build` to check it)", () => {});
} else {
  describe("the bundled landform synth", () => {
    test("dist/bin/synth.js is built (CI sets LANDFORM_REQUIRE_DIST)", () => {
      expect(built).toBe(true);
    });

    test("loads no file but itself: no module of dist/lib, commander inlined", () => {
      const help = run([bundle, "synth", "--help"], root);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain("Usage: landform synth [options]");
      expect(help.loaded).toEqual([bundle]);
    });

    test("writes and reports what the command built from dist/lib does, and fails the same way", () => {
      for (const app of [WRITES, THROWS]) {
        const [a, b] = [project(app), project(app)];
        const fromBundle = run([bundle, "synth"], a);
        const fromModules = run([modules, "synth"], b);
        expect({ ...fromBundle, loaded: undefined }).toEqual({ ...fromModules, loaded: undefined });
        expect(files(a)).toEqual(files(b));
      }
      expect(run([bundle, "synth"], project(THROWS))).toMatchObject({
        code: 1,
        stderr: expect.stringContaining("storageGb 5 is below 20"),
      });
    });

    test("the installed bin runs the bundle for synth and dist/lib for every other command", () => {
      // bin/landform.js as npm installs it: beside dist/, with no TypeScript source to run.
      const pkg = tmp("lf-installed-");
      fs.mkdirSync(path.join(pkg, "bin"));
      fs.copyFileSync(path.join(root, "bin/landform.js"), path.join(pkg, "bin/landform.js"));
      fs.symlinkSync(path.join(root, "dist"), path.join(pkg, "dist"));
      fs.copyFileSync(path.join(root, "package.json"), path.join(pkg, "package.json"));
      const bin = path.join(pkg, "bin/landform.js");
      const synth = run([bin, "synth", "--help"], pkg);
      expect(synth.loaded).toEqual([bin, bundle]);
      const version = run([bin, "--version"], pkg);
      expect(version.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).version);
      expect(version.loaded).toContain(path.join(root, "dist/lib/cli/program.js"));
      expect(version.loaded).not.toContain(bundle);
    });
  });
}
