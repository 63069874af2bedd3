/**
 * The plan reader at scale: a generated 100 MB plan with 50,000 resource changes, read and
 * reported (drift and review) in a child process; wall time and peak RSS against the budget
 * (< 10 s, < 1.5 GB), and the ratio to `jq empty` (or JSON.parse alone without jq) on the same file.
 *
 *   node --require ./scripts/register-ts.js bench/plan.ts [--runs 3]
 */
import { execSync } from "child_process";
import fs from "fs";
import path from "path";
import { measure, median, Sample } from "./measure";
import { writeBenchPlan } from "./plan-input";

const ROOT = path.resolve(__dirname, "..");
const FILE = path.join(ROOT, "bench", "out", "plan-100mb.json");

export async function benchPlan(runs = 3) {
  fs.mkdirSync(path.dirname(FILE), { recursive: true });
  if (!fs.existsSync(FILE)) writeBenchPlan(FILE);
  const mb = Math.round(fs.statSync(FILE).size / 1024 / 1024);
  const env = { ...process.env };
  const node = `node --require ./scripts/register-ts.js bench/plan-run.ts ${FILE}`;
  const hasJq = (() => {
    try {
      execSync("jq --version", { stdio: "ignore" });
      return true;
    } catch {
      return false;
    }
  })();
  const baseline = hasJq ? `jq empty ${FILE}` : `${node} parse-only`;
  const landform: Sample[] = [];
  const base: Sample[] = [];
  for (let i = 0; i < runs; i++) {
    landform.push(await measure(node, { cwd: ROOT, env }));
    base.push(await measure(baseline, { cwd: ROOT, env }));
  }
  const ms = median(landform.map((s) => s.ms));
  const rss = Math.max(...landform.map((s) => s.peakRssMb));
  const baseMs = median(base.map((s) => s.ms));
  // CPU time (user + system) is steadier than wall time when other work shares the machine.
  const cpuMs = median(landform.map((s) => s.cpuMs));
  const result = {
    file: `${mb} MB, ${JSON.parse(landform[0].stdout.trim()).changes} resource changes`,
    medianMs: Math.round(ms),
    medianCpuMs: Math.round(cpuMs),
    peakRssMb: Math.round(rss),
    baseline: hasJq ? "jq empty" : "JSON.parse alone",
    baselineMs: Math.round(baseMs),
    ratio: Math.round((ms / baseMs) * 100) / 100,
    budget: [
      { line: "plan 100 MB read and reported < 10 s", value: Math.round(ms), limit: 10_000, pass: ms < 10_000 },
      { line: "plan 100 MB peak RSS < 1.5 GB", value: Math.round(rss), limit: 1536, pass: rss < 1536 },
    ],
  };
  console.log(
    `\nplan reader: ${result.file}: ${(ms / 1000).toFixed(2)} s (cpu ${(cpuMs / 1000).toFixed(2)} s), peak ${result.peakRssMb} MB; ` +
      `${result.baseline} ${(baseMs / 1000).toFixed(2)} s (ratio ${result.ratio})`,
  );
  for (const b of result.budget) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.line}: ${b.value}`);
  return result;
}

if (require.main === module)
  benchPlan(Number(process.argv[process.argv.indexOf("--runs") + 1]) || 3).catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
