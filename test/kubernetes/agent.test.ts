import * as fs from "fs";
import { parse } from "yaml";
import * as os from "os";
import * as path from "path";
import { App, Testing } from "cdktf";
import { Cloud, CloudStack, Cluster, GitCredentials, GitOpsAgent, ImageRef } from "../../lib";
import { agentManifestFiles } from "../../lib/kubernetes/agent-manifests";
import { readOutput } from "../../lib/ops/read";
import { cli } from "../cli/helpers";
import { CLOUDS, stackProps, synth } from "../helpers";
import { crdErrors } from "./crd";
import { importedCluster, manifestsOf, withCluster } from "./fixtures";

const URL = "ssh://git@github.com/acme/platform.git";

function agentOn(cloud: Cloud, env = "dev") {
  const app = Testing.app();
  const ctx = withCluster(cloud, app);
  if (env !== "dev") throw new Error("use prodAgent");
  const agent = new GitOpsAgent(ctx.cluster.workloads, "agent", {
    cluster: ctx.cluster,
    url: URL,
    credentials: GitCredentials.deployKey("landform-git"),
  });
  return { ...ctx, agent };
}

describe.each(CLOUDS)("GitOpsAgent on %s", (cloud: Cloud) => {
  test("a GitRepository on the trunk and one Terraform object per stack of the cloud and environment, valid against the CRDs", () => {
    const { cluster, agent, app } = agentOn(cloud);
    new CloudStack(app, "other-cloud", stackProps(cloud === "aws" ? "gcp" : "aws"));
    const { objects } = manifestsOf(cluster.workloads);
    const names = Object.keys(objects).filter((k) => /^(GitRepository|Terraform)\//.test(k));
    expect(names.sort()).toEqual([
      "GitRepository/landform-stacks",
      `Terraform/${cloud}-test`,
      `Terraform/${cloud}-test-addons`,
      `Terraform/${cloud}-test-workloads`,
    ]);
    expect(agent.stacks).toEqual([
      { name: `${cloud}-test`, dependsOn: [] },
      { name: `${cloud}-test-addons`, dependsOn: [`${cloud}-test`] },
      { name: `${cloud}-test-workloads`, dependsOn: [`${cloud}-test`, `${cloud}-test-addons`] },
    ]);
    const source = objects["GitRepository/landform-stacks"] as any;
    expect(source.spec).toEqual({
      interval: "1m",
      url: URL,
      ref: { branch: "main" },
      secretRef: { name: "landform-git" },
      // Only the committed stacks: the agent's own YAML (gitops/) is never part of what it applies.
      ignore: "/*\n!/terraform/stacks/\n",
    });
    const workloads = objects[`Terraform/${cloud}-test-workloads`] as any;
    expect(workloads.spec).toEqual({
      interval: "10m",
      path: `./terraform/stacks/${cloud}-test-workloads`,
      sourceRef: { kind: "GitRepository", name: "landform-stacks", namespace: "flux-system" },
      approvePlan: "auto",
      backendConfig: { disable: true },
      serviceAccountName: "tf-runner",
      disableDriftDetection: false,
      destroyResourcesOnDeletion: false,
      alwaysCleanupRunnerPod: true,
      storeReadablePlan: "human",
      dependsOn: [
        { name: `${cloud}-test`, namespace: "flux-system" },
        { name: `${cloud}-test-addons`, namespace: "flux-system" },
      ],
    });
    for (const name of names) expect(crdErrors(objects[name] as any)).toEqual([]);
  });

  test("installs source-controller and tofu-controller, pinned, with the runner bound to a cloud identity", () => {
    const { cluster, agent } = agentOn(cloud);
    const { config } = synth(cluster.addons);
    const releases = Object.values(config.resource!.helm_release) as any[];
    const byChart = Object.fromEntries(releases.map((r) => [r.chart, r]));
    expect(byChart.flux2).toMatchObject({ version: "2.18.3", namespace: "flux-system" });
    expect(JSON.parse(byChart.flux2.values[0])).toMatchObject({
      sourceController: { create: true },
      kustomizeController: { create: false },
      helmController: { create: false },
    });
    expect(byChart["tofu-controller"]).toMatchObject({ version: "0.16.5", namespace: "flux-system" });
    const runner = JSON.parse(byChart["tofu-controller"].values[0]).runner.serviceAccount;
    expect(runner.name).toBe("tf-runner");
    const annotation = cloud === "aws" ? "eks.amazonaws.com/role-arn" : "iam.gke.io/gcp-service-account";
    expect(Object.keys(runner.annotations)).toEqual([annotation]);
    expect(agent.identity.principal).toBeDefined();
    if (cloud === "gcp") {
      const binding = Object.values(config.resource!.google_service_account_iam_member)[0] as any;
      expect(binding.member).toBe("serviceAccount:acme-test-123.svc.id.goog[flux-system/tf-runner]");
    }
  });

  test("production: plans wait for approval (no approvePlan), which is never a commit", () => {
    const app = Testing.app();
    const stack = new CloudStack(app, `${cloud}-prod`, stackProps(cloud, { environment: "prod" }));
    const { Network } = require("../../lib") as typeof import("../../lib");
    // Production EKS needs a named admin role.
    const admins = cloud === "aws" ? ["arn:aws:iam::123456789012:role/platform-admins"] : undefined;
    const cluster = new Cluster(stack, "cluster", { network: new Network(stack, "network"), admins });
    new GitOpsAgent(cluster.workloads, "agent", { cluster, url: URL, credentials: GitCredentials.githubApp("gh-app") });
    const { objects } = manifestsOf(cluster.workloads);
    const terraform = objects[`Terraform/${cloud}-prod`] as any;
    expect(terraform.spec.approvePlan).toBeUndefined();
    expect((objects["GitRepository/landform-stacks"] as any).spec).toMatchObject({
      provider: "github",
      secretRef: { name: "gh-app" },
    });
    expect(crdErrors(terraform)).toEqual([]);
  });

  test("a runner image is pinned and set on the runner pods", () => {
    const { cluster } = withCluster(cloud);
    const image = ImageRef.of(`ghcr.io/acme/tf-runner@sha256:${"ab".repeat(32)}`);
    new GitOpsAgent(cluster.workloads, "agent", {
      cluster,
      url: URL,
      credentials: GitCredentials.none(),
      runnerImage: image,
    });
    const { objects } = manifestsOf(cluster.workloads);
    const terraform = objects[`Terraform/${cloud}-test`] as any;
    expect(terraform.spec.runnerPodTemplate).toEqual({ spec: { image: image.toString() } });
    expect(crdErrors(terraform)).toEqual([]);
    expect((objects["GitRepository/landform-stacks"] as any).spec.secretRef).toBeUndefined();
  });

  describe("bad input", () => {
    test("stacks that form a cycle", () => {
      const app = Testing.app();
      const { cluster } = withCluster(cloud, app);
      const a = new CloudStack(app, "a", stackProps(cloud));
      const b = new CloudStack(app, "b", stackProps(cloud));
      a.addDependency(b);
      // cdktf refuses this through addDependency; a graph edited by hand still reaches the agent.
      b.dependencies.push(a);
      expect(
        () => new GitOpsAgent(cluster.workloads, "agent", { cluster, url: URL, credentials: GitCredentials.none() }),
      ).toThrow(
        `GitOpsAgent '${cloud}-test-workloads/agent': the stacks it applies depend on each other in a cycle: a -> b -> a; remove one of those stack dependencies.`,
      );
    });

    test("a stack created after the agent fails the synth", () => {
      const { cluster, app } = agentOn(cloud);
      new CloudStack(app, "late", stackProps(cloud));
      expect(() => app.synth()).toThrow(
        `the stacks of ${cloud} dev or their dependencies changed after the GitOpsAgent was created; create the agent after every stack and dependency`,
      );
      void cluster;
    });

    test("a URL that is not ssh:// or https://", () => {
      const { cluster } = withCluster(cloud);
      expect(
        () =>
          new GitOpsAgent(cluster.workloads, "agent", {
            cluster,
            url: "git@github.com:acme/platform.git",
            credentials: GitCredentials.none(),
          }),
      ).toThrow(
        `GitOpsAgent '${cloud}-test-workloads/agent': url "git@github.com:acme/platform.git" is not valid; use an ssh:// or https:// repository URL, e.g. ssh://git@github.com/acme/platform.git.`,
      );
    });

    test("a cluster made elsewhere: the controllers' stack is required, and the agent's stack must depend on it", () => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-")) });
      const addons = new CloudStack(app, "addons", stackProps(cloud));
      const apps = new CloudStack(app, "apps", stackProps(cloud));
      const cluster = importedCluster(apps);
      expect(() => new GitOpsAgent(apps, "agent1", { cluster, url: URL, credentials: GitCredentials.none() })).toThrow(
        "GitOpsAgent 'apps/agent1': addonsStack undefined is missing for a cluster made elsewhere; pass the stack that installs the controllers.",
      );
      expect(
        () =>
          new GitOpsAgent(apps, "agent2", {
            cluster,
            url: URL,
            credentials: GitCredentials.none(),
            addonsStack: addons,
          }),
      ).toThrow(
        "GitOpsAgent 'apps/agent2': stack 'apps' declares flux custom resources but does not depend on 'addons', which installs the controller; call apps.addDependency(addons) so the CRDs exist before it is planned.",
      );
    });
  });
});

describe("landform agent manifests", () => {
  function synthesized() {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-out-"));
    const app = new App({ outdir });
    const ctx = withCluster("gcp", app);
    new GitOpsAgent(ctx.cluster.workloads, "agent", {
      cluster: ctx.cluster,
      url: URL,
      credentials: GitCredentials.deployKey("k"),
    });
    app.synth();
    return outdir;
  }

  test("writes the agent's objects as YAML that parses back to the synthesized objects, and checks freshness", () => {
    const outdir = synthesized();
    const files = agentManifestFiles(readOutput(outdir).stacks);
    expect(files.map((f) => f.path)).toEqual([
      "gcp-test-cluster/gitrepository-landform-stacks.yaml",
      "gcp-test-cluster/terraform-gcp-test-addons.yaml",
      "gcp-test-cluster/terraform-gcp-test-workloads.yaml",
      "gcp-test-cluster/terraform-gcp-test.yaml",
      "gcp-test-cluster/kustomization.yaml",
    ]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/gcp-test-workloads/cdk.tf.json"), "utf8"));
    const synthesizedObjects = Object.values(json.resource.kubernetes_manifest).map((r: any) => r.manifest);
    for (const file of files.filter((f) => !f.path.endsWith("kustomization.yaml"))) {
      const object = parse(file.text) as any;
      expect(synthesizedObjects).toContainEqual(object);
      expect(crdErrors(object)).toEqual([]);
    }

    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-cwd-"));
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd }).code).toBe(1);
    const written = cli(["agent", "manifests", outdir, "--out", "gitops"], { cwd });
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(written.stdout).toContain("wrote   gitops/gcp-test-cluster/kustomization.yaml\n");
    expect(written.stdout).toContain("gitops: 5 generated files, 0 already up to date.\n");
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd }).code).toBe(0);
    const edited = path.join(cwd, "gitops/gcp-test-cluster/terraform-gcp-test.yaml");
    fs.writeFileSync(edited, fs.readFileSync(edited, "utf8").replace("10m", "1m"));
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "gitops/gcp-test-cluster/terraform-gcp-test.yaml: differs",
        "gitops: 1 stale file; run `landform agent manifests --out gitops` and commit the result.",
        "",
      ].join("\n"),
    });
    // A folder of an agent that no longer exists is orphaned; YAML without the header is not ours.
    const header = fs.readFileSync(edited, "utf8").split("\n")[0];
    fs.mkdirSync(path.join(cwd, "gitops/old-cluster"));
    fs.writeFileSync(path.join(cwd, "gitops/old-cluster/kustomization.yaml"), `${header}\nkind: Kustomization\n`);
    fs.writeFileSync(path.join(cwd, "gitops/old-cluster/mine.yaml"), "kind: ConfigMap\n");
    expect(cli(["agent", "manifests", outdir, "--out", "gitops"], { cwd }).stdout).toBe(
      [
        "updated gitops/gcp-test-cluster/terraform-gcp-test.yaml",
        "removed gitops/old-cluster/kustomization.yaml",
        "gitops: 5 generated files, 4 already up to date.",
        "",
      ].join("\n"),
    );
    expect(fs.readdirSync(path.join(cwd, "gitops/old-cluster"))).toEqual(["mine.yaml"]);
    // Issue 22: an --out that is a file was an unexpected error; it is one line and exit 2.
    expect(cli(["agent", "manifests", outdir, "--out", "gitops/old-cluster/mine.yaml"], { cwd })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "landform: gitops/old-cluster/mine.yaml: is a file, where a folder to write into was expected; give a folder.\n",
    });
    expect(cli(["agent", "manifests", outdir, "--cluster", "nope"], { cwd })).toMatchObject({
      code: 2,
      stderr: 'landform: no GitOpsAgent for cluster "nope" in the stacks; give the name of a cluster that has one.\n',
    });
  });

  test("refuses an agent object that holds a Terraform expression", () => {
    const stack = {
      name: "s",
      file: "s.tf.json",
      json: {
        resource: {
          kubernetes_manifest: {
            x: {
              manifest: {
                kind: "GitRepository",
                metadata: { name: "x", labels: { "landform.dev/agent": "c" } },
                spec: { url: "${var.url}" },
              },
            },
          },
        },
      },
    } as any;
    expect(() => agentManifestFiles([stack])).toThrow(
      "s.tf.json: kubernetes_manifest.x holds a Terraform expression, which YAML for Flux cannot resolve; keep agent objects literal.",
    );
  });
});

test("strict CRD validation rejects a misspelled field (the check can fail)", () => {
  const typo = {
    apiVersion: "infra.contrib.fluxcd.io/v1alpha2",
    kind: "Terraform",
    metadata: { name: "x" },
    spec: { interval: "10m", intervall: "5m", sourceRef: { kind: "GitRepository", name: "s" } },
  };
  expect(crdErrors(typo)).toEqual([expect.stringContaining("must NOT have additional properties")]);
  const rollout = {
    apiVersion: "argoproj.io/v1alpha1",
    kind: "Rollout",
    metadata: { name: "x" },
    spec: { strategy: { canary: { stepz: [] } } },
  };
  expect(crdErrors(rollout)).toEqual([expect.stringContaining("stepz")]);
});
