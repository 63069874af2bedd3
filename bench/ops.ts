/**
 * The operations commands at scale: `landform stacks` and `landform affected` on a generated cdktf
 * output of 1,000 stacks (each a copy of a committed reference stack, ~26-42 KB of JSON, with real
 * dependency edges in layers), beside `git diff --stat` over the same folder and commits.
 * `npm run bench:ops` runs it alone; `npm run bench` runs it after the synth figures.
 *
 *   npm run bench:ops -- [--runs 5] [--stacks 1000]
 */
import { execFileSync } from "child_process";
import fs from "fs";
import path from "path";
import { measure, median, Sample } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const WORK = path.join(ROOT, "bench", "out", "ops");
const BUDGET_MS = 2000;

export interface OpsFigures {
  readonly stacks: number;
  readonly changedStacks: number;
  readonly affectedStacks: number;
  readonly megabytes: number;
  readonly medianMs: { stacks: number; affected: number; gitDiffStat: number };
  readonly ratioToGitDiffStat: { stacks: number; affected: number };
  readonly budget: { line: string; value: number; limit: number; pass: boolean }[];
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 1 << 30,
    env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" },
  });
}

/**
 * A repository with `terraform/` holding `count` stacks in layers of 50: each stack depends on one
 * or two stacks of the layer before. Commit 1 is the base; commit 2 changes one real attribute
 * (a tag) in 5 stacks of the first layer and only cdktf metadata in 5 others.
 */
function generate(count: number): { repo: string; base: string; head: string; megabytes: number } {
  fs.rmSync(WORK, { recursive: true, force: true });
  const out = path.join(WORK, "terraform");
  const templates = fs
    .readdirSync(path.join(ROOT, "terraform", "stacks"))
    .sort()
    .map((name) => ({
      name,
      text: fs.readFileSync(path.join(ROOT, "terraform", "stacks", name, "cdk.tf.json"), "utf8"),
    }));
  const names = Array.from({ length: count }, (_, i) => `stack-${String(i).padStart(4, "0")}`);
  const write = (i: number, extra: string) => {
    const t = templates[i % templates.length];
    const text = t.text.split(t.name).join(names[i]).replace('"team": "platform"', `"team": "platform${extra}"`);
    const file = path.join(out, "stacks", names[i], "cdk.tf.json");
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    return text.length;
  };
  let bytes = 0;
  const manifest: Record<string, unknown> = {};
  names.forEach((name, i) => {
    bytes += write(i, "");
    const layer = Math.floor(i / 50);
    const deps =
      layer === 0 ? [] : [...new Set([names[(layer - 1) * 50 + (i % 50)], names[(layer - 1) * 50 + ((i * 7) % 50)]])];
    manifest[name] = {
      annotations: [],
      constructPath: name,
      dependencies: deps,
      name,
      stackMetadataPath: `stacks/${name}/metadata.json`,
      synthesizedStackPath: `stacks/${name}/cdk.tf.json`,
      workingDirectory: `stacks/${name}`,
    };
  });
  fs.writeFileSync(path.join(out, "manifest.json"), JSON.stringify({ stacks: manifest, version: "0.21.0" }, null, 2));
  git(WORK, "init", "-q", "-b", "main");
  git(WORK, "add", "-A");
  git(WORK, "-c", "user.name=bench", "-c", "user.email=bench@landform.invalid", "commit", "-q", "-m", "base");
  const base = git(WORK, "rev-parse", "HEAD").trim();
  for (let i = 0; i < 5; i++) write(i * 10, "-changed");
  for (let i = 0; i < 5; i++) {
    const file = path.join(out, "stacks", names[i * 10 + 1], "cdk.tf.json");
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace('"version": "0.21.0"', '"version": "0.21.1"'));
  }
  git(WORK, "add", "-A");
  git(WORK, "-c", "user.name=bench", "-c", "user.email=bench@landform.invalid", "commit", "-q", "-m", "head");
  return { repo: WORK, base, head: git(WORK, "rev-parse", "HEAD").trim(), megabytes: Math.round(bytes / 2 ** 20) };
}

export async function opsBench(options: { runs: number; stacks: number }): Promise<OpsFigures> {
  log(`ops: building dist/ and generating ${options.stacks} stacks`);
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"],
    {
      cwd: ROOT,
    },
  );
  const { repo, base, head, megabytes } = generate(options.stacks);
  const cli = `${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(ROOT, "dist", "bin", "landform.js"))}`;
  const commands = {
    stacks: `${cli} stacks terraform --format json`,
    affected: `${cli} affected terraform --base ${base} --head ${head} --format json`,
    gitDiffStat: `git diff --stat ${base} ${head} -- terraform`,
  };
  const samples: Record<keyof typeof commands, Sample[]> = { stacks: [], affected: [], gitDiffStat: [] };
  const env = { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1" };
  for (const key of Object.keys(commands) as (keyof typeof commands)[])
    await measure(commands[key], { cwd: repo, env });
  for (let i = 0; i < options.runs; i++) {
    for (const key of Object.keys(commands) as (keyof typeof commands)[])
      samples[key].push(await measure(commands[key], { cwd: repo, env }));
  }
  const result = JSON.parse(samples.affected[0].stdout) as { changed: unknown[]; affected: unknown[] };
  const stacksSeen = (JSON.parse(samples.stacks[0].stdout) as { stacks: unknown[] }).stacks.length;
  if (stacksSeen !== options.stacks)
    throw new Error(`landform stacks listed ${stacksSeen} stacks, not ${options.stacks}`);
  const ms = (key: keyof typeof commands) => Math.round(median(samples[key].map((s) => s.ms)));
  const medianMs = { stacks: ms("stacks"), affected: ms("affected"), gitDiffStat: ms("gitDiffStat") };
  const ratio = (a: number) => Math.round((a / Math.max(medianMs.gitDiffStat, 1)) * 10) / 10;
  const budget = (["stacks", "affected"] as const).map((key) => ({
    line: `landform ${key} on ${options.stacks} stacks < ${BUDGET_MS / 1000} s`,
    value: medianMs[key],
    limit: BUDGET_MS,
    pass: medianMs[key] < BUDGET_MS,
  }));
  const figures: OpsFigures = {
    stacks: options.stacks,
    changedStacks: result.changed.length,
    affectedStacks: result.affected.length,
    megabytes,
    medianMs,
    ratioToGitDiffStat: { stacks: ratio(medianMs.stacks), affected: ratio(medianMs.affected) },
    budget,
  };
  console.log(
    `\nops commands on ${options.stacks} stacks (${megabytes} MB of Terraform JSON; ${figures.changedStacks} changed, ${figures.affectedStacks} affected), median of ${options.runs}:`,
  );
  console.log(`  landform stacks    ${medianMs.stacks} ms  (${figures.ratioToGitDiffStat.stacks} x git diff --stat)`);
  console.log(
    `  landform affected  ${medianMs.affected} ms  (${figures.ratioToGitDiffStat.affected} x git diff --stat)`,
  );
  console.log(`  git diff --stat    ${medianMs.gitDiffStat} ms`);
  for (const b of budget) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.line}: ${b.value} ms`);
  return figures;
}

function log(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const value = (flag: string, fallback: number) =>
    argv.includes(flag) ? Number(argv[argv.indexOf(flag) + 1]) : fallback;
  opsBench({ runs: value("--runs", 5), stacks: value("--stacks", 1000) }).catch((e: Error) => {
    console.error(e.message);
    process.exitCode = 1;
  });
}
