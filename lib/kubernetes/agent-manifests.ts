import { stringify } from "yaml";
import { OpsInputError } from "../ops/errors";
import { GeneratedFolder } from "../ops/generated-files";
import { isObject } from "../ops/json";
import type { Stack } from "../ops/read";
import { AGENT_LABEL } from "./agent-objects";

/** One file `landform agent manifests` writes: its path under the output folder and its text. */
export interface ManifestFile {
  /** `<cluster>/<file>.yaml` */
  readonly path: string;
  readonly text: string;
}

/** The first line of every file it writes: how `--check` and rewrites recognise them. */
export const MANIFEST_HEADER = "# Written by `landform agent manifests` from the committed stacks; do not edit.\n";
const HEADER =
  MANIFEST_HEADER +
  "# The same objects CI applies in the cluster's <stack>-agent stack; without it, `kubectl apply -k` this folder.\n";

/**
 * The GitOps agents' objects found in synthesized stacks (kubernetes_manifest resources carrying
 * the agent label), as YAML files per cluster: one per object, and a kustomization.yaml listing
 * them. The same objects the `<stack>-agent` stack declares, for teams that bootstrap Flux themselves.
 */
export function agentManifestFiles(stacks: readonly Stack[], cluster?: string): ManifestFile[] {
  const byCluster = new Map<string, { file: string; object: Record<string, unknown> }[]>();
  for (const stack of stacks) {
    const resources = isObject(stack.json.resource) ? stack.json.resource.kubernetes_manifest : undefined;
    if (!isObject(resources)) continue;
    for (const [name, resource] of Object.entries(resources)) {
      const manifest = isObject(resource) ? resource.manifest : undefined;
      if (!isObject(manifest) || !isObject(manifest.metadata)) continue;
      const labels = manifest.metadata.labels;
      const agent = isObject(labels) ? labels[AGENT_LABEL] : undefined;
      if (typeof agent !== "string" || (cluster !== undefined && agent !== cluster)) continue;
      const text = JSON.stringify(manifest);
      if (text.includes("${"))
        throw new OpsInputError({
          source: stack.file,
          prop: `kubernetes_manifest.${name}`,
          problem: "holds a Terraform expression, which YAML for Flux cannot resolve",
          fix: "keep agent objects literal",
        });
      const kind = String(manifest.kind).toLowerCase();
      const list = byCluster.get(agent) ?? [];
      list.push({ file: `${kind}-${String(manifest.metadata.name)}.yaml`, object: manifest });
      byCluster.set(agent, list);
    }
  }
  if (cluster !== undefined && !byCluster.has(cluster))
    throw new OpsInputError({
      problem: `no GitOpsAgent for cluster ${JSON.stringify(cluster)} in the stacks`,
      fix: "give the name of a cluster that has one",
    });
  const files: ManifestFile[] = [];
  for (const [agent, objects] of [...byCluster.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
    objects.sort((a, b) => (a.file < b.file ? -1 : 1));
    for (const { file, object } of objects)
      files.push({
        path: `${agent}/${file}`,
        text: HEADER + stringify(object, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false }),
      });
    const kustomization = {
      apiVersion: "kustomize.config.k8s.io/v1beta1",
      kind: "Kustomization",
      resources: objects.map((o) => o.file),
    };
    files.push({ path: `${agent}/kustomization.yaml`, text: HEADER + stringify(kustomization, { lineWidth: 0 }) });
  }
  return files;
}

/**
 * The manifests as the generated-files writer takes them. Ours is YAML one folder down that starts
 * with the header; with `cluster`, only that cluster's folder is looked at.
 */
export function agentManifestOutput(
  root: string,
  files: readonly ManifestFile[],
  cluster: string | undefined,
  shown: string,
): GeneratedFolder {
  return {
    root,
    shown,
    files: files.map((f) => ({ path: f.path, bytes: f.text })),
    owns: { folders: [cluster ?? ""], pattern: /^[^/]+\/[^/]+\.yaml$/, marker: MANIFEST_HEADER },
  };
}
