import * as fs from "fs";
import * as path from "path";
import { Testing } from "cdktf";
import { Application, Cloud, Cluster, CronJob, Job, Network } from "../../lib";
import { CLOUDS, once, resourcesOf, synth, TerraformJson, testStack } from "../helpers";
import { openApiErrors } from "../support/kubernetes-openapi";
import { DIGEST_IMAGE, importedCluster, objectsOf } from "./fixtures";

// `nodePool` on Applications, Jobs and CronJobs: the pods' nodeSelector must match the labels the
// synthesized pool's nodes carry (read from the pool resource, not restated here), and the pods
// must tolerate the pool's taints, on both clouds.

type Labels = Record<string, string>;
interface Taint {
  key: string;
  value?: string;
  effect: string;
}
interface Toleration {
  key: string;
  operator: "Equal" | "Exists";
  value?: string;
  effect: string;
}
type PodSpec = { nodeSelector?: Labels; tolerations?: Toleration[] };

const GPU_TAINTS = [
  { key: "nvidia.com/gpu", value: "present", effect: "NoSchedule" as const },
  { key: "dedicated", effect: "NoExecute" as const },
];

/** A cluster with a general pool and a tainted, labelled gpu pool that scales from zero, and workloads on them. */
const build = once((cloud: Cloud) => {
  const stack = testStack(cloud);
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, "cluster", {
    network,
    nodePools: {
      general: {},
      gpu: { minNodes: 0, maxNodes: 2, labels: { accelerator: "nvidia" }, taints: GPU_TAINTS },
    },
  });
  const namespace = cluster.addNamespace(cluster.workloads, "apps", { name: "apps" });
  const common = { cluster, namespace, image: DIGEST_IMAGE };
  new Application(cluster.workloads, "trainer", {
    ...common,
    nodePool: "gpu",
    nodeSelector: { accelerator: "nvidia" },
  });
  new Application(cluster.workloads, "anywhere", common);
  new Job(cluster.workloads, "migrate", { ...common, nodePool: "gpu" });
  new CronJob(cluster.workloads, "nightly", { ...common, nodePool: "general", schedule: "0 3 * * *" });
  return { cluster: synth(stack).config, workloads: objectsOf(synth(cluster.workloads).config) };
});

const EFFECTS: Record<string, string> = {
  NO_SCHEDULE: "NoSchedule",
  PREFER_NO_SCHEDULE: "PreferNoSchedule",
  NO_EXECUTE: "NoExecute",
};

/** What the synthesized pool `key` puts on its nodes: its labels (with the cloud's own pool label) and taints. */
function poolNodes(cloud: Cloud, config: TerraformJson, key: string): { labels: Labels; taints: Taint[] } {
  if (cloud === "aws") {
    const groups = config.resource!.aws_eks_node_group as Record<string, any>;
    const group = groups[Object.keys(groups).find((id) => id.startsWith(`cluster_NodePool-${key}_`))!];
    return {
      labels: group.labels ?? {},
      taints: (group.taint ?? []).map((t: any) => ({ key: t.key, value: t.value, effect: EFFECTS[t.effect] })),
    };
  }
  const pool = (resourcesOf(config, "google_container_node_pool") as any[]).find((p) => p.name === key);
  // GKE labels every node with its pool's name (GKE docs, "About node pools").
  return {
    labels: { ...pool.node_config.labels, "cloud.google.com/gke-nodepool": pool.name },
    taints: (pool.node_config.taint ?? []).map((t: any) => ({
      key: t.key,
      value: t.value === "" ? undefined : t.value,
      effect: EFFECTS[t.effect],
    })),
  };
}

const selects = (selector: Labels, labels: Labels) => Object.entries(selector).every(([k, v]) => labels[k] === v);

/** Kubernetes' toleration matching (k8s.io/api/core/v1 Toleration.ToleratesTaint). */
const tolerates = (tolerations: Toleration[], taint: Taint) =>
  tolerations.some(
    (t) =>
      t.key === taint.key &&
      t.effect === taint.effect &&
      (t.operator === "Exists" || (t.value ?? "") === (taint.value ?? "")),
  );

function podOf(objects: Record<string, any>, kind: string, name: string): PodSpec {
  const key = Object.keys(objects).find((k) => k === `${kind}/${name}` || k.startsWith(`${kind}/${name}-`))!;
  const o = objects[key];
  return kind === "CronJob" ? o.spec.jobTemplate.spec.template.spec : o.spec.template.spec;
}

describe.each(CLOUDS)("nodePool on %s", (cloud: Cloud) => {
  const { cluster, workloads } = build(cloud);
  const gpu = poolNodes(cloud, cluster, "gpu");
  const general = poolNodes(cloud, cluster, "general");

  test.each([
    ["Deployment", "trainer", "gpu"],
    ["Job", "migrate", "gpu"],
    ["CronJob", "nightly", "general"],
  ])("the %s %s selects exactly the %s pool's nodes, as synthesized", (kind, name, pool) => {
    const pod = podOf(workloads, kind, name);
    const [own, other] = pool === "gpu" ? [gpu, general] : [general, gpu];
    expect(pod.nodeSelector).toBeDefined();
    expect(selects(pod.nodeSelector!, own.labels)).toBe(true);
    expect(selects(pod.nodeSelector!, other.labels)).toBe(false);
    // Every taint of its pool is tolerated, and nothing more.
    for (const taint of own.taints) expect(tolerates(pod.tolerations ?? [], taint)).toBe(true);
    expect(pod.tolerations ?? []).toHaveLength(own.taints.length);
  });

  test("the gpu pool's taints are on its nodes and tolerated as written", () => {
    expect(gpu.taints).toHaveLength(2);
    expect(podOf(workloads, "Deployment", "trainer").tolerations).toEqual([
      { key: "nvidia.com/gpu", operator: "Equal", value: "present", effect: "NoSchedule" },
      { key: "dedicated", operator: "Exists", effect: "NoExecute" },
    ]);
  });

  test("a nodeSelector that agrees with the pool is kept beside the pool's selector", () => {
    expect(podOf(workloads, "Deployment", "trainer").nodeSelector).toMatchObject({ accelerator: "nvidia" });
  });

  test("without nodePool, a pod selects no node and tolerates no taint", () => {
    const pod = podOf(workloads, "Deployment", "anywhere");
    expect(pod.nodeSelector).toBeUndefined();
    expect(pod.tolerations).toBeUndefined();
  });

  test("the objects stay valid against the Kubernetes OpenAPI", () => {
    for (const key of ["Deployment/trainer", "Deployment/anywhere", "CronJob/nightly"])
      expect(openApiErrors(workloads[key] as never)).toEqual([]);
    const job = Object.keys(workloads).find((k) => k.startsWith("Job/migrate-"))!;
    expect(openApiErrors(workloads[job] as never)).toEqual([]);
  });
});

describe("the pool label is Landform's only where the cloud's cannot be known at synth", () => {
  test("gcp: each pool is named exactly its key, so GKE's own cloud.google.com/gke-nodepool label matches", () => {
    const pools = resourcesOf(build("gcp").cluster, "google_container_node_pool") as any[];
    expect(pools.map((p) => [p.name, p.name_prefix])).toEqual([
      ["general", undefined],
      ["gpu", undefined],
    ]);
  });

  test("aws: node groups are named with a prefix (EKS adds a random suffix), so they carry landform.dev/node-pool", () => {
    const groups = resourcesOf(build("aws").cluster, "aws_eks_node_group") as any[];
    expect(groups.map((g) => [g.node_group_name, g.labels["landform.dev/node-pool"]])).toEqual([
      [undefined, "general"],
      [undefined, "gpu"],
    ]);
    expect(groups.every((g) => typeof g.node_group_name_prefix === "string")).toBe(true);
  });

  // The label was added to existing node groups: it must stay an in-place update. `labels` is the
  // one argument of aws_eks_node_group that carries it; the arguments that force a new group
  // (ForceNew in hashicorp/aws internal/service/eks/node_group.go) never mention it. Checked on
  // the committed reference output, which `npm run synth:check` keeps equal to what lib/ builds.
  const FORCE_NEW = [
    "ami_type",
    "capacity_type",
    "cluster_name",
    "disk_size",
    "instance_types",
    "launch_template",
    "node_group_name",
    "node_group_name_prefix",
    "node_role_arn",
    "remote_access",
    "subnet_ids",
  ];
  const committed = ["dev", "staging", "prod"].map((env) => {
    const file = path.join(__dirname, `../../terraform/stacks/aws-${env}/cdk.tf.json`);
    return [env, JSON.parse(fs.readFileSync(file, "utf8")) as TerraformJson] as const;
  });

  test.each(committed)("aws-%s: every node group carries its pool's name in labels, and only there", (_, config) => {
    const groups = config.resource!.aws_eks_node_group as Record<string, any>;
    expect(Object.keys(groups).length).toBeGreaterThan(0);
    for (const [id, group] of Object.entries(groups)) {
      const key = /^cluster_NodePool-(.+)_[0-9A-F]{8}$/.exec(id)![1];
      expect(group.labels["landform.dev/node-pool"]).toBe(key);
      for (const arg of FORCE_NEW) expect(JSON.stringify(group[arg] ?? null)).not.toContain("landform.dev/node-pool");
    }
  });
});

describe("bad input", () => {
  /** A fresh cluster with pools general and gpu; `extra` props on an Application, Job or CronJob. */
  function workload(kind: "Application" | "Job" | "CronJob", extra: Record<string, unknown>, cloud: Cloud = "aws") {
    const stack = testStack(cloud, {}, Testing.app());
    const cluster = new Cluster(stack, "cluster", {
      network: new Network(stack, "network"),
      nodePools: { general: {}, gpu: { labels: { accelerator: "nvidia" } } },
    });
    const props = { cluster, namespace: "apps", image: DIGEST_IMAGE, ...extra } as never;
    return () => {
      if (kind === "Application") new Application(cluster.workloads, "w", props);
      else if (kind === "Job") new Job(cluster.workloads, "w", props);
      else new CronJob(cluster.workloads, "w", { ...(props as object), schedule: "@daily" } as never);
    };
  }

  test.each(["Application", "Job", "CronJob"] as const)(
    "%s: a pool the cluster does not declare names the path, the prop, the value and the pools",
    (kind) => {
      expect(workload(kind, { nodePool: "gpus" })).toThrow(
        `${kind} 'aws-test-workloads/w': nodePool "gpus" is not a node pool of cluster 'aws-test/cluster', ` +
          `which declares "general", "gpu"; use one of "general", "gpu", or add the pool to the cluster's nodePools.`,
      );
    },
  );

  test.each(CLOUDS)("%s: a nodeSelector label that contradicts the pool's selector or labels", (cloud) => {
    const key = cloud === "aws" ? "landform.dev/node-pool" : "cloud.google.com/gke-nodepool";
    expect(workload("Application", { nodePool: "gpu", nodeSelector: { [key]: "general" } }, cloud)).toThrow(
      `Application '${cloud}-test-workloads/w': nodeSelector.${key} "general" contradicts nodePool "gpu", ` +
        `whose nodes carry ${key}=gpu; drop nodeSelector.${key}, or set it to "gpu".`,
    );
    expect(workload("Job", { nodePool: "gpu", nodeSelector: { accelerator: "amd" } }, cloud)).toThrow(
      /nodeSelector\.accelerator "amd" contradicts nodePool "gpu", whose nodes carry accelerator=nvidia/,
    );
    // The same value, or a label the pool does not declare, is no contradiction.
    expect(workload("Job", { nodePool: "gpu", nodeSelector: { [key]: "gpu", zone: "a" } }, cloud)).not.toThrow();
  });

  test("a label named like an Object member is not mistaken for a pool label", () => {
    expect(workload("Application", { nodePool: "gpu", nodeSelector: { constructor: "x" } })).not.toThrow();
  });

  test("wrong types are refused by the rule table, naming nodePool", () => {
    for (const bad of [42, "", ["gpu"], null])
      expect(workload("Application", { nodePool: bad })).toThrow(/'aws-test-workloads\/w': nodePool /);
  });

  test.each(CLOUDS)("%s: an imported cluster's pools are unknown, so nodePool is an error", (cloud) => {
    const stack = testStack(cloud, {}, Testing.app());
    const cluster = importedCluster(stack);
    expect(() => new Job(stack, "w", { cluster, namespace: "apps", image: DIGEST_IMAGE, nodePool: "gpu" })).toThrow(
      `Job '${cloud}-test/w': nodePool "gpu" names a node pool of cluster '${cloud}-test/shared', whose pools ` +
        `Landform does not know (it was made elsewhere); select the pool's nodes by their labels with nodeSelector.`,
    );
  });

  test.each(CLOUDS)("%s: a pool may not set the label Landform sets to its name", (cloud) => {
    const stack = testStack(cloud, {}, Testing.app());
    const network = new Network(stack, "network");
    expect(
      () =>
        new Cluster(stack, "cluster", { network, nodePools: { gpu: { labels: { "landform.dev/node-pool": "cpu" } } } }),
    ).toThrow(
      `Cluster '${cloud}-test/cluster': nodePools.gpu.labels "landform.dev/node-pool" is the label Landform sets to ` +
        `the pool's name; use another key; workloads select a pool with nodePool.`,
    );
  });
});
