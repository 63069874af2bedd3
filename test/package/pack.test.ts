import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * What `npm publish` would ship. The dry run needs no network; --ignore-scripts keeps prepack
 * from rebuilding dist/, so the list is of the dist/ that `npm run build` made (CI builds first
 * and sets LANDFORM_REQUIRE_DIST; a fresh clone that only ran `npm ci` skips with a note).
 */
const root = path.join(__dirname, "../..");
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
const built = fs.existsSync(path.join(root, "dist/lib/index.js"));

function packedFiles(): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
  });
  return (JSON.parse(out) as { files: { path: string }[] }[])[0].files.map((f) => f.path).sort();
}

const ALLOWED = [
  /^(LICENSE|README\.md|CHANGELOG\.md|package\.json)$/,
  /^dist\/bin\/(landform|synth)\.js$/,
  /^bin\/landform\.js$/,
  /^dist\/lib\/.+\.(js|d\.ts)$/,
];

if (!built && !process.env.LANDFORM_REQUIRE_DIST) {
  test.skip("packed contents (dist/ not built: run `npm run build` to check the tarball)", () => {});
} else {
  describe("npm pack", () => {
    const files = built ? packedFiles() : [];

    test("dist/ is built (CI sets LANDFORM_REQUIRE_DIST)", () => {
      expect(built).toBe(true);
    });

    test("ships only the built library, its declarations, the bin and the legal/docs files", () => {
      expect(files.filter((f) => !ALLOWED.some((re) => re.test(f)))).toEqual([]);
      expect(
        files.filter((f) => /(^|\/)(test|tests|fixtures|bench|stacks|examples|scripts|__snapshots__)\//.test(f)),
      ).toEqual([]);
      expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "CHANGELOG.md", "package.json"]));
    });

    test("every entry point, its types and the bin are in the tarball", () => {
      const targets = Object.values(pkg.exports as Record<string, string | Record<string, string>>).flatMap((t) =>
        typeof t === "string" ? [t] : Object.values(t),
      );
      const wanted = [...targets, pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>)];
      const missing = wanted.map((t: string) => t.replace(/^\.\//, "")).filter((t) => !files.includes(t));
      expect(missing).toEqual([]);
    });

    test("every JavaScript module has its declarations", () => {
      const js = files.filter((f) => f.startsWith("dist/lib/") && f.endsWith(".js"));
      expect(js.filter((f) => !files.includes(f.replace(/\.js$/, ".d.ts")))).toEqual([]);
    });
  });
}

describe("package.json as a consumer installs it", () => {
  test("no install-time scripts: the build runs before packing, not on the consumer's machine", () => {
    for (const hook of ["prepare", "preinstall", "install", "postinstall"]) expect(pkg.scripts[hook]).toBeUndefined();
    expect(pkg.scripts.prepack).toBe("npm run build");
  });

  test("the license is Apache-2.0 and the LICENSE file is its text", () => {
    expect(pkg.license).toBe("Apache-2.0");
    const text = fs.readFileSync(path.join(root, "LICENSE"), "utf8");
    expect(text).toContain("Apache License");
    expect(text).toContain("Version 2.0, January 2004");
  });

  test("cdktf and constructs are peers, never dependencies: the consumer has one copy of each", () => {
    expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["cdktf", "constructs"]);
    for (const peer of ["cdktf", "constructs"]) expect(pkg.dependencies[peer]).toBeUndefined();
  });

  test("each dependency is pinned exactly and needs no peer beyond Landform's own", () => {
    for (const [name, version] of Object.entries(pkg.dependencies as Record<string, string>)) {
      expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
      const dep = JSON.parse(fs.readFileSync(path.join(root, "node_modules", name, "package.json"), "utf8"));
      const extra = Object.keys(dep.peerDependencies ?? {}).filter((p) => !(p in pkg.peerDependencies));
      expect(`${name}: ${extra.join(", ")}`).toBe(`${name}: `);
    }
  });

  test("engines matches the Node version the types are built for", () => {
    expect(pkg.engines.node).toBe(">=20");
    expect(pkg.devDependencies["@types/node"]).toMatch(/^20\./);
  });
});
