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
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** The reference modules, synthesized once per test file into a temporary cdktf output folder. */
export function referenceModules(): { outdir: string; modules: ReferenceModule[] } {
  if (built) return built;
  const outdir = tempDir();
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

/** A temporary folder, removed after the test file. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "landform-modules-"));
  made.push(dir);
  return dir;
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
