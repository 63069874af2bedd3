// Runs TypeScript straight from source for `cdktf synth`: each .ts file is transpiled (types
// stripped, no type check) by swc as Node requires it. `npm test` type-checks with tsc.
//
// Why not tsx or ts-node: both register source-map support for every module Node loads, and
// Landform's reference app loads ~150 TypeScript files and ~300 of cdktf's; `npm run bench`
// measured synth at about half the time with this hook. Source maps are still written, so
// `NODE_OPTIONS=--enable-source-maps` gives stack traces in TypeScript lines when you need them.
//
// The output is cached on disk by a hash of the file's path and text and of swc's version and
// options: transpiling ~150 files and loading swc on every run was most of the cost Landform's
// app had over a one-file program (docs/performance.md). A changed file gets a new key.
// LANDFORM_TS_CACHE=off turns the cache off, LANDFORM_TS_CACHE=<dir> moves it.
// A cached file refers to its source map in a file beside it instead of carrying it inline:
// Node then compiles about half as many bytes, and reads the map only under --enable-source-maps.
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
};

const setting = process.env.LANDFORM_TS_CACHE;
const cacheDir =
  setting === "off"
    ? undefined
    : path.resolve(setting || path.join(__dirname, "..", "node_modules", ".cache", "landform-register-ts"));
let swc;
let salt;

/** swc is loaded only when a file is not in the cache: its native module alone takes ~0.1 s. */
function transpile(source, filename, sourceMaps) {
  swc ??= require("@swc/core");
  return swc.transformSync(source, { ...options, sourceMaps, filename });
}

function cacheKey(source, filename) {
  // swc's version from its package.json: cheaper than loading swc to ask it.
  salt ??= `${require("@swc/core/package.json").version}\0${JSON.stringify(options)}\0`;
  return crypto.createHash("sha256").update(salt).update(filename).update("\0").update(source).digest("hex");
}

function cached(source, filename) {
  if (!cacheDir) return transpile(source, filename, "inline").code;
  const file = path.join(cacheDir, `${cacheKey(source, filename)}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // Not cached yet (or unreadable): transpile, then store it for the next run.
  }
  const { code, map } = transpile(source, filename, true);
  // Relative to the source: Node reads a map only from a relative URL or a data: URL.
  const mapUrl = path.relative(path.dirname(filename), `${file}.map`).split(path.sep).map(encodeURIComponent).join("/");
  const withMap = `${code}\n//# sourceMappingURL=${mapUrl}\n`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    // The map first, and each file under a unique name then renamed: a process that finds the
    // code never reads half a file, nor misses its map.
    store(`${file}.map`, map);
    store(file, withMap);
  } catch {
    // A read-only or full disk only costs the next run the transpile.
    return transpile(source, filename, "inline").code;
  }
  return withMap;
}

function store(file, text) {
  const partial = `${file}.${process.pid}.${crypto.randomBytes(4).toString("hex")}`;
  fs.writeFileSync(partial, text);
  fs.renameSync(partial, file);
}

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  module._compile(cached(fs.readFileSync(filename, "utf8"), filename), filename);
};
