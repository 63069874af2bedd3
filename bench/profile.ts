/**
 * `npm run bench:profile`: where the time of one synth goes. Runs an app command (default:
 * cdktf.json's) once under `node --cpu-prof` and once under bench/require-timer.js, and prints
 * CPU self time by package / first-party file and module-load time by package.
 *
 *   node --require ./scripts/register-ts.js bench/profile.ts ["<app command>"]
 */
import { execSync } from "child_process";
import fs from "fs";
import path from "path";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench", "out", "profile");

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function group(url: string): string {
  if (!url) return "(native / GC / idle)";
  const file = url.replace(/^file:\/\//, "");
  const i = file.lastIndexOf("node_modules/");
  if (i >= 0) {
    const rest = file.slice(i + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (file.startsWith("node:")) return "node internals";
  return file.startsWith(ROOT) ? path.relative(ROOT, file) : file;
}

/** Self time per group and the top functions, from a .cpuprofile. */
export function summarize(profile: CpuProfile): {
  totalMs: number;
  groups: [string, number][];
  functions: [string, number][];
} {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, ms] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    const g =
      functionName === "(garbage collector)"
        ? "(garbage collector)"
        : functionName === "(idle)"
          ? "(idle)"
          : group(url);
    groups.set(g, (groups.get(g) ?? 0) + ms);
    const f = `${functionName || "(anonymous)"} ${g}`;
    functions.set(f, (functions.get(f) ?? 0) + ms);
  }
  const sorted = (m: Map<string, number>) =>
    [...m].map(([k, v]) => [k, Math.round(v)] as [string, number]).sort((a, b) => b[1] - a[1]);
  return {
    totalMs: Math.round([...self.values()].reduce((a, b) => a + b, 0)),
    groups: sorted(groups),
    functions: sorted(functions),
  };
}

function main(): void {
  const app =
    process.argv[2] ?? (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app;
  if (!app.startsWith("node ")) throw new Error(`can only profile a 'node ...' app command, got: ${app}`);
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  const env = { ...process.env, CDKTF_OUTDIR: path.join(OUT, "synth"), CHECKPOINT_DISABLE: "1" };
  const rest = app.slice("node ".length);

  execSync(`node --cpu-prof --cpu-prof-dir ${OUT} --cpu-prof-interval 200 ${rest}`, {
    cwd: ROOT,
    env,
    stdio: "inherit",
  });
  const file = fs.readdirSync(OUT).find((f) => f.endsWith(".cpuprofile"))!;
  const cpu = summarize(JSON.parse(fs.readFileSync(path.join(OUT, file), "utf8")) as CpuProfile);
  console.log(
    `CPU profile of \`${app}\` (${cpu.totalMs} ms sampled; ${path.relative(ROOT, path.join(OUT, file))}), self time:`,
  );
  cpu.groups.slice(0, 15).forEach(([g, ms]) => console.log(`${String(ms).padStart(7)} ms  ${g}`));
  console.log("\ntop functions (self):");
  cpu.functions.slice(0, 15).forEach(([f, ms]) => console.log(`${String(ms).padStart(7)} ms  ${f}`));

  const times = path.join(OUT, "require-times.json");
  execSync(`node --require ./bench/require-timer.js ${rest}`, {
    cwd: ROOT,
    env: { ...env, REQUIRE_TIMES: times },
    stdio: "inherit",
  });
  const loads = JSON.parse(fs.readFileSync(times, "utf8")) as {
    totalMs: number;
    loadingMs: number;
    groups: { name: string; ms: number; modules: number }[];
  };
  console.log(`\nmodule loads (self time, children excluded; the entry file's own time includes running the app):`);
  loads.groups
    .slice(0, 15)
    .forEach((g) => console.log(`${String(g.ms).padStart(7)} ms ${String(g.modules).padStart(5)} modules  ${g.name}`));
}

if (require.main === module) main();
