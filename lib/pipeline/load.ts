import * as fs from "fs";
import * as path from "path";
import { GitHubPipeline } from "./declaration";
import { PipelineError } from "./errors";

/** Where `landform pipeline` looks for the declaration when none is given. */
export const DEFAULT_DECLARATIONS = ["landform.pipeline.ts", "landform.pipeline.js"];

/**
 * The GitHubPipeline a module exports (as `default` or `pipeline`). A TypeScript module is
 * transpiled on load, with the project's own @swc/core or typescript: no type check, as cdktf's
 * app runs.
 */
export function loadPipeline(given: string | undefined, cwd: string): { pipeline: GitHubPipeline; file: string } {
  const file = given ?? DEFAULT_DECLARATIONS.find((f) => fs.existsSync(path.join(cwd, f)));
  if (file === undefined)
    throw new PipelineError({
      problem: `no pipeline declaration: ./${DEFAULT_DECLARATIONS[0]} does not exist`,
      fix: "create one exporting `pipeline = new GitHubPipeline({...})`, or pass --config <file>",
    });
  const absolute = path.resolve(cwd, file);
  if (!fs.existsSync(absolute)) throw new PipelineError({ source: `--config ${file}`, problem: "no such file" });
  if (absolute.endsWith(".ts")) registerTypeScript(cwd);
  let exported: Record<string, unknown>;
  try {
    exported = require(absolute);
  } catch (error) {
    const e = error as Error;
    // A declaration's own LandformError (a bad repository name, say) is the message the user needs.
    throw new PipelineError({ source: file, problem: e.message.split("\n")[0].replace(/\.$/, "") });
  }
  const pipeline = [exported.pipeline, exported.default].find((v) => GitHubPipeline.isGitHubPipeline(v));
  if (!pipeline)
    throw new PipelineError({
      source: file,
      problem: "exports no GitHubPipeline",
      fix: "export it as `export const pipeline = new GitHubPipeline({...})`",
    });
  return { pipeline: pipeline as GitHubPipeline, file: file.split(path.sep).join("/") };
}

function registerTypeScript(cwd: string): void {
  if (require.extensions[".ts"]) return;
  const swc = tryRequire("@swc/core", cwd) as { transformSync(code: string, o: object): { code: string } } | undefined;
  const ts = swc ? undefined : (tryRequire("typescript", cwd) as typeof import("typescript") | undefined);
  if (!swc && !ts)
    throw new PipelineError({
      problem: "the declaration is TypeScript, and neither typescript nor @swc/core is installed in this project",
      fix: "install typescript, or write the declaration in JavaScript",
    });
  require.extensions[".ts"] = (module, filename) => {
    const source = fs.readFileSync(filename, "utf8");
    const code = swc
      ? swc.transformSync(source, {
          filename,
          jsc: { parser: { syntax: "typescript" }, target: "es2022" },
          module: { type: "commonjs" },
        }).code
      : ts!.transpileModule(source, {
          fileName: filename,
          compilerOptions: { module: ts!.ModuleKind.CommonJS, target: ts!.ScriptTarget.ES2022, esModuleInterop: true },
        }).outputText;
    (module as unknown as { _compile(code: string, file: string): void })._compile(code, filename);
  };
}

function tryRequire(name: string, cwd: string): unknown {
  try {
    // The project's own compiler first, else the one installed beside Landform.
    return require(require.resolve(name, { paths: [cwd, __dirname] }));
  } catch {
    return undefined;
  }
}
