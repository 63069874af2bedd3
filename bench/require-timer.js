// Times every module load (self time: its own top-level code and compile, children excluded) and
// writes a summary by package or first-party file when the process exits.
// Use: node --require ./bench/require-timer.js --require ./scripts/register-ts.js stacks/main.ts
// Load it first so it also times the TypeScript hook. Output: $REQUIRE_TIMES (JSON) or a table on stderr.
const Module = require("module");
const path = require("path");
const fs = require("fs");

const root = path.resolve(__dirname, "..");
const byGroup = new Map();
const stack = [];
const originalLoad = Module._load;
const started = process.hrtime.bigint();

function group(filename) {
  const i = filename.lastIndexOf("node_modules/");
  if (i >= 0) {
    const rest = filename.slice(i + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  return filename.startsWith(root) ? path.relative(root, filename) : filename;
}

Module._load = function timedLoad(request, parent, isMain) {
  let filename;
  try {
    filename = Module._resolveFilename(request, parent, isMain);
  } catch {
    return originalLoad.apply(this, arguments);
  }
  if (Module._cache[filename] || !path.isAbsolute(filename)) return originalLoad.apply(this, arguments);
  const frame = { start: process.hrtime.bigint(), children: 0n };
  stack.push(frame);
  try {
    return originalLoad.apply(this, arguments);
  } finally {
    stack.pop();
    const inclusive = process.hrtime.bigint() - frame.start;
    if (stack.length) stack[stack.length - 1].children += inclusive;
    const g = byGroup.get(group(filename)) ?? { ms: 0, modules: 0 };
    g.ms += Number(inclusive - frame.children) / 1e6;
    g.modules += 1;
    byGroup.set(group(filename), g);
  }
};

process.on("exit", () => {
  const total = Number(process.hrtime.bigint() - started) / 1e6;
  const rows = [...byGroup]
    .map(([name, g]) => ({ name, ms: Math.round(g.ms), modules: g.modules }))
    .sort((a, b) => b.ms - a.ms);
  const loading = rows.reduce((s, r) => s + r.ms, 0);
  const summary = { totalMs: Math.round(total), loadingMs: loading, groups: rows };
  if (process.env.REQUIRE_TIMES) fs.writeFileSync(process.env.REQUIRE_TIMES, JSON.stringify(summary, null, 2));
  else {
    process.stderr.write(`module loading: ${loading} ms of ${Math.round(total)} ms after the hook\n`);
    for (const r of rows.slice(0, 25))
      process.stderr.write(`${String(r.ms).padStart(7)} ms ${String(r.modules).padStart(5)} modules  ${r.name}\n`);
  }
});
