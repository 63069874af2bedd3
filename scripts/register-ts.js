// Runs TypeScript straight from source for `cdktf synth`: each .ts file is transpiled (types
// stripped, no type check) by swc as Node requires it. `npm test` type-checks with tsc.
//
// Why not tsx or ts-node: both register source-map support for every module Node loads, and
// Landform's reference app loads ~70 TypeScript files and ~300 of cdktf's; `npm run bench`
// measured synth at about half the time with this hook. Maps are still emitted inline, so
// `NODE_OPTIONS=--enable-source-maps` gives stack traces in TypeScript lines when you need them.
const fs = require("fs");
const swc = require("@swc/core");

const options = {
  jsc: { parser: { syntax: "typescript" }, target: "es2022" },
  module: { type: "commonjs" },
  sourceMaps: "inline",
};

require.extensions[".ts"] = function compileTypeScript(module, filename) {
  const { code } = swc.transformSync(fs.readFileSync(filename, "utf8"), { ...options, filename });
  module._compile(code, filename);
};
