import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { matches } from "../../lib/pipeline/declaration";
import { placeStacks } from "../../lib/pipeline/generate";
import { pipelineStacks } from "../../lib/pipeline/stacks";
import { waves } from "../../lib/ops/graph";
import { readOutput } from "../../lib/ops/read";
import { pipeline } from "../../stacks/pipeline";

/**
 * The reference platform's committed artefacts agree on who applies what: every stack has exactly one
 * applier (a workflow job, the in-cluster agent, or a person for the bootstrap stacks), the agent
 * never applies the cluster it runs on, and an environment is gated in the pipeline exactly when the
 * agent waits for approval there (kubernetes-delivery-review A9, S1; terraform-apply-review-2 N3).
 */
const ROOT = path.join(__dirname, "..", "..");
const stacks = readOutput("terraform", ROOT).stacks;
const placement = placeStacks(pipeline.spec, stacks, ROOT);

/** Every Terraform object in gitops/<cluster>/, as committed. */
function agentObjects(): { cluster: string; object: any }[] {
  const dir = path.join(ROOT, "gitops");
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((cluster) =>
      fs
        .readdirSync(path.join(dir, cluster))
        .filter((f) => f.startsWith("terraform-"))
        .map((f) => ({ cluster, object: parse(fs.readFileSync(path.join(dir, cluster, f), "utf8")) })),
    );
}

test("the stacks the agents apply are exactly the stacks the pipeline leaves to them", () => {
  const byAgent = agentObjects().map((o) => o.object.metadata.name as string);
  const pulled = placement.skipped
    .filter((s) => !pipeline.spec.manual.some((p) => matches(p, s.name)))
    .map((s) => s.name);
  expect(byAgent.length).toBeGreaterThan(0);
  expect([...byAgent].sort()).toEqual([...pulled].sort());
  // No stack has two appliers: nothing a workflow job runs is applied by an agent.
  const placed = new Set(placement.placed.map((p) => p.stack.name));
  expect(byAgent.filter((n) => placed.has(n))).toEqual([]);
  // Every stack has one: placed, left to an agent, or applied by a person.
  const manual = placement.skipped.filter((s) => pipeline.spec.manual.some((p) => matches(p, s.name)));
  expect(placed.size + byAgent.length + manual.length).toBe(stacks.length);
});

test("no agent applies the stack of its own cluster, the add-ons stack, or the stack holding its objects", () => {
  for (const { cluster, object } of agentObjects()) {
    const home = cluster.replace(/-cluster$/, "");
    expect([cluster, object.metadata.name]).not.toEqual([cluster, home]);
    expect([cluster, object.metadata.name]).not.toEqual([cluster, `${home}-addons`]);
    expect([cluster, object.metadata.name]).not.toEqual([cluster, `${home}-agent`]);
  }
  // The agents' own objects are in <env>-agent stacks, which a workflow job applies.
  const agentStacks = stacks.filter((s) => JSON.stringify(s.json).includes('"landform.dev/agent"')).map((s) => s.name);
  expect(agentStacks.length).toBe(6);
  for (const name of agentStacks) {
    expect(name).toMatch(/-agent$/);
    expect(placement.placed.map((p) => p.stack.name)).toContain(name);
  }
});

test("an environment gated in the pipeline is gated by the agent, and one that is not applies on its own", () => {
  const cloudStacks = stacks.filter((s) => s.cloud !== undefined);
  const byName = new Map(pipelineStacks(cloudStacks, waves(cloudStacks), ROOT).map((s) => [s.name, s]));
  const seen = new Set<string>();
  for (const { object } of agentObjects()) {
    const environment = byName.get(object.metadata.name)!.environment;
    seen.add(environment);
    const gated = object.spec.approvePlan !== "auto";
    expect([object.metadata.name, gated]).toEqual([object.metadata.name, pipeline.needsApproval(environment)]);
  }
  expect([...seen].sort()).toEqual(["dev", "prod", "staging"]);
});

test("every agent runs its stacks in a runner image with resources, since their providers exec a credential command", () => {
  for (const { object } of agentObjects()) {
    const spec = object.spec.runnerPodTemplate.spec;
    expect(spec.image).toMatch(/@sha256:[0-9a-f]{64}$/);
    expect(spec.resources.requests).toEqual({ cpu: "500m", memory: "1Gi" });
  }
});

test("the first-run order: cluster, then add-ons, then the agent's stack, then (by the agent) workloads", () => {
  const wave = new Map(waves(stacks).flatMap((names, i) => names.map((n) => [n, i] as const)));
  const needs = new Map(placement.placed.map((p) => [p.stack.name, p.needs]));
  for (const { cluster } of agentObjects()) {
    const home = cluster.replace(/-cluster$/, "");
    expect(wave.get(`${home}-addons`)!).toBeGreaterThan(wave.get(home)!);
    expect(wave.get(`${home}-agent`)!).toBeGreaterThan(wave.get(`${home}-addons`)!);
    // The deploy workflow's job for the agent's stack waits for the add-ons job (the CRDs).
    expect(needs.get(`${home}-agent`)).toContain(`${home}-addons`);
    expect(needs.get(`${home}-addons`)).toContain(home);
  }
});

/**
 * kubernetes-delivery-review A5: each agent reads the OCI artifact its cluster's publish job pushes
 * (same repository and tag), and that job pushes exactly the stack folders the agent's Terraform
 * objects read from the artifact's root.
 */
test("every agent reads the artifact the deploy workflow pushes for its cluster, holding exactly its stacks", () => {
  const deploy = parse(fs.readFileSync(path.join(ROOT, ".github/workflows/landform-deploy.yml"), "utf8")) as {
    jobs: Record<string, { steps: { name: string; env?: Record<string, string>; run?: string }[] }>;
  };
  const pushed = new Map<string, string[]>();
  for (const [id, job] of Object.entries(deploy.jobs)) {
    if (!id.startsWith("publish-agent-")) continue;
    const step = job.steps.find((s) => s.name === "Push the agent's stacks when they changed")!;
    const copied = [...step.run!.matchAll(/^cp -R '([^']+)' "\$dir\/([^"]+)"$/gm)].map((m) => {
      expect(m[1]).toBe(`terraform/stacks/${m[2]}`);
      return m[2];
    });
    pushed.set(step.env!.URL, copied.sort());
  }
  const dir = path.join(ROOT, "gitops");
  const clusters = fs.readdirSync(dir).sort();
  expect(clusters.length).toBeGreaterThan(0);
  for (const cluster of clusters) {
    const source = parse(fs.readFileSync(path.join(dir, cluster, "ocirepository-landform-stacks.yaml"), "utf8"));
    expect(source.kind).toBe("OCIRepository");
    const url = `${source.spec.url}:${source.spec.ref.tag}`;
    const paths = agentObjects()
      .filter((o) => o.cluster === cluster)
      .map((o) => {
        expect(o.object.spec.sourceRef).toEqual({
          kind: "OCIRepository",
          name: "landform-stacks",
          namespace: "flux-system",
        });
        return (o.object.spec.path as string).replace(/^\.\//, "");
      })
      .sort();
    expect({ cluster, stacks: pushed.get(url) }).toEqual({ cluster, stacks: paths });
    // A private package: source-controller logs in with the docker-registry secret.
    expect(source.spec.provider).toBe("generic");
    expect(source.spec.secretRef).toEqual({ name: expect.any(String) });
  }
  expect(pushed.size).toBe(clusters.length);
});
