import { execFileSync } from "child_process";
import fs from "fs";
import os from "os";
import path from "path";
import {
  PLAIN_PROGRAM,
  committedStacks,
  generatePlainProgram,
  readStack,
  stripMetadata,
} from "../bench/generate-plain";

// The benchmark's floor must declare exactly what Landform synthesizes. Regenerate it with
// `npm run bench:generate` when the committed terraform/ changes. Synthesized in a child process
// as `npm run bench` runs it: loading its provider classes through jest's module registry costs
// about twice as much.
describe("the plain cdktf program in bench/plain", () => {
  const root = path.resolve(__dirname, "..");
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-bench-plain-"));
  beforeAll(() => {
    execFileSync(process.execPath, ["--require", "./scripts/register-ts.js", "bench/plain/platform.ts"], {
      cwd: root,
      env: { ...process.env, CDKTF_OUTDIR: outdir },
    });
  });
  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test("is what the generator writes from the committed Terraform today", () => {
    expect(fs.readFileSync(PLAIN_PROGRAM, "utf8")).toBe(generatePlainProgram());
  });

  test("declares the same stacks as the committed Terraform", () => {
    expect(committedStacks(outdir)).toEqual(committedStacks());
  });

  test.each(committedStacks())("%s synthesizes the committed JSON, metadata aside", (stack) => {
    expect(stripMetadata(readStack(stack, outdir))).toEqual(stripMetadata(readStack(stack)));
  });
});

describe("the plain program generator", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-bench-generate-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const write = (stacks: Record<string, object>) => {
    fs.writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ stacks: stacks }));
    for (const [name, json] of Object.entries(stacks)) {
      fs.mkdirSync(path.join(dir, "stacks", name), { recursive: true });
      fs.writeFileSync(path.join(dir, "stacks", name, "cdk.tf.json"), JSON.stringify(json));
    }
  };
  const backend = { terraform: { backend: { local: { path: "x.tfstate" } } } };
  const bucket = { resource: { aws_s3_bucket: { logs: { bucket: "logs" } } } };
  const output = (value: string) => ({
    output: { "cross-stack-output-aws_s3_bucketlogsarn": { sensitive: true, value } },
  });
  const reader = (key: string) => ({
    ...backend,
    data: {
      terraform_remote_state: {
        "cross-stack-reference-input-producer": { backend: "local", config: { path: "x.tfstate" } },
      },
    },
    resource: {
      aws_s3_bucket: {
        copy: {
          bucket: `\${element(split(":", data.terraform_remote_state.cross-stack-reference-input-producer.outputs.${key}), 5)}`,
        },
      },
    },
  });

  test("writes a cross-stack value as the producer's attribute inside the same functions", () => {
    write({
      producer: { ...backend, ...bucket, ...output("${aws_s3_bucket.logs.arn}") },
      consumer: reader("cross-stack-output-aws_s3_bucketlogsarn"),
    });
    const program = generatePlainProgram(dir);
    expect(program).toContain("function consumer(app: App, fromProducer: ReturnType<typeof producer>)");
    expect(program).toContain('bucket: Token.asString(Fn.element(Fn.split(":", fromProducer.logs.arn), 5))');
    expect(program).not.toContain("cross-stack-output-");
  });

  test("refuses a remote state output that the producer does not declare", () => {
    write({
      producer: { ...backend, ...bucket, ...output("${aws_s3_bucket.logs.arn}") },
      consumer: reader("cross-stack-output-aws_s3_bucketlogsid"),
    });
    expect(() => generatePlainProgram(dir)).toThrow(
      "producer: declares no cross-stack output 'cross-stack-output-aws_s3_bucketlogsid'",
    );
  });

  test("refuses a cross-stack output no stack reads, which cdktf would not write", () => {
    write({ producer: { ...backend, ...bucket, ...output("${aws_s3_bucket.logs.arn}") } });
    expect(() => generatePlainProgram(dir)).toThrow(
      "producer: output 'cross-stack-output-aws_s3_bucketlogsarn' is read by no stack",
    );
  });

  test("refuses a remote state that is not a cdktf cross-stack reference", () => {
    write({
      consumer: {
        ...backend,
        data: { terraform_remote_state: { shared: { backend: "local", config: { path: "y.tfstate" } } } },
      },
    });
    expect(() => generatePlainProgram(dir)).toThrow(
      "data.terraform_remote_state.shared: the generator handles only cdktf cross-stack references",
    );
  });
});
