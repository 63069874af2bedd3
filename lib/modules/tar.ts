import * as zlib from "zlib";

/** One file of an archive; folders are implied by the paths. */
export interface ArchiveFile {
  readonly path: string;
  readonly text: string;
}

export interface ArchiveEntry {
  readonly path: string;
  readonly type: "file" | "directory";
  readonly mode: number;
  readonly text: string;
}

const BLOCK = 512;

/**
 * A gzipped POSIX ustar archive of `files`, the same bytes on every machine and clock: entries
 * sorted, folders listed before their contents, mtime 0, owner 0:0, and the gzip header's
 * OS byte set to "unknown" (zlib writes the build platform's there).
 */
export function tarGz(files: readonly ArchiveFile[]): Buffer {
  const folders = new Set<string>();
  for (const file of files) {
    const parts = file.path.split("/");
    for (let i = 1; i < parts.length; i++) folders.add(`${parts.slice(0, i).join("/")}/`);
  }
  const entries = [
    ...[...folders].map((path) => ({ path, data: Buffer.alloc(0), dir: true })),
    ...files.map((f) => ({ path: f.path, data: Buffer.from(f.text, "utf8"), dir: false })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const blocks: Buffer[] = [];
  for (const e of entries) {
    blocks.push(header(e.path, e.data.length, e.dir));
    blocks.push(e.data, Buffer.alloc((BLOCK - (e.data.length % BLOCK)) % BLOCK));
  }
  blocks.push(Buffer.alloc(BLOCK * 2));
  const gz = zlib.gzipSync(Buffer.concat(blocks), { level: 9 });
  gz[9] = 0xff;
  return gz;
}

function header(path: string, size: number, dir: boolean): Buffer {
  const h = Buffer.alloc(BLOCK);
  if (Buffer.byteLength(path) > 100) throw new Error(`tar: path '${path}' is longer than 100 bytes`);
  h.write(path, 0, 100, "utf8");
  octal(h, 100, 8, dir ? 0o755 : 0o644);
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, size);
  octal(h, 136, 12, 0);
  h.fill(" ", 148, 156);
  h.write(dir ? "5" : "0", 156, 1, "latin1");
  h.write("ustar\u000000", 257, 8, "latin1");
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, "0")}\u0000 `, 148, 8, "latin1");
  return h;
}

function octal(h: Buffer, offset: number, length: number, value: number): void {
  h.write(`${value.toString(8).padStart(length - 1, "0")}\u0000`, offset, length, "latin1");
}

/** The entries of a gzipped ustar archive, checksums verified: how tests and `--check` re-read a package. */
export function readTarGz(archive: Buffer): ArchiveEntry[] {
  const tar = zlib.gunzipSync(archive);
  const entries: ArchiveEntry[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const field = (o: number, l: number) => h.toString("latin1", o, o + l).replace(/\0.*$/s, "");
    const stored = parseInt(field(148, 8).trim(), 8);
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i];
    if (sum !== stored) throw new Error(`tar: bad header checksum at byte ${at}`);
    if (field(257, 6) !== "ustar") throw new Error(`tar: not a ustar header at byte ${at}`);
    const size = parseInt(field(124, 12), 8);
    const type = field(156, 1) === "5" ? "directory" : "file";
    const text = tar.toString("utf8", at + BLOCK, at + BLOCK + size);
    entries.push({
      path: h.toString("utf8", 0, 100).replace(/\0.*$/s, ""),
      type,
      mode: parseInt(field(100, 8), 8),
      text,
    });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return entries;
}
