#!/usr/bin/env node
// The `landform` command. Installed from npm, it runs the compiled CLI in dist/. In a clone of the
// repository (bin/landform.ts beside this file, swc installed by `npm ci`), it runs the TypeScript
// source through scripts/register-ts.js: `npx landform` works right after `npm ci`, with no build,
// and never runs a stale dist/. `landform synth`, which runs on every commit, runs from one bundled
// file (scripts/bundle-synth.js); the other commands from dist/lib.
"use strict";
const fs = require("fs");
const path = require("path");

const source = path.join(__dirname, "landform.ts");
const hook = path.join(__dirname, "..", "scripts", "register-ts.js");

function inRepository() {
  if (!fs.existsSync(source) || !fs.existsSync(hook)) return false;
  try {
    require.resolve("@swc/core");
    return true;
  } catch {
    return false;
  }
}

if (inRepository()) {
  require(hook);
  require(source);
} else if (process.argv[2] === "synth") {
  require("../dist/bin/synth.js");
} else {
  require("../dist/bin/landform.js");
}
