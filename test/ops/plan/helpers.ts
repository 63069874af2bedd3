import * as fs from "fs";
import * as path from "path";
import { parseIgnores, readPlanFiles, readStacks } from "../../../lib/ops/plan";

/** test/fixtures/plan: drift and review plans built after Terraform's show-json golden files, and two synthesized stacks. */
export const FIXTURES = path.join(__dirname, "..", "..", "fixtures", "plan");
export const stacks = () => readStacks("synth", FIXTURES);
export const plans = (...targets: string[]) => readPlanFiles(targets, { cwd: FIXTURES }).plans;
export const ignores = () => parseIgnores(fs.readFileSync(path.join(FIXTURES, "ignore.yaml"), "utf8"), "ignore.yaml");
export const TODAY = "2025-11-28";
