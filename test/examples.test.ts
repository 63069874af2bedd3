import { App, Testing } from "cdktf";
import fs from "fs";
import os from "os";
import path from "path";
import { Cloud } from "../lib";
import { CLOUDS } from "./helpers";

// Every example in examples/ exports `build(app, cloud)`; each must synthesize on both clouds.
const dir = path.resolve(__dirname, "../examples");
const examples = fs.readdirSync(dir).filter((f) => f.endsWith(".ts"));

describe.each(examples)("example %s", (file) => {
  test.each(CLOUDS)("synthesizes on %s", (cloud) => {
    const example = require(path.join(dir, file)) as { build: (app: App, cloud: Cloud) => unknown };
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-example-"));
    try {
      const app = Testing.app({ outdir });
      example.build(app, cloud);
      app.synth();
      const stacks = fs.readdirSync(path.join(outdir, "stacks"));
      expect(stacks.length).toBeGreaterThan(0);
      for (const s of stacks) {
        const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks", s, "cdk.tf.json"), "utf8"));
        expect(Object.keys(json.resource ?? {}).length).toBeGreaterThan(0);
        // A stack on one cloud configures that cloud's provider and never the other's.
        expect(json.provider).toHaveProperty(cloud === "aws" ? "aws" : "google");
        expect(json.provider).not.toHaveProperty(cloud === "aws" ? "google" : "aws");
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
