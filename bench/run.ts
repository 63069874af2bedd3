/**
 * `npm run bench`: Landform's synth of the reference platform beside the same Terraform written as
 * plain cdktf (per-resource imports), plus a scaling series of generated Landform apps. Wall and CPU
 * time (medians, and ratios of paired runs) and peak RSS of the whole process tree, the budgets
 * checked line by line, and the figures as JSON. Linux only (/proc).
 *
 *   npm run bench -- [--runs 5] [--scale-runs 3] [--scale 10,50,500] [--root-imports] [--synth-only]
 *                    [--json bench/out/results.json]
 *
 * --root-imports adds the plain program with provider root imports through type-checking ts-node
 * (a typical cdktf project): ~50 s and 3 GB per run, so it is off by default.
 */
import fs from "fs";
import os from "os";
import path from "path";
import { measure, median, Sample } from "./measure";
import { opsBench } from "./ops";
import { withRootImports } from "./root-imports";

const ROOT = path.resolve(__dirname, "..");
const OUT = path.join(ROOT, "bench", "out");
const CDKTF = "node_modules/.bin/cdktf";
/** The app runner of cdktf.json ("node --require ./scripts/register-ts.js"): every app here runs the same way. */
const RUNNER = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string }).app.replace(
  /\s+\S+$/,
  "",
);

/**
 * `landform synth` as the installed bin runs it (bin/landform.js): the bundled command that
 * `npm run build` writes. Without a build the bench measures its stand-in, the app run the way
 * `cdktf synth` runs it (STAND_IN below), and fails budget (a).
 */
const LANDFORM_SYNTH = path.join(ROOT, "dist", "bin", "synth.js");

interface Options {
  readonly runs: number;
  readonly scaleRuns: number;
  readonly scale: number[];
  readonly rootImports: boolean;
  /** Only the synth figures and budgets: skips ops, plan and policy formats. */
  readonly synthOnly: boolean;
  readonly json: string;
}

interface Variant {
  readonly key: "landform" | "plain" | "rootImports";
  readonly label: string;
  /** The app command, as cdktf.json's "app" would hold it. */
  readonly app: string;
}

interface Figures {
  readonly medianMs: number;
  readonly medianCpuMs: number;
  readonly peakRssMb: number;
  readonly samplesMs: number[];
}

function options(argv: string[]): Options {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const runs = Number(value("--runs") ?? 5);
  return {
    runs,
    scaleRuns: Number(value("--scale-runs") ?? Math.min(runs, 3)),
    scale: (value("--scale") ?? "10,50,500").split(",").map(Number),
    rootImports: argv.includes("--root-imports"),
    synthOnly: argv.includes("--synth-only"),
    json: path.resolve(ROOT, value("--json") ?? "bench/out/results.json"),
  };
}

function variants(o: Options): Variant[] {
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
  const both: Variant[] = [
    { key: "landform", label: "Landform (cdktf.json app)", app: cdktfJson.app },
    { key: "plain", label: "plain cdktf, per-resource imports", app: `${RUNNER} bench/plain/platform.ts` },
  ];
  if (!o.rootImports) return both;
  const rootProgram = path.join(OUT, "root", "platform.ts");
  fs.mkdirSync(path.dirname(rootProgram), { recursive: true });
  fs.writeFileSync(
    rootProgram,
    withRootImports(fs.readFileSync(path.join(ROOT, "bench", "plain", "platform.ts"), "utf8")),
  );
  return [
    ...both,
    {
      key: "rootImports",
      label: "plain cdktf, root imports, ts-node",
      app: `node_modules/.bin/ts-node --project bench/tsconfig.ts-node.json ${path.relative(ROOT, rootProgram)}`,
    },
  ];
}

let scratch = 0;
/** A fresh output folder per run, so no run reads or overwrites another's (or terraform/). */
function outdir(): string {
  const dir = path.join(OUT, "synth", String(scratch++));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_") && !k.startsWith("CDKTF_")),
  );
  return { ...base, CHECKPOINT_DISABLE: "1", ...extra };
}

/** The full `cdktf synth` (CLI start-up included), into a scratch folder. */
function viaCli(v: Variant): Promise<Sample> {
  const quoted = v.app.replace(/"/g, '\\"');
  return measure(`${CDKTF} synth --app "${quoted}" --output ${outdir()}`, { cwd: ROOT, env: env() });
}

/** The app command alone, as cdktf runs it: what Landform controls. */
function appOnly(command: string): Promise<Sample> {
  return measure(command, { cwd: ROOT, env: env({ CDKTF_OUTDIR: outdir() }) });
}

/** Whether the build holds `landform synth`: `npm run build` writes dist/. */
export function landformSynthBuilt(): boolean {
  return fs.existsSync(LANDFORM_SYNTH);
}

/** `landform synth` of the reference platform (cdktf.json's app, output into a scratch folder). */
function viaLandformSynth(): Promise<Sample> {
  return measure(`node ${path.relative(ROOT, LANDFORM_SYNTH)} synth --output ${outdir()}`, { cwd: ROOT, env: env() });
}

/**
 * STAND_IN for `landform synth` while the build lacks it: cdktf.json's app with the environment
 * `cdktf synth` gives it (output folder, context), which is what the command runs. It leaves out
 * the command's own start-up, so its figure is not budget (a)'s.
 */
function viaStandIn(app: string): Promise<Sample> {
  const context = (JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { context?: object }).context;
  return measure(app, {
    cwd: ROOT,
    env: env({ CDKTF_OUTDIR: outdir(), CDKTF_CONTEXT_JSON: JSON.stringify(context ?? {}) }),
  });
}

function figures(samples: Sample[]): Figures {
  return {
    medianMs: Math.round(median(samples.map((s) => s.ms))),
    medianCpuMs: Math.round(median(samples.map((s) => s.cpuMs))),
    peakRssMb: Math.round(Math.max(...samples.map((s) => s.peakRssMb))),
    samplesMs: samples.map((s) => Math.round(s.ms)),
  };
}

async function main(): Promise<void> {
  if (process.platform !== "linux") throw new Error("the benchmark reads /proc for memory: Linux only");
  const o = options(process.argv.slice(2));
  const loadBefore = os.loadavg()[0];
  const vs = variants(o);
  const cli = new Map<string, Sample[]>(vs.map((v) => [v.key, []]));
  const app = new Map<string, Sample[]>(vs.map((v) => [v.key, []]));
  const built = landformSynthBuilt();
  const synth: Sample[] = [];
  const standIn: Sample[] = [];
  if (!built) log(`landform synth is not in the build (${path.relative(ROOT, LANDFORM_SYNTH)}): run npm run build`);

  log(`warm-up: one untimed run of each (disk and transpile caches)`);
  for (const v of vs) await viaCli(v);
  if (built) await viaLandformSynth();
  // Round-robin, so drift on the machine hits every variant alike.
  for (let i = 1; i <= o.runs; i++) {
    log(`run ${i}/${o.runs}`);
    for (const v of vs) {
      cli.get(v.key)!.push(await viaCli(v));
      app.get(v.key)!.push(await appOnly(v.app));
    }
    if (built) synth.push(await viaLandformSynth());
    standIn.push(await viaStandIn(vs[0].app));
  }

  const scale: Record<string, Figures & { perStackMs: number }> = {};
  let constructs: unknown;
  for (const n of o.scale) {
    const runs = n >= 500 ? Math.min(o.scaleRuns, o.runs) : o.runs;
    log(`scaling: ${n} stacks x ${runs}`);
    const samples: Sample[] = [];
    for (let i = 0; i < runs; i++) samples.push(await appOnly(`${RUNNER} bench/scale-app.ts ${n}`));
    constructs = JSON.parse(samples[0].stdout.trim().split("\n").pop()!);
    const f = figures(samples);
    scale[n] = { ...f, perStackMs: Math.round((f.medianCpuMs / n) * 10) / 10 };
  }
  fs.rmSync(path.join(OUT, "synth"), { recursive: true, force: true });

  const synthFigures = report(o, vs, cli, app, { synth: built ? synth : undefined, standIn }, scale, constructs);
  const missed = synthFigures.budget.filter((b) => !b.pass).map((b) => b.line);
  const results = {
    ...synthFigures,
    ...(o.synthOnly
      ? {}
      : {
          ops: await opsBench({ runs: o.runs, stacks: 1000 }), // landform stacks/affected on 1,000 stacks (bench/ops.ts)
          doctor: await (require("./doctor") as typeof import("./doctor")).doctorBench({
            runs: Math.min(o.runs, 3),
            stacks: 1000,
          }),
          plan: await (require("./plan") as typeof import("./plan")).benchPlan(Math.min(o.runs, 3)),
        }),
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  };
  console.log(
    `1-minute load average: ${loadBefore.toFixed(1)} before, ${results.loadAverage.after.toFixed(1)} after (others' work on the machine adds noise)`,
  );
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, `${JSON.stringify(results, null, 2)}\n`);
  log(`figures written to ${path.relative(ROOT, o.json)}`);
  if (!o.synthOnly) await (await import("./policy-formats")).benchPolicyFormats(OUT, Math.min(o.runs, 3)); // throws when over budget
  if (missed.length) throw new Error(`over budget: ${missed.join("; ")}`);
}

function report(
  o: Options,
  vs: Variant[],
  cli: Map<string, Sample[]>,
  app: Map<string, Sample[]>,
  landform: { synth?: Sample[]; standIn: Sample[] },
  scale: Record<string, Figures & { perStackMs: number }>,
  constructs: unknown,
) {
  const full = Object.fromEntries(vs.map((v) => [v.key, figures(cli.get(v.key)!)]));
  const appFigures = Object.fromEntries(vs.map((v) => [v.key, figures(app.get(v.key)!)]));
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  // Each round runs every variant back to back, so the median of per-round ratios cancels the
  // machine's drift (other work starting or stopping) better than a ratio of medians does.
  const paired = (a: Sample[], b: Sample[], of: (s: Sample) => number) =>
    ratio(median(a.map((s, i) => of(s) / of(b[i]))), 1);
  const wall = (s: Sample) => s.ms;
  const cpu = (s: Sample) => s.cpuMs;
  const plainCli = cli.get("plain")!;
  const plainApp = app.get("plain")!;
  const ratios = {
    // (a) `landform synth` against the plain program under `cdktf synth`: what a user waits for.
    synthOverPlainCli: landform.synth ? paired(landform.synth, plainCli, wall) : undefined,
    standInOverPlainCli: paired(landform.standIn, plainCli, wall),
    // (b) the app against the plain program, both run directly: what Landform's code costs. CPU
    // time, which other work on a shared machine disturbs less than wall time.
    appOverPlainCpu: paired(app.get("landform")!, plainApp, cpu),
    appOverPlainWall: paired(app.get("landform")!, plainApp, wall),
    // (b) as the issue words it: the whole `landform synth` (its own Node process, the app, the
    // writing) against the plain program run directly.
    synthOverPlainAppCpu: landform.synth ? paired(landform.synth, plainApp, cpu) : undefined,
    cliOverPlainCli: paired(cli.get("landform")!, plainCli, wall),
    ...(o.rootImports ? { cliOverRootImportsCli: paired(cli.get("landform")!, cli.get("rootImports")!, wall) } : {}),
  };
  const synthFigures = landform.synth ? figures(landform.synth) : undefined;
  const standInFigures = figures(landform.standIn);

  // (d) What each added stack costs, in CPU time between consecutive sizes (start-up cancels out):
  // the last step against the first.
  const marginal = Object.fromEntries(
    o.scale.slice(1).map((to, i) => {
      const from = o.scale[i];
      return [`${from}-${to}`, Math.round(((scale[to].medianCpuMs - scale[from].medianCpuMs) / (to - from)) * 10) / 10];
    }),
  );
  const steps = Object.values(marginal);
  const flatness = steps.length >= 2 ? ratio(steps[steps.length - 1], steps[0]) : undefined;
  const [first, last] =
    Object.keys(marginal).length >= 2 ? [Object.keys(marginal)[0], Object.keys(marginal).at(-1)] : [];

  const budget = [
    {
      line: "(a) landform synth <= 0.5 x plain program under cdktf synth (wall, paired)",
      value: ratios.synthOverPlainCli,
      limit: 0.5,
      missing: landform.synth ? undefined : "landform synth is not in the build: figure missing",
    },
    {
      line: "(b1) Landform app <= 1.1 x plain program, both run directly (CPU, paired)",
      value: ratios.appOverPlainCpu,
      limit: 1.1,
    },
    {
      line: "(b2) landform synth <= 1.1 x plain program run directly (CPU, paired)",
      value: ratios.synthOverPlainAppCpu,
      limit: 1.1,
      missing: landform.synth ? undefined : "landform synth is not in the build: figure missing",
    },
    {
      line: `(c) peak RSS <= 250 MB (${landform.synth ? "landform synth" : "Landform app"}, whole tree)`,
      value: (synthFigures ?? appFigures.landform).peakRssMb,
      limit: 250,
    },
    {
      line: `(d) CPU per added stack, ${last ?? "?"} <= 1.2 x ${first ?? "?"}`,
      value: flatness,
      limit: 1.2,
    },
  ].map((b) => ({ ...b, pass: b.value !== undefined && b.value <= b.limit }));

  const cpus = os.cpus();
  const machine = {
    cpu: cpus[0]?.model.trim(),
    cores: cpus.length,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    cdktf: (require("cdktf/package.json") as { version: string }).version,
  };

  const ms = (n: number) => `${(n / 1000).toFixed(2)} s`;
  const row = (label: string, f: Figures) => [label, ms(f.medianMs), ms(f.medianCpuMs), `${f.peakRssMb} MB`];
  const rows = [
    ...vs.map((v) => row(`${v.label}: cdktf synth`, full[v.key])),
    synthFigures ? row("landform synth", synthFigures) : ["landform synth", "missing", "", ""],
    row("stand-in: Landform app with cdktf synth's env", standInFigures),
    ...vs.map((v) => row(`${v.label}: app run directly`, appFigures[v.key])),
  ];
  table(["", "wall", "cpu", "peak RSS"], rows);
  console.log(
    `\npaired ratios: landform synth / plain cdktf synth ${ratios.synthOverPlainCli ?? "missing"} (stand-in ${ratios.standInOverPlainCli}); ` +
      `app / plain app ${ratios.appOverPlainCpu} CPU, ${ratios.appOverPlainWall} wall; ` +
      `landform synth / plain app ${ratios.synthOverPlainAppCpu ?? "missing"} CPU; ` +
      `Landform / plain, both under cdktf synth ${ratios.cliOverPlainCli}` +
      (ratios.cliOverRootImportsCli !== undefined ? `; Landform / root imports ${ratios.cliOverRootImportsCli}` : ""),
  );
  console.log(
    `medians of ${o.runs} runs (wall, and user+system CPU of the tree); peak RSS is the highest of them, summed over the process tree\n`,
  );
  table(
    ["scaling (app only)", "wall", "cpu", "peak RSS", "cpu per stack"],
    o.scale.map((n) => [
      `${n} stacks`,
      ms(scale[n].medianMs),
      ms(scale[n].medianCpuMs),
      `${scale[n].peakRssMb} MB`,
      `${scale[n].perStackMs} ms`,
    ]),
  );
  console.log(
    `CPU ms per added stack: ${Object.entries(marginal)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(`constructs per stack: ${JSON.stringify(constructs)}\n`);
  for (const b of budget) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.line}: ${b.value ?? b.missing ?? "missing"}`);
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, cdktf ${machine.cdktf}`,
  );

  return {
    machine,
    runs: o.runs,
    variants: vs.map((v) => ({ key: v.key, label: v.label, app: v.app })),
    full,
    appOnly: appFigures,
    landformSynth: synthFigures ?? null,
    standIn: standInFigures,
    ratios,
    scaling: { series: scale, marginalCpuMsPerStack: marginal, flatness, constructs },
    budget,
  };
}

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  rows.forEach((r) => console.log(line(r)));
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

main().catch((e: Error) => {
  console.error(e.message);
  process.exitCode = 1;
});
