/**
 * `landform doctor` at scale: the whole CLI (start-up included) on the reference platform and on a
 * generated loop of 1,000 stacks (333 environments of the healthy test loop, each a base, an add-ons
 * and a workloads stack, plus the bootstrap stack; deploy and PR workflows, one agent per
 * environment). Budgets: the reference platform under 1 s, 1,000 stacks under 5 s. `npm run bench`
 * runs it after the ops figures; alone:
 *
 *   node --require ./scripts/register-ts.js bench/doctor.ts [--runs 3] [--stacks 1000]
 */
import fs from "fs";
import path from "path";
import { healthy, RUNNERS, writeFiles } from "../test/ops/doctor/fixture";
import { measure, median } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const WORK = path.join(ROOT, "bench", "out", "doctor");
const BIN = path.join(ROOT, "bin", "landform.js");
const BUDGET_MS = { reference: 1000, generated: 5000 };

export interface DoctorFigures {
  readonly stacks: { reference: number; generated: number };
  readonly medianMs: { reference: { wall: number; cpu: number }; generated: { wall: number; cpu: number } };
  readonly budget: { line: string; value: number; limit: number; pass: boolean }[];
}

export async function doctorBench(o: { runs: number; stacks: number }): Promise<DoctorFigures> {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const environments = Array.from({ length: Math.max(1, Math.floor((o.stacks - 1) / 3)) }, (_, i) => `e${i}`);
  const files = healthy(
    environments,
    environments.filter((_, i) => i % 3 === 2),
  );
  writeFiles(files, WORK);
  const generated = Object.keys(files).filter((f) => f.endsWith("cdk.tf.json")).length;
  const runners = Object.entries(RUNNERS)
    .map(([k, v]) => `--runner ${k}=${v.join(",")}`)
    .join(" ");
  const env = { ...process.env, NO_COLOR: "1" };
  // Exit 1 (links broken) is a result on the reference platform; the generated loop must pass (exit 0).
  const time = async (command: string, cwd: string, maxCode: number) => {
    const ms: number[] = [];
    const cpu: number[] = [];
    for (let i = 0; i < o.runs; i++) {
      const sample = await measure(`${command} > /dev/null; [ $? -le ${maxCode} ]`, { cwd, env });
      ms.push(sample.ms);
      cpu.push(sample.cpuMs);
    }
    return { wall: median(ms), cpu: median(cpu) };
  };
  const reference = await time(`node ${BIN} doctor`, ROOT, 1);
  const large = await time(`node ${BIN} doctor --terraform terraform ${runners}`, WORK, 0);
  // Budgets on CPU time (user + system of the process tree): wall time on a shared machine is
  // mostly waiting for a core.
  const budget = [
    { line: "doctor, reference platform", value: reference.cpu, limit: BUDGET_MS.reference },
    { line: `doctor, ${generated} generated stacks`, value: large.cpu, limit: BUDGET_MS.generated },
  ].map((b) => ({ ...b, pass: b.value <= b.limit }));
  const wall = [reference.wall, large.wall];
  budget.forEach((b, i) =>
    console.log(
      `${b.line}: ${b.value.toFixed(0)} ms CPU, ${wall[i].toFixed(0)} ms wall (budget ${b.limit} ms CPU)${b.pass ? "" : " OVER"}`,
    ),
  );
  const referenceStacks = fs.readdirSync(path.join(ROOT, "terraform", "stacks")).length;
  return {
    stacks: { reference: referenceStacks, generated },
    medianMs: { reference, generated: large },
    budget,
  };
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? Number(process.argv[i + 1]) : fallback;
  };
  doctorBench({ runs: arg("--runs", 3), stacks: arg("--stacks", 1000) }).then(
    (figures) => {
      if (figures.budget.some((b) => !b.pass)) process.exitCode = 1;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
