import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { buildApp, VERSION } from "../../modules/build";
import { readOutput } from "../../lib/ops/read";

export interface ReferenceModule {
  readonly stack: string;
  readonly name: string;
  readonly provider: string;
  readonly json: Record<string, unknown>;
}

let built: { outdir: string; modules: ReferenceModule[] } | undefined;

/** The reference modules, synthesized once per test file into a temporary cdktf output folder. */
export function referenceModules(): { outdir: string; modules: ReferenceModule[] } {
  if (built) return built;
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-modules-"));
  const { app, modules } = buildApp(outdir);
  app.synth();
  const output = readOutput(outdir);
  built = {
    outdir,
    modules: modules.map(([stack, name, provider]) => ({
      stack,
      name,
      provider,
      json: output.stacks.find((s) => s.name === stack)!.json,
    })),
  };
  return built;
}

export const OPTIONS = (m: ReferenceModule) => ({ name: m.name, provider: m.provider, version: VERSION });

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "landform-module-out-"));
}

/** The message of the error `fn` throws, which must be an instance of `type`. */
export function messageOf(fn: () => unknown, type: abstract new (...args: never[]) => Error): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return (e as Error).message;
  }
  throw new Error("expected an error, and nothing was thrown");
}
