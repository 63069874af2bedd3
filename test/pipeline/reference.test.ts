import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { waves } from "../../lib/ops/graph";
import { readOutput } from "../../lib/ops/read";
import { generateWorkflows, staleFiles } from "../../lib/pipeline";
import { workflowsPack } from "../../lib/policy/packs/workflows";
import { checkWorkflows } from "../../lib/policy/workflows/rule";
import { pipeline } from "../../stacks/pipeline";
import { schemaErrors, structuralProblems } from "./fixture";

const root = path.join(__dirname, "../..");
const stacks = readOutput("terraform", root).stacks;
const result = generateWorkflows(pipeline, stacks, { output: "terraform", cwd: root, source: "stacks/pipeline.ts" });

describe("the reference platform's committed workflows", () => {
  test("are fresh: what `landform pipeline generate` writes now", () => {
    expect(staleFiles(root, result.workflows, result.files)).toEqual([]);
  });

  test.each(result.workflows.map((w) => [w.path]))("%s passes the schema and the structural checks", (file) => {
    const text = fs.readFileSync(path.join(root, file), "utf8");
    expect(schemaErrors(text)).toEqual([]);
    expect(structuralProblems(text, waves(stacks))).toEqual([]);
  });

  test("pass the workflows policy pack", () => {
    const files = result.workflows.map((w) => ({
      file: w.path,
      workflow: parse(fs.readFileSync(path.join(root, w.path), "utf8")),
    }));
    expect(checkWorkflows(files, workflowsPack)).toEqual([]);
  });
});
