/**
 * `npm run bench`: Landform's synth of the reference platform beside the same Terraform written as
 * plain cdktf (per-resource imports, and provider root imports through type-checking ts-node), plus
 * a scaling series of generated Landform apps. Wall time (median) and peak RSS of the whole process
 * tree, a table with the budget checked line by line, and the figures as JSON. Linux only (/proc).
 *
 *   npm run bench -- [--runs 5] [--scale-runs 3] [--scale 10,100,500] [--json bench/out/results.json]
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

interface Options {
  readonly runs: number;
  readonly scaleRuns: number;
  readonly scale: number[];
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
    scale: (value("--scale") ?? "10,100,500").split(",").map(Number),
    json: path.resolve(ROOT, value("--json") ?? "bench/out/results.json"),
  };
}

function variants(): Variant[] {
  const cdktfJson = JSON.parse(fs.readFileSync(path.join(ROOT, "cdktf.json"), "utf8")) as { app: string };
  const rootProgram = path.join(OUT, "root", "platform.ts");
  fs.mkdirSync(path.dirname(rootProgram), { recursive: true });
  fs.writeFileSync(
    rootProgram,
    withRootImports(fs.readFileSync(path.join(ROOT, "bench", "plain", "platform.ts"), "utf8")),
  );
  return [
    { key: "landform", label: "Landform (cdktf.json app)", app: cdktfJson.app },
    { key: "plain", label: "plain cdktf, per-resource imports", app: `${RUNNER} bench/plain/platform.ts` },
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
  const vs = variants();
  const cli = new Map<string, Sample[]>(vs.map((v) => [v.key, []]));
  const app = new Map<string, Sample[]>(vs.map((v) => [v.key, []]));

  log(`warm-up: one untimed run of each (disk caches)`);
  for (const v of vs) await viaCli(v);
  // Round-robin, so drift on the machine hits every variant alike.
  for (let i = 1; i <= o.runs; i++) {
    log(`run ${i}/${o.runs}`);
    for (const v of vs) {
      cli.get(v.key)!.push(await viaCli(v));
      app.get(v.key)!.push(await appOnly(v.app));
    }
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
    scale[n] = { ...f, perStackMs: Math.round((f.medianMs / n) * 10) / 10 };
  }
  fs.rmSync(path.join(OUT, "synth"), { recursive: true, force: true });

  const results = {
    ...report(o, vs, cli, app, scale, constructs),
    ops: await opsBench({ runs: o.runs, stacks: 1000 }), // landform stacks/affected on 1,000 stacks (bench/ops.ts)
    plan: await (require("./plan") as typeof import("./plan")).benchPlan(Math.min(o.runs, 3)),
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
  };
  console.log(
    `1-minute load average: ${loadBefore.toFixed(1)} before, ${results.loadAverage.after.toFixed(1)} after (others' work on the machine adds noise)`,
  );
  fs.mkdirSync(path.dirname(o.json), { recursive: true });
  fs.writeFileSync(o.json, `${JSON.stringify(results, null, 2)}\n`);
  log(`figures written to ${path.relative(ROOT, o.json)}`);
  await (await import("./policy-formats")).benchPolicyFormats(OUT, Math.min(o.runs, 3)); // throws when over budget
}

function report(
  o: Options,
  vs: Variant[],
  cli: Map<string, Sample[]>,
  app: Map<string, Sample[]>,
  scale: Record<string, Figures & { perStackMs: number }>,
  constructs: unknown,
) {
  const full = Object.fromEntries(vs.map((v) => [v.key, figures(cli.get(v.key)!)]));
  const appFigures = Object.fromEntries(vs.map((v) => [v.key, figures(app.get(v.key)!)]));
  const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
  // Each round runs every variant back to back, so the median of per-round ratios cancels the
  // machine's drift (other work starting or stopping) better than a ratio of medians does.
  const paired = (runs: Map<string, Sample[]>, a: string, b: string) =>
    ratio(median(runs.get(a)!.map((s, i) => s.ms / runs.get(b)![i].ms)), 1);
  const ratios = {
    full: {
      landformOverPlain: paired(cli, "landform", "plain"),
      landformOverRootImports: paired(cli, "landform", "rootImports"),
    },
    appOnly: {
      landformOverPlain: paired(app, "landform", "plain"),
      landformOverRootImports: paired(app, "landform", "rootImports"),
    },
  };
  const [small, large] = [Math.min(...o.scale), Math.max(...o.scale)];
  const scaling = scale[large] && scale[small] ? ratio(scale[large].perStackMs, scale[small].perStackMs) : undefined;
  // The extra time each added stack costs between consecutive sizes: start-up cancels out.
  const marginal = Object.fromEntries(
    o.scale.slice(1).map((to, i) => {
      const from = o.scale[i];
      return [`${from}-${to}`, Math.round(((scale[to].medianMs - scale[from].medianMs) / (to - from)) * 10) / 10];
    }),
  );

  const budget = [
    {
      line: "Landform <= 1.15 x plain per-resource (full cdktf synth)",
      value: ratios.full.landformOverPlain,
      limit: 1.15,
    },
    {
      line: "Landform <= 0.25 x root imports + ts-node (full cdktf synth)",
      value: ratios.full.landformOverRootImports,
      limit: 0.25,
    },
    {
      line: "Landform peak RSS < 500 MB (full cdktf synth, whole tree)",
      value: full.landform.peakRssMb,
      limit: 500,
      strict: true,
    },
    { line: `per-stack cost at ${large} <= 1.5 x at ${small}`, value: scaling, limit: 1.5 },
  ].map((b) => ({ ...b, pass: b.value !== undefined && (b.strict ? b.value < b.limit : b.value <= b.limit) }));

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
  const rows = vs.map((v) => {
    const [f, a] = [full[v.key], appFigures[v.key]];
    return [
      v.label,
      ms(f.medianMs),
      ms(f.medianCpuMs),
      `${f.peakRssMb} MB`,
      ms(a.medianMs),
      ms(a.medianCpuMs),
      `${a.peakRssMb} MB`,
    ];
  });
  table(["", "cdktf synth", "cpu", "peak RSS", "app only", "cpu", "peak RSS"], rows);
  console.log(
    `\npaired wall ratios (full / app only): Landform/plain ${ratios.full.landformOverPlain} / ${ratios.appOnly.landformOverPlain}, ` +
      `Landform/root-imports ${ratios.full.landformOverRootImports} / ${ratios.appOnly.landformOverRootImports}`,
  );
  console.log(
    `cpu ratios (full / app only): Landform/plain ${ratio(full.landform.medianCpuMs, full.plain.medianCpuMs)} / ${ratio(appFigures.landform.medianCpuMs, appFigures.plain.medianCpuMs)}, ` +
      `Landform/root-imports ${ratio(full.landform.medianCpuMs, full.rootImports.medianCpuMs)} / ${ratio(appFigures.landform.medianCpuMs, appFigures.rootImports.medianCpuMs)}`,
  );
  console.log(
    `medians of ${o.runs} runs (wall, and user+system CPU of the tree); peak RSS is the highest of them, summed over the process tree\n`,
  );
  table(
    ["scaling (app only)", "median", "peak RSS", "per stack"],
    o.scale.map((n) => [`${n} stacks`, ms(scale[n].medianMs), `${scale[n].peakRssMb} MB`, `${scale[n].perStackMs} ms`]),
  );
  console.log(
    `per stack at ${large} vs at ${small}: ${scaling}x; added ms per added stack: ${Object.entries(marginal)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`,
  );
  console.log(`constructs per stack: ${JSON.stringify(constructs)}\n`);
  for (const b of budget) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.line}: ${b.value}`);
  console.log(
    `\n${machine.cpu}, ${machine.cores} cores, ${machine.memoryGb} GB, node ${machine.node}, cdktf ${machine.cdktf}`,
  );

  return {
    machine,
    runs: o.runs,
    variants: vs.map((v) => ({ key: v.key, label: v.label, app: v.app })),
    full,
    appOnly: appFigures,
    ratios,
    scaling: { series: scale, perStackRatio: scaling, marginalMsPerStack: marginal, constructs },
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
