import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import {
  GeneratedFolder,
  Ownership,
  staleFiles,
  staleReport,
  upToDateReport,
  writeGenerated,
  writeReport,
} from "../../lib/ops/generated-files";
import { OpsInputError } from "../../lib/ops/errors";

function root(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-generated-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function folder(dir: string, files: Record<string, string | Uint8Array>, owns: Ownership = { folders: [""] }) {
  const generated: GeneratedFolder = {
    root: dir,
    shown: "out",
    files: Object.entries(files).map(([p, bytes]) => ({ path: p, bytes })),
    owns,
  };
  return generated;
}

describe("the generated-files writer", () => {
  test("missing: generated, not on disk; writing creates it and its folders", () => {
    const dir = root();
    const f = folder(dir, { "a/b.txt": "b" });
    expect(staleFiles(f)).toEqual([{ path: "a/b.txt", problem: "missing" }]);
    expect(writeGenerated(f)).toEqual([{ path: "a/b.txt", problem: "missing" }]);
    expect(fs.readFileSync(path.join(dir, "a/b.txt"), "utf8")).toBe("b");
    expect(staleFiles(f)).toEqual([]);
  });

  test("differs: other bytes on disk, compared as bytes; writing replaces them", () => {
    const dir = root({ "t.txt": "old", "bin.dat": "\u0001" });
    const f = folder(dir, { "t.txt": "new", "bin.dat": new Uint8Array([1]) });
    expect(staleFiles(f)).toEqual([{ path: "t.txt", problem: "differs" }]);
    writeGenerated(f);
    expect(fs.readFileSync(path.join(dir, "t.txt"), "utf8")).toBe("new");
  });

  test("differs: a folder where a generated file goes, and writing it is one line naming the path", () => {
    const dir = root({ "x/inside.txt": "" });
    const f = folder(dir, { x: "file" }, { folders: [] });
    expect(staleFiles(f)).toEqual([{ path: "x", problem: "differs" }]);
    expect(() => writeGenerated(f)).toThrow(
      new OpsInputError("out/x: is a folder, where a generated file goes; remove the folder."),
    );
  });

  test("orphaned: claimed by the pattern and the marker, not generated; writing removes it and empty folders", () => {
    const dir = root({
      "keep.txt": "# ours\nkeep",
      "gone/old.txt": "# ours\nold",
      "gone/notes.md": "# ours\nnot matched by the pattern",
      "mine.txt": "no marker: not ours",
      "deep/er/old.txt": "# ours\n",
      ".terraform/cached.txt": "# ours\nnever searched",
    });
    const f = folder(dir, { "keep.txt": "# ours\nkeep" }, { folders: [""], pattern: /\.txt$/, marker: "# ours\n" });
    expect(staleFiles(f)).toEqual([
      { path: "deep/er/old.txt", problem: "orphaned" },
      { path: "gone/old.txt", problem: "orphaned" },
    ]);
    writeGenerated(f);
    expect(fs.existsSync(path.join(dir, "deep"))).toBe(false);
    expect(fs.readdirSync(path.join(dir, "gone"))).toEqual(["notes.md"]);
    expect(fs.existsSync(path.join(dir, "mine.txt"))).toBe(true);
    expect(fs.existsSync(path.join(dir, ".terraform/cached.txt"))).toBe(true);
    expect(staleFiles(f)).toEqual([]);
  });

  test("orphans are looked for only in the owned folders", () => {
    const dir = root({ "a/x.txt": "", "b/y.txt": "" });
    expect(staleFiles(folder(dir, {}, { folders: ["a"] }))).toEqual([{ path: "a/x.txt", problem: "orphaned" }]);
    expect(staleFiles(folder(dir, {}, { folders: [] }))).toEqual([]);
  });

  test("a root that is a file, or below a file, is one line naming it", () => {
    const dir = root({ file: "" });
    expect(() => staleFiles({ ...folder(path.join(dir, "file"), {}), shown: "file" })).toThrow(
      new OpsInputError("file: is a file, where a folder to write into was expected; give a folder."),
    );
    expect(() => writeGenerated({ ...folder(path.join(dir, "file/below"), { a: "" }), shown: "file/below" })).toThrow(
      new OpsInputError(
        "file/below: a part of the path is a file, where a folder was expected; move the file or write elsewhere.",
      ),
    );
  });

  test("one message format: --check lines, the up-to-date line and the write report", () => {
    const dir = root({ "b.txt": "old", "c.txt": "" });
    const f = { ...folder(dir, { "a.txt": "a", "b.txt": "b" }), label: "the output" };
    const stale = staleFiles(f);
    expect(staleReport(f, stale, "make it")).toBe(
      [
        "out/a.txt: missing",
        "out/b.txt: differs",
        "out/c.txt: orphaned (no longer generated)",
        "the output: 3 stale files; run `make it` and commit the result.",
        "",
      ].join("\n"),
    );
    expect(writeReport(f, writeGenerated(f))).toBe(
      [
        "wrote   out/a.txt",
        "updated out/b.txt",
        "removed out/c.txt",
        "the output: 2 generated files, 0 already up to date.",
        "",
      ].join("\n"),
    );
    expect(upToDateReport(f)).toBe("the output: up to date (2 generated files).\n");
  });
});
