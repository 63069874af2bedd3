/**
 * Policy reports on a large stack: a generated ~50 MB Terraform JSON file of 20,000 resources
 * (a third of them with findings), checked with the baseline pack and written as text, JSON and
 * SARIF, each in its own process (read, parse, check, format, write). Budget: every format under
 * 10 s. SARIF used to rescan the file for each finding (75 s at 10 MB; 50 MB never finished).
 *
 *   node --require ./scripts/register-ts.js bench/policy-formats.ts [--runs 3]   (also part of `npm run bench`)
 */
import fs from "fs";
import path from "path";
import { checkStacks } from "../lib/policy/engine";
import { formatJson, formatSarif, formatText } from "../lib/findings";
import { baselinePack } from "../lib/policy/packs/baseline";
import { measure, median } from "./measure";

const ROOT = path.resolve(__dirname, "..");
const RESOURCES = 20_000;
const TARGET_MB = 50;
const BUDGET_MS = 10_000;
const FORMATS = ["text", "json", "sarif"] as const;
type Format = (typeof FORMATS)[number];

/** A cdktf-like stack: tagged providers, instances with a boot script, buckets, VMs; every third block breaks a rule. */
function generate(file: string): void {
  const script = (i: number, lines: number) =>
    ["#!/bin/bash", "set -euo pipefail", ...Array.from({ length: lines }, (_, n) => `echo "step ${n} of node ${i}"`)]
      .join("\n")
      .concat("\n");
  const resource: Record<string, Record<string, unknown>> = {
    aws_instance: {},
    aws_s3_bucket: {},
    google_compute_instance: {},
  };
  // Size the boot scripts so the whole file comes out near TARGET_MB.
  const lines = Math.round((TARGET_MB * 1e6) / RESOURCES / 29);
  for (let i = 0; i < RESOURCES; i++) {
    const bad = i % 3 === 0;
    const meta = { "//": { metadata: { path: `large/node${i}/Resource`, uniqueId: `node${i}` } } };
    if (i % 5 < 3) {
      resource.aws_instance[`node${i}`] = {
        ...meta,
        ami: "ami-0123456789abcdef0",
        instance_type: "t3.micro",
        metadata_options: { http_tokens: bad ? "optional" : "required" },
        root_block_device: { encrypted: true },
        user_data: script(i, lines),
      };
    } else if (i % 5 === 3) {
      resource.aws_s3_bucket[`node${i}`] = { ...meta, bucket: `bucket-${i}`, ...(bad ? { tags: {} } : {}) };
    } else {
      resource.google_compute_instance[`node${i}`] = {
        ...meta,
        name: `vm-${i}`,
        machine_type: "e2-small",
        zone: "europe-west1-b",
        boot_disk: { initialize_params: { image: "debian-cloud/debian-12" } },
        network_interface: [{ network: "default", ...(bad ? { access_config: [{}] } : {}) }],
        shielded_instance_config: { enable_secure_boot: true },
        metadata_startup_script: script(i, lines),
      };
    }
  }
  const tags = { environment: "dev", "managed-by": "landform" };
  const json = {
    provider: { aws: [{ region: "eu-west-1", default_tags: [{ tags }] }], google: [{ default_labels: tags }] },
    resource,
  };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
}

/** The measured work, in a child process: what `landform policy check --format <f> --output <file>` does. */
function child(file: string, format: Format, output: string): void {
  const text = fs.readFileSync(file, "utf8");
  const stack = {
    name: "large",
    file: path.relative(ROOT, file),
    text,
    json: JSON.parse(text) as Record<string, unknown>,
  };
  const report = checkStacks([stack], { packs: [baselinePack] });
  const rendered =
    format === "text" ? formatText(report) : format === "json" ? formatJson(report) : formatSarif(report);
  fs.writeFileSync(output, rendered);
  console.log(JSON.stringify({ findings: report.findings.length, resources: report.summary.resources }));
}

export interface PolicyFormatFigures {
  readonly inputMb: number;
  readonly resources: number;
  readonly findings: number;
  readonly formats: Record<Format, { medianMs: number; peakRssMb: number; outputMb: number; samplesMs: number[] }>;
  readonly budget: { line: string; value: number; limit: number; pass: boolean }[];
}

/** Generates the input, times each format, prints a table and the budget, and throws when a format is over it. */
export async function benchPolicyFormats(out: string, runs = 3): Promise<PolicyFormatFigures> {
  const dir = path.join(out, "policy");
  const input = path.join(dir, "large.tf.json");
  generate(input);
  const inputMb = fs.statSync(input).size / 1e6;
  const formats = {} as PolicyFormatFigures["formats"];
  let counts = { findings: 0, resources: 0 };
  for (const format of FORMATS) {
    const output = path.join(dir, `report.${format}`);
    const command = `node --require ./scripts/register-ts.js bench/policy-formats.ts --child ${input} ${format} ${output}`;
    const samples = [];
    for (let i = 0; i < runs; i++) {
      process.stderr.write(`bench: policy ${format} on ${inputMb.toFixed(0)} MB, run ${i + 1}/${runs}\n`);
      samples.push(await measure(command, { cwd: ROOT, env: process.env }));
    }
    counts = JSON.parse(samples[0].stdout.trim()) as typeof counts;
    formats[format] = {
      medianMs: Math.round(median(samples.map((s) => s.ms))),
      peakRssMb: Math.round(Math.max(...samples.map((s) => s.peakRssMb))),
      outputMb: Math.round(fs.statSync(output).size / 1e5) / 10,
      samplesMs: samples.map((s) => Math.round(s.ms)),
    };
  }
  const budget = FORMATS.map((f) => ({
    line: `policy check --format ${f} on ${inputMb.toFixed(0)} MB / ${counts.resources} resources < ${BUDGET_MS / 1000} s`,
    value: formats[f].medianMs,
    limit: BUDGET_MS,
    pass: formats[f].medianMs < BUDGET_MS,
  }));
  console.log(`\npolicy reports: ${inputMb.toFixed(1)} MB, ${counts.resources} resources, ${counts.findings} findings`);
  for (const f of FORMATS) {
    const x = formats[f];
    console.log(
      `  ${f.padEnd(5)}  ${(x.medianMs / 1000).toFixed(2)} s  peak RSS ${x.peakRssMb} MB  output ${x.outputMb} MB`,
    );
  }
  for (const b of budget) console.log(`${b.pass ? "PASS" : "MISS"}  ${b.line}: ${(b.value / 1000).toFixed(2)} s`);
  const figures = { inputMb: Math.round(inputMb * 10) / 10, ...counts, formats, budget };
  fs.writeFileSync(path.join(out, "policy-formats.json"), `${JSON.stringify(figures, null, 2)}\n`);
  const missed = budget.filter((b) => !b.pass);
  if (missed.length > 0) throw new Error(`bench: policy report budget missed: ${missed.map((b) => b.line).join("; ")}`);
  return figures;
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  if (argv[0] === "--child") child(argv[1], argv[2] as Format, argv[3]);
  else {
    const i = argv.indexOf("--runs");
    benchPolicyFormats(path.join(ROOT, "bench", "out"), i >= 0 ? Number(argv[i + 1]) : 3).catch((e: Error) => {
      console.error(e.message);
      process.exitCode = 1;
    });
  }
}
