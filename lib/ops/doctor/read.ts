import * as fs from "fs";
import * as path from "path";
import { parse, parseAllDocuments } from "yaml";
import { isObject } from "../../core/is-object";
import { fsProblem, InputError } from "../errors";
import { readOutput, Stack } from "../read";
import { displayPath } from "../source";

/** A committed artefact as doctor reads it: parsed, with the file messages name. */
export interface WorkflowFile {
  readonly file: string;
  readonly json: Record<string, unknown>;
}

/** A Kubernetes object of the pull agent (`gitops/<cluster>/*.yaml`, or a `kubernetes_manifest` in a stack). */
export interface AgentObject {
  readonly file: string;
  readonly kind: string;
  readonly apiVersion: string;
  readonly name: string;
  readonly namespace: string;
  /** The agent (cluster) it belongs to: its `landform.dev/agent` label, else its folder under `gitops/`. */
  readonly agent: string;
  readonly json: Record<string, unknown>;
  /** The stack that declares it as a `kubernetes_manifest`, when one does. */
  readonly declaredIn?: string;
}

/** The three committed artefacts doctor reads, and nothing else. */
export interface Artefacts {
  readonly stacks: readonly Stack[];
  readonly workflows: readonly WorkflowFile[];
  readonly agentObjects: readonly AgentObject[];
}

/** Where the artefacts are, relative to `cwd`; `workflows` and `gitops` may be absent folders. */
export interface ArtefactPaths {
  readonly terraform: string;
  readonly workflows: string;
  readonly gitops: string;
  readonly cwd?: string;
  /** Folders that may be absent (the CLI's defaults); a folder given and absent is bad input. @default none */
  readonly optional?: readonly ("workflows" | "gitops")[];
}

/** Reads the synthesized stacks, the workflow files and the agent's objects. Bad input throws {@link InputError}. */
export function readArtefacts(paths: ArtefactPaths): Artefacts {
  const cwd = paths.cwd ?? process.cwd();
  const optional = new Set(paths.optional ?? []);
  const stacks = readOutput(paths.terraform, cwd).stacks;
  const workflows = yamlFiles(path.resolve(cwd, paths.workflows), cwd, false, optional.has("workflows")).flatMap(
    ({ file, docs }) => {
      const [json] = docs;
      if (docs.length !== 1 || !isObject(json) || !isObject(json.jobs))
        throw new InputError({ source: file, problem: "is not a GitHub Actions workflow (no jobs object)" });
      return [{ file, json }];
    },
  );
  const gitopsDir = path.resolve(cwd, paths.gitops);
  const fromFolder = yamlFiles(gitopsDir, cwd, true, optional.has("gitops")).flatMap(({ file, rel, docs }) =>
    docs.flatMap((doc) => agentObject(doc, file, rel.split("/").length > 1 ? rel.split("/")[0] : "")),
  );
  const fromStacks = stacks.flatMap((s) =>
    Object.values(
      isObject(s.json.resource) && isObject(s.json.resource.kubernetes_manifest)
        ? s.json.resource.kubernetes_manifest
        : {},
    )
      .filter(isObject)
      .flatMap((r) => agentObject(r.manifest, s.file, "").map((o) => ({ ...o, declaredIn: s.name }))),
  );
  // An object in gitops/ and in a stack is one object: the folder's copy, noting the stack that declares it.
  const byKey = new Map<string, AgentObject>();
  for (const o of [...fromFolder, ...fromStacks]) {
    const key = `${o.agent}/${o.kind}/${o.namespace}/${o.name}`;
    const known = byKey.get(key);
    byKey.set(key, known === undefined ? o : { ...known, declaredIn: known.declaredIn ?? o.declaredIn });
  }
  return { stacks, workflows, agentObjects: [...byKey.values()] };
}

const AGENT_KINDS = new Set(["Terraform", "GitRepository", "OCIRepository", "Bucket"]);

function agentObject(doc: unknown, file: string, folder: string): AgentObject[] {
  if (!isObject(doc) || typeof doc.kind !== "string" || !AGENT_KINDS.has(doc.kind)) return [];
  const apiVersion = typeof doc.apiVersion === "string" ? doc.apiVersion : "";
  if (!/^(infra\.contrib|source\.toolkit)\.fluxcd\.io\//.test(apiVersion)) return [];
  const meta = isObject(doc.metadata) ? doc.metadata : {};
  const labels = isObject(meta.labels) ? meta.labels : {};
  const agent = typeof labels["landform.dev/agent"] === "string" ? labels["landform.dev/agent"] : folder;
  const name = typeof meta.name === "string" ? meta.name : "";
  const namespace = typeof meta.namespace === "string" ? meta.namespace : "default";
  return [{ file, kind: doc.kind, apiVersion, name, namespace, agent, json: doc }];
}

/** Every `*.yml`/`*.yaml` under `dir` (recursive when asked), parsed; an absent folder has none. */
function yamlFiles(
  dir: string,
  cwd: string,
  recursive: boolean,
  optional: boolean,
): { file: string; rel: string; docs: unknown[] }[] {
  const shown = displayPath(dir, cwd);
  let entries: fs.Dirent[];
  try {
    if (!fs.statSync(dir).isDirectory())
      throw new InputError({ source: shown, problem: "is a file where a folder was expected" });
    entries = fs.readdirSync(dir, { withFileTypes: true, recursive }) as fs.Dirent[];
  } catch (error) {
    if (optional && (error as { code?: string }).code === "ENOENT") return [];
    if (error instanceof InputError) throw error;
    throw fsProblem(error, shown);
  }
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => path.join(e.parentPath ?? dir, e.name))
    .sort()
    .map((absolute) => {
      const file = displayPath(absolute, cwd);
      let text: string;
      try {
        text = fs.readFileSync(absolute, "utf8");
      } catch (error) {
        throw fsProblem(error, file);
      }
      let docs: unknown[];
      try {
        // One document (a workflow) parses twice as fast through parse() as through the documents API.
        docs = recursive ? allDocuments(text) : [parse(text)];
      } catch (error) {
        throw new InputError({
          source: file,
          problem: `is not valid YAML (${(error as Error).message.split("\n")[0]})`,
        });
      }
      return {
        file,
        rel: path.relative(dir, absolute).split(path.sep).join("/"),
        docs: docs.filter((d) => d !== null && d !== undefined),
      };
    });
}

function allDocuments(text: string): unknown[] {
  // One document (no `---` after the first line): parse() is twice as fast as the documents API.
  if (!/\n---(\s|$)/.test(text)) return [parse(text)];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const bad = list.find((d) => d.errors.length > 0);
  if (bad) throw bad.errors[0];
  return list.map((d) => d.toJS() as unknown);
}
