import * as fs from "fs";
import { parse } from "yaml";
import * as os from "os";
import * as path from "path";
import { App, DataTerraformRemoteStateLocal, DataTerraformRemoteStateS3, TerraformOutput, Testing } from "cdktf";
import {
  AgentSource,
  Application,
  Bucket,
  Cloud,
  CloudStack,
  Cluster,
  ClusterAddons,
  GitCredentials,
  GitOpsAgent,
  GitOpsAgentProps,
  ImageRef,
  Network,
  StateBackend,
} from "../../lib";
import { agentManifestFiles } from "../../lib/kubernetes/agent-manifests";
import { readOutput } from "../../lib/ops/read";
import { cli } from "../cli/helpers";
import { CLOUDS, stackProps, synth } from "../helpers";
import { crdErrors } from "./crd";
import { importedCluster, manifestsOf, SHA_IMAGE, withCluster } from "./fixtures";

const URL = "ssh://git@github.com/acme/platform.git";
const RUNNER = ImageRef.of(`ghcr.io/acme/landform-agent-runner@sha256:${"ab".repeat(32)}`);

/** A cluster, and an agent in its `<stack>-agent` stack that applies the workloads stack. */
function agentOn(cloud: Cloud, props: Partial<GitOpsAgentProps> = {}, app = Testing.app(), remoteState = false) {
  const ctx = remoteState ? withRemoteState(cloud, app) : withCluster(cloud, app);
  const agent = new GitOpsAgent(GitOpsAgent.stackFor(ctx.cluster), "agent", {
    cluster: ctx.cluster,
    url: URL,
    credentials: GitCredentials.deployKey("landform-git"),
    runnerImage: RUNNER,
    ...props,
  });
  return { ...ctx, agent, agentStack: GitOpsAgent.stackFor(ctx.cluster) };
}

const STATE_KEY = "arn:aws:kms:eu-west-1:111111111111:alias/landform-gh-state";

/** withCluster, with the stacks' state in S3 (under the bootstrap's state key alias) or GCS (what grantApply grants). */
function withRemoteState(cloud: Cloud, app: App) {
  const backend =
    cloud === "aws"
      ? StateBackend.s3({ bucket: "acme-state", kmsKeyId: STATE_KEY })
      : StateBackend.gcs({ bucket: "acme-state" });
  const stack = new CloudStack(app, `${cloud}-test`, stackProps(cloud, { backend }));
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, "cluster", { network });
  const namespace = cluster.addNamespace(cluster.workloads, "apps", { name: "apps" });
  cluster.addServiceAccount(cluster.workloads, "apps-default", { namespace, name: "apps" });
  return { app, stack, network, cluster, namespace };
}

/** The environment `env` on `cloud`: a stack, a cluster (with an admin role in production) and its namespace. */
function clusterIn(cloud: Cloud, env: string, app = Testing.app()) {
  const stack = new CloudStack(app, `${cloud}-${env}`, stackProps(cloud, { environment: env }));
  const admins = cloud === "aws" && env === "prod" ? ["arn:aws:iam::123456789012:role/platform-admins"] : undefined;
  const cluster = new Cluster(stack, "cluster", { network: new Network(stack, "network"), admins });
  cluster.addNamespace(cluster.workloads, "apps", { name: "apps" });
  return { app, stack, cluster };
}

const releasesOf = (config: any) =>
  Object.fromEntries((Object.values(config.resource?.helm_release ?? {}) as any[]).map((r) => [r.chart, r]));

describe.each(CLOUDS)("GitOpsAgent on %s", (cloud: Cloud) => {
  test("applies only the workloads stack, from objects in the <stack>-agent stack, valid against the CRDs", () => {
    const { cluster, agent, agentStack, app } = agentOn(cloud);
    new CloudStack(app, "other-cloud", stackProps(cloud === "aws" ? "gcp" : "aws"));
    expect(agentStack.node.id).toBe(`${cloud}-test-agent`);
    // The agent stack runs after the add-ons stack, where the Flux and tofu-controller CRDs come from.
    expect(agentStack.dependencies).toContain(cluster.addons);
    expect(agent.stacks).toEqual([{ name: `${cloud}-test-workloads`, dependsOn: [] }]);
    const { objects } = manifestsOf(agentStack);
    expect(Object.keys(objects).sort()).toEqual([
      "GitRepository/landform-stacks",
      "PodDisruptionBudget/landform-tf-runner",
      `Terraform/${cloud}-test-workloads`,
    ]);
    // Runner pods are never evicted mid-run (review A8): a drain waits for the run to end.
    expect((objects["PodDisruptionBudget/landform-tf-runner"] as any).spec).toEqual({
      maxUnavailable: 0,
      selector: {
        matchLabels: { "app.kubernetes.io/created-by": "tofu-controller", "app.kubernetes.io/name": "tf-runner" },
      },
    });
    // Nothing of the agent in the stack it applies: no deadlock.
    expect(
      Object.keys(manifestsOf(cluster.workloads).objects).filter((k) => /GitRepository|Terraform/.test(k)),
    ).toEqual([]);
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
      backendConfig: { disable: true },
      serviceAccountName: "tf-runner",
      disableDriftDetection: false,
      destroyResourcesOnDeletion: false,
      alwaysCleanupRunnerPod: true,
      storeReadablePlan: "human",
      runnerPodTemplate: {
        spec: {
          image: RUNNER.toString(),
          resources: { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } },
        },
      },
    });
    for (const object of Object.values(objects).filter((o) => o.kind !== "PodDisruptionBudget"))
      expect(crdErrors(object as any)).toEqual([]);
  });

  test("installs source-controller, then tofu-controller with unused features off, the runner bound to a cloud identity", () => {
    const { cluster, agent } = agentOn(cloud);
    const { config } = synth(cluster.addons);
    const byChart = releasesOf(config);
    expect(byChart.flux2).toMatchObject({ version: "2.18.3", namespace: "flux-system" });
    expect(JSON.parse(byChart.flux2.values[0])).toMatchObject({
      sourceController: { create: true },
      kustomizeController: { create: false },
      helmController: { create: false },
    });
    const tofu = byChart["tofu-controller"];
    expect(tofu).toMatchObject({ version: "0.16.5", namespace: "flux-system" });
    // After Flux: its chart and controller need the Flux source CRDs (review A3, N13).
    const fluxKey = Object.keys(config.resource!.helm_release).find((k) => k.includes("_Flux_"));
    expect(tofu.depends_on).toEqual([`helm_release.${fluxKey}`]);
    const values = JSON.parse(tofu.values[0]);
    expect(values).toMatchObject({ awsPackage: { install: false }, eventsAddress: "" });
    const runner = values.runner.serviceAccount;
    expect(runner.name).toBe("tf-runner");
    const annotation = cloud === "aws" ? "eks.amazonaws.com/role-arn" : "iam.gke.io/gcp-service-account";
    expect(Object.keys(runner.annotations)).toEqual([annotation]);
    expect(agent.identity.principal).toBeDefined();
    if (cloud === "gcp") {
      const binding = Object.values(config.resource!.google_service_account_iam_member)[0] as any;
      expect(binding.member).toBe("serviceAccount:acme-test-123.svc.id.goog[flux-system/tf-runner]");
    }
  });

  test("tofu-controller installed before Flux still waits for it", () => {
    const { cluster } = withCluster(cloud);
    ClusterAddons.install(cluster, cluster.addons, "tofu-controller");
    ClusterAddons.install(cluster, cluster.addons, "flux");
    const { config } = synth(cluster.addons);
    const fluxKey = Object.keys(config.resource!.helm_release).find((k) => k.includes("_Flux_"));
    expect(releasesOf(config)["tofu-controller"].depends_on).toEqual([`helm_release.${fluxKey}`]);
    expect(releasesOf(config).flux2.depends_on).toBeUndefined();
  });

  test("a Flux and tofu-controller installed outside Landform are used, not installed again (ClusterAddons.external)", () => {
    const { cluster } = withCluster(cloud);
    ClusterAddons.external(cluster, "flux", "bootstrapped with flux bootstrap");
    ClusterAddons.external(cluster, "tofu-controller", "installed by the platform team");
    const agentStack = GitOpsAgent.stackFor(cluster);
    new GitOpsAgent(agentStack, "agent", {
      cluster,
      url: URL,
      credentials: GitCredentials.none(),
      runnerImage: RUNNER,
    });
    const charts = Object.keys(releasesOf(synth(cluster.addons).config));
    expect(charts).not.toContain("flux2");
    expect(charts).not.toContain("tofu-controller");
    expect(Object.keys(manifestsOf(agentStack).objects)).toContain(`Terraform/${cloud}-test-workloads`);
  });

  test("only Flux outside Landform: tofu-controller is installed, with nothing to wait for", () => {
    const { cluster } = withCluster(cloud);
    ClusterAddons.external(cluster, "flux", "bootstrapped with flux bootstrap");
    new GitOpsAgent(GitOpsAgent.stackFor(cluster), "agent", {
      cluster,
      url: URL,
      credentials: GitCredentials.none(),
      runnerImage: RUNNER,
    });
    const byChart = releasesOf(synth(cluster.addons).config);
    expect(byChart.flux2).toBeUndefined();
    expect(byChart["tofu-controller"].depends_on).toBeUndefined();
  });

  test("approvals shared with the pipeline: an environment listed waits for a person, one not listed applies", () => {
    const approvals = ["staging", "prod"];
    for (const [env, approvePlan] of [
      ["dev", "auto"],
      ["staging", undefined],
      ["prod", undefined],
    ] as const) {
      const { cluster } = clusterIn(cloud, env);
      const agentStack = GitOpsAgent.stackFor(cluster);
      new GitOpsAgent(agentStack, "agent", {
        cluster,
        url: URL,
        credentials: GitCredentials.githubApp("gh-app"),
        approvals,
        runnerImage: RUNNER,
      });
      const { objects } = manifestsOf(agentStack);
      const terraform = objects[`Terraform/${cloud}-${env}-workloads`] as any;
      expect([env, terraform.spec.approvePlan]).toEqual([env, approvePlan]);
      expect(crdErrors(terraform)).toEqual([]);
    }
  });

  test("without approvals or autoApprove every environment waits; autoApprove: true applies", () => {
    const manual = agentOn(cloud);
    const auto = agentOn(cloud, { autoApprove: true });
    const spec = (a: typeof manual) => (manualObjects(a) as any).spec;
    const manualObjects = (a: typeof manual) => manifestsOf(a.agentStack).objects[`Terraform/${cloud}-test-workloads`];
    expect(spec(manual).approvePlan).toBeUndefined();
    expect(spec(auto).approvePlan).toBe("auto");
  });

  test("a named stack list, dependencies among them, and runner pods on a node pool", () => {
    const app = Testing.app();
    const { cluster } = withCluster(cloud, app);
    const extra = new CloudStack(app, `${cloud}-test-apps`, stackProps(cloud));
    extra.addDependency(cluster.workloads);
    const agentStack = GitOpsAgent.stackFor(cluster);
    const agent = new GitOpsAgent(agentStack, "agent", {
      cluster,
      url: URL,
      credentials: GitCredentials.none(),
      stacks: ["*-workloads", `${cloud}-test-apps`],
      runnerImage: RUNNER,
      runnerNodeSelector: { "landform.dev/pool": "system" },
    });
    expect(agent.stacks).toEqual([
      { name: `${cloud}-test-apps`, dependsOn: [`${cloud}-test-workloads`] },
      { name: `${cloud}-test-workloads`, dependsOn: [] },
    ]);
    const apps = manifestsOf(agentStack).objects[`Terraform/${cloud}-test-apps`] as any;
    expect(apps.spec.dependsOn).toEqual([{ name: `${cloud}-test-workloads`, namespace: "flux-system" }]);
    expect(apps.spec.runnerPodTemplate.spec.nodeSelector).toEqual({ "landform.dev/pool": "system" });
    expect(crdErrors(apps)).toEqual([]);
  });

  test("an OCI artifact source: the revision is the artifact's digest, so approvals survive unrelated commits", () => {
    const provider = cloud === "aws" ? "aws" : "gcp";
    const { agentStack, cluster } = agentOn(cloud, {
      url: undefined,
      credentials: undefined,
      source: AgentSource.ociArtifact({ url: "oci://ghcr.io/acme/platform-stacks", provider }),
    });
    const { objects } = manifestsOf(agentStack);
    expect(Object.keys(objects).sort()).toEqual([
      "OCIRepository/landform-stacks",
      "PodDisruptionBudget/landform-tf-runner",
      `Terraform/${cloud}-test-workloads`,
    ]);
    const source = objects["OCIRepository/landform-stacks"] as any;
    expect(source.spec).toEqual({
      interval: "1m",
      url: "oci://ghcr.io/acme/platform-stacks",
      ref: { tag: cluster.name },
      provider,
    });
    const terraform = objects[`Terraform/${cloud}-test-workloads`] as any;
    expect(terraform.spec.sourceRef).toEqual({
      kind: "OCIRepository",
      name: "landform-stacks",
      namespace: "flux-system",
    });
    expect(terraform.spec.path).toBe(`./${cloud}-test-workloads`);
    for (const object of Object.values(objects).filter((o) => o.kind !== "PodDisruptionBudget"))
      expect(crdErrors(object as any)).toEqual([]);
  });

  describe("grantApply", () => {
    test("grants the stack's state prefix, the cluster and the IAM its resources need, in the add-ons stack", () => {
      const { cluster, agent } = agentOn(cloud, {}, Testing.app(), true);
      agent.grantApply(cluster.workloads);
      agent.grantApply(cluster.workloads);
      const { config } = synth(cluster.addons);
      const r = config.resource as any;
      if (cloud === "aws") {
        const doc = Object.entries((config.data as any).aws_iam_policy_document).find(([k]) =>
          k.includes("Apply-aws-test-workloads"),
        )![1] as any;
        const bySid = Object.fromEntries(doc.statement.map((s: any) => [s.sid, s]));
        const key = JSON.parse(JSON.stringify(synth(cluster.workloads).config.terraform)).backend.s3.key as string;
        const folder = key.replace(/\/terraform\.tfstate$/, "");
        expect(bySid.WriteState.resources).toEqual([expect.stringMatching(new RegExp(`:s3:::[^/]+/${folder}/\\*$`))]);
        expect(bySid.ListState.condition[0].values).toEqual([folder, `${folder}/*`]);
        // Roles named after the stack only: the workloads stack's IRSA roles.
        expect(bySid.StackRoles.resources).toEqual([expect.stringMatching(/:role\/aws-test-workloads-\*$/)]);
        expect(bySid.StackRoles.actions).toContain("iam:CreateRole");
        expect(bySid.StackRoles.actions).not.toContain("iam:PassRole");
        expect(Object.keys(r.aws_iam_role_policy)).toHaveLength(1);
        const association = Object.values(r.aws_eks_access_policy_association)[0] as any;
        expect(association.policy_arn).toMatch(/AmazonEKSClusterAdminPolicy$/);
        expect(Object.keys(r.aws_eks_access_entry)).toHaveLength(1);
      } else {
        const state = Object.values(r.google_storage_bucket_iam_member)[0] as any;
        const prefix = (synth(cluster.workloads).config.terraform as any).backend.gcs.prefix;
        expect(state.role).toBe("roles/storage.objectUser");
        expect(state.condition.expression).toContain(`/objects/${prefix}/")`);
        const roles = (Object.values(r.google_project_iam_member) as any[]).map((m) => m.role).sort();
        expect(roles).toEqual(["roles/container.clusterViewer", "roles/iam.serviceAccountAdmin"]);
        const binding = Object.values(r.kubernetes_cluster_role_binding_v1)[0] as any;
        expect(binding.role_ref).toMatchObject({ kind: "ClusterRole", name: "cluster-admin" });
        expect(binding.subject[0].kind).toBe("User");
      }
    });

    test("an exposed Application's managed certificates: GCP's agent gets the Certificate Manager editor role", () => {
      const { cluster, agent, namespace } = agentOn(cloud, {}, Testing.app(), true);
      new Application(cluster.workloads, "site", {
        cluster,
        namespace,
        image: SHA_IMAGE,
        ports: [80],
        identity: false,
      }).expose({ host: "site.example.com" });
      agent.grantApply(cluster.workloads);
      const r = synth(cluster.addons).config.resource as any;
      const roles = cloud === "gcp" ? (Object.values(r.google_project_iam_member) as any[]).map((m) => m.role) : [];
      expect(roles.includes("roles/certificatemanager.editor")).toBe(cloud === "gcp");
    });

    test("a resource type added after grantApply fails the synth", () => {
      const { cluster, agent, app } = agentOn(cloud, {}, Testing.app(), true);
      agent.grantApply(cluster.workloads);
      new Bucket(cluster.workloads, "late");
      expect(() => app.synth()).toThrow(
        `stack '${cloud}-test-workloads' gained resource or data source types after grantApply; call grantApply after every resource of the stack`,
      );
    });

    /** The app synthesized to a folder (cdktf resolves cross-stack references), and a stack's JSON read back. */
    const synthesizedApp = () => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-grants-")) });
      const read = (id: string) =>
        JSON.parse(fs.readFileSync(path.join(app.outdir, "stacks", id, "cdk.tf.json"), "utf8")) as any;
      return { app, read };
    };
    /** AWS: the statements of the runner's apply policy for the workloads stack, by sid. */
    const applyStatements = (addons: any): Record<string, any> =>
      Object.fromEntries(
        (
          Object.entries(addons.data.aws_iam_policy_document).find(([k]) =>
            k.includes("Apply-aws-test-workloads"),
          )![1] as any
        ).statement.map((s: any) => [s.sid, s]),
      );

    test("reads the state of a stack it references (a cross-stack reference made after grantApply), read-only and exactly that state", () => {
      const { app, read } = synthesizedApp();
      const { cluster, agent, stack } = agentOn(cloud, {}, app, true);
      agent.grantApply(cluster.workloads);
      // After grantApply: cdktf turns this into a terraform_remote_state of the platform stack at synth.
      new TerraformOutput(cluster.workloads, "uploads", { value: new Bucket(stack, "uploads").bucketName });
      app.synth();
      const workloads = read(`${cloud}-test-workloads`);
      const remote = workloads.data.terraform_remote_state[`cross-stack-reference-input-${cloud}-test`];
      const platform = read(`${cloud}-test`).terraform.backend;
      const addons = read(`${cloud}-test-addons`);
      if (cloud === "aws") {
        expect(remote.config).toMatchObject({ bucket: "acme-state", key: platform.s3.key, kms_key_id: STATE_KEY });
        const bySid = applyStatements(addons);
        // Exactly the platform stack's state object, read only: no listing, no write, no lock file.
        expect(bySid.ReadRemoteState).toEqual({
          sid: "ReadRemoteState",
          effect: "Allow",
          actions: ["s3:GetObject"],
          resources: [expect.stringMatching(/^arn:\$\{data\.aws_partition\.\w+\.partition\}:s3:::acme-state\//)],
        });
        expect(bySid.ReadRemoteState.resources[0]).toMatch(new RegExp(`:s3:::acme-state/${platform.s3.key}$`));
        // Decrypt only, on the key behind the alias: IAM never matches a key operation on an alias ARN.
        expect(bySid.ReadRemoteStateKey).toEqual({
          sid: "ReadRemoteStateKey",
          effect: "Allow",
          actions: ["kms:Decrypt"],
          resources: ["arn:aws:kms:eu-west-1:111111111111:key/*"],
          condition: [
            { test: "ForAnyValue:StringEquals", variable: "kms:ResourceAliases", values: ["alias/landform-gh-state"] },
          ],
        });
        expect(bySid.StateKey.resources).toEqual(["arn:aws:kms:eu-west-1:111111111111:key/*"]);
        expect(bySid.StateKey.condition).toEqual(bySid.ReadRemoteStateKey.condition);
        // Nothing else names the platform stack's state.
        const folder = platform.s3.key.replace(/\/terraform\.tfstate$/, "");
        const naming = Object.values(bySid).filter((s: any) =>
          JSON.stringify(s.resources.concat(s.condition ?? [])).includes(`${folder}/`),
        );
        expect(naming.map((s: any) => s.sid)).toEqual(["ReadRemoteState"]);
      } else {
        expect(remote.config).toEqual({ bucket: "acme-state", prefix: platform.gcs.prefix });
        const members = Object.values(addons.resource.google_storage_bucket_iam_member) as any[];
        const reads = members.filter((m) => m.role !== "roles/storage.objectUser");
        // Objects under exactly the platform stack's prefix (the slash keeps out `<prefix>-workloads`), never the bucket.
        expect(reads).toEqual([
          expect.objectContaining({
            bucket: "acme-state",
            role: "roles/storage.objectViewer",
            condition: expect.objectContaining({
              expression: `resource.name.startsWith("projects/_/buckets/acme-state/objects/${platform.gcs.prefix}/")`,
            }),
          }),
        ]);
        expect(members.filter((m) => JSON.stringify(m.condition).includes(`${platform.gcs.prefix}/`))).toEqual(reads);
      }
    });

    test("a stack that reads no remote state gets no read grant", () => {
      const { app, read } = synthesizedApp();
      const { cluster, agent } = agentOn(cloud, {}, app, true);
      agent.grantApply(cluster.workloads);
      app.synth();
      expect(read(`${cloud}-test-workloads`).data.terraform_remote_state).toBeUndefined();
      const addons = read(`${cloud}-test-addons`);
      if (cloud === "aws") expect(Object.keys(applyStatements(addons)).filter((s) => /Remote/.test(s))).toEqual([]);
      else
        expect((Object.values(addons.resource.google_storage_bucket_iam_member) as any[]).map((m) => m.role)).toEqual([
          "roles/storage.objectUser",
        ]);
    });

    test("a terraform_remote_state needs no IAM but its read; another cloud's backend fails the synth", () => {
      const { app, read } = synthesizedApp();
      const { cluster, agent } = agentOn(cloud, {}, app, true);
      if (cloud === "aws")
        new DataTerraformRemoteStateS3(cluster.workloads, "shared", {
          bucket: "acme-shared",
          key: "shared/terraform.tfstate",
          region: "eu-west-1",
          kmsKeyId: "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        });
      agent.grantApply(cluster.workloads);
      if (cloud === "aws") {
        app.synth();
        const bySid = applyStatements(read("aws-test-addons"));
        expect(bySid.ReadRemoteState.resources).toEqual([
          expect.stringMatching(/:s3:::acme-shared\/shared\/terraform\.tfstate$/),
        ]);
        expect(bySid.ReadRemoteStateKey.resources).toEqual([
          "arn:aws:kms:eu-west-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab",
        ]);
        expect(bySid.ReadRemoteStateKey.condition).toBeUndefined();
      } else {
        new DataTerraformRemoteStateLocal(cluster.workloads, "other", { path: "other.tfstate" });
        expect(() => app.synth()).toThrow(
          "the GitOps agent cannot be granted stack 'gcp-test-workloads': its terraform_remote_state 'other' reads a local backend, and Landform grants reads of GCS state only",
        );
      }
    });

    test("refuses a stack the agent does not apply, and a resource type it derives no IAM for", () => {
      const { cluster, agent, stack } = agentOn(cloud, {}, Testing.app(), true);
      expect(() => agent.grantApply(stack)).toThrow(
        `GitOpsAgent '${cloud}-test-agent/agent': grantApply "${cloud}-test" is not a stack this agent applies (${cloud}-test-workloads); grant only the stacks the agent applies; CI applies the others.`,
      );
      new Bucket(cluster.workloads, "uploads");
      expect(() => agent.grantApply(cluster.workloads)).toThrow(
        /the GitOps agent cannot be granted stack '.+-test-workloads': Landform derives no IAM for resource type (aws|google)_\w+; /,
      );
    });
  });

  describe("bad input", () => {
    test("a stack with an exec credential plugin and no runnerImage fails the synth", () => {
      const { app } = agentOn(cloud, { runnerImage: undefined });
      const command = cloud === "aws" ? "aws" : "gke-gcloud-auth-plugin";
      expect(() => app.synth()).toThrow(
        `runnerImage is missing, and stack '${cloud}-test-workloads' runs ${command} for cluster credentials, which tofu-controller's tf-runner image lacks; build images/agent-runner/Dockerfile and pass runnerImage`,
      );
    });

    test("runnerProvides: recorded on each Terraform object; a command it lacks fails the synth; only with runnerImage", () => {
      const command = cloud === "aws" ? "aws" : "gke-gcloud-auth-plugin";
      const { agentStack } = agentOn(cloud, { runnerProvides: [command, "kubectl"] });
      const workloads = manifestsOf(agentStack).objects[`Terraform/${cloud}-test-workloads`] as any;
      expect(workloads.metadata.annotations).toEqual({ "landform.dev/runner-provides": `${command} kubectl` });
      const { app } = agentOn(cloud, { runnerProvides: ["kubectl"] });
      expect(() => app.synth()).toThrow(
        `stack '${cloud}-test-workloads' runs ${command} for cluster credentials, which runnerProvides (kubectl) does not list`,
      );
      expect(() => agentOn(cloud, { runnerImage: undefined, runnerProvides: [command] })).toThrow("runnerProvides");
      expect(() => agentOn(cloud, { runnerProvides: ["two words"] })).toThrow("runnerProvides");
    });

    test("the cluster's own stack, the add-ons stack, the agent's stack, or a name that is not a stack", () => {
      const refusals: [string[], string][] = [
        [["*"], `stacks "${cloud}-test" is the stack of the cluster the agent runs on`],
        [[`${cloud}-test-addons`], `stacks "${cloud}-test-addons" is the stack that installs the agent's controllers`],
        [[`${cloud}-test-agent`], `stacks "${cloud}-test-agent" is the stack holding the agent's own objects`],
        [["nope"], `stacks "nope" names no stack of ${cloud} dev`],
      ];
      for (const [stacks, message] of refusals) expect(() => agentOn(cloud, { stacks })).toThrow(message);
      // The agent declared in the stack it applies would wait for itself.
      const { cluster } = withCluster(cloud);
      expect(
        () => new GitOpsAgent(cluster.workloads, "agent", { cluster, url: URL, credentials: GitCredentials.none() }),
      ).toThrow(`stacks "${cloud}-test-workloads" is the stack holding the agent's own objects`);
    });

    test("a source and the repository props that go with it", () => {
      const oci = AgentSource.ociArtifact({ url: "oci://ghcr.io/acme/platform-stacks" });
      expect(() => agentOn(cloud, { source: oci })).toThrow(
        `url "ssh://git@github.com/acme/platform.git" is given with an OCI source, which does not read the repository; remove url.`,
      );
      expect(() => agentOn(cloud, { url: undefined })).toThrow(
        "url undefined is missing; pass the repository URL, or source: AgentSource.ociArtifact({ url }).",
      );
      expect(() =>
        agentOn(cloud, {
          url: undefined,
          credentials: undefined,
          source: AgentSource.ociArtifact({ url: "https://ghcr.io/acme/platform-stacks" }),
        }),
      ).toThrow('source.url "https://ghcr.io/acme/platform-stacks" is not valid');
      expect(() =>
        agentOn(cloud, {
          url: undefined,
          credentials: undefined,
          source: AgentSource.ociArtifact({ url: "oci://ghcr.io/acme/s", provider: "azure" as never }),
        }),
      ).toThrow('source.provider "azure"');
    });

    test("approvals and autoApprove together", () => {
      expect(() => agentOn(cloud, { approvals: ["prod"], autoApprove: true })).toThrow(
        "autoApprove true is given with approvals, and the two could disagree; pass only approvals (the pipeline's list).",
      );
    });

    test("stacks that form a cycle", () => {
      const app = Testing.app();
      const { cluster } = withCluster(cloud, app);
      const a = new CloudStack(app, "a", stackProps(cloud));
      const b = new CloudStack(app, "b", stackProps(cloud));
      a.addDependency(b);
      // cdktf refuses this through addDependency; a graph edited by hand still reaches the agent.
      b.dependencies.push(a);
      expect(
        () =>
          new GitOpsAgent(GitOpsAgent.stackFor(cluster), "agent", {
            cluster,
            url: URL,
            credentials: GitCredentials.none(),
            stacks: ["a", "b"],
          }),
      ).toThrow(
        `GitOpsAgent '${cloud}-test-agent/agent': the stacks it applies depend on each other in a cycle: a -> b -> a; remove one of those stack dependencies.`,
      );
    });

    test("a stack created after the agent fails the synth", () => {
      const { app } = agentOn(cloud);
      new CloudStack(app, "late-workloads", stackProps(cloud));
      expect(() => app.synth()).toThrow(
        `the stacks of ${cloud} dev or their dependencies changed after the GitOpsAgent was created; create the agent after every stack and dependency`,
      );
    });

    test("a URL that is not ssh:// or https://", () => {
      expect(() => agentOn(cloud, { url: "git@github.com:acme/platform.git" })).toThrow(
        `GitOpsAgent '${cloud}-test-agent/agent': url "git@github.com:acme/platform.git" is not valid; use an ssh:// or https:// repository URL, e.g. ssh://git@github.com/acme/platform.git.`,
      );
    });

    test("a cluster made elsewhere: the controllers' stack is required, and the agent's stack must depend on it", () => {
      const app = new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-")) });
      const addons = new CloudStack(app, "addons", stackProps(cloud));
      const apps = new CloudStack(app, "apps", stackProps(cloud));
      new CloudStack(app, "apps-workloads", stackProps(cloud));
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
    new GitOpsAgent(GitOpsAgent.stackFor(ctx.cluster), "agent", {
      cluster: ctx.cluster,
      url: URL,
      credentials: GitCredentials.deployKey("k"),
      runnerImage: RUNNER,
    });
    app.synth();
    return outdir;
  }

  test("writes the agent's objects as YAML that parses back to the synthesized objects, and checks freshness", () => {
    const outdir = synthesized();
    const files = agentManifestFiles(readOutput(outdir).stacks);
    expect(files.map((f) => f.path)).toEqual([
      "gcp-test-cluster/gitrepository-landform-stacks.yaml",
      "gcp-test-cluster/poddisruptionbudget-landform-tf-runner.yaml",
      "gcp-test-cluster/terraform-gcp-test-workloads.yaml",
      "gcp-test-cluster/kustomization.yaml",
    ]);
    const json = JSON.parse(fs.readFileSync(path.join(outdir, "stacks/gcp-test-agent/cdk.tf.json"), "utf8"));
    const synthesizedObjects = Object.values(json.resource.kubernetes_manifest).map((r: any) => r.manifest);
    for (const file of files.filter((f) => !f.path.endsWith("kustomization.yaml"))) {
      const object = parse(file.text) as any;
      expect(synthesizedObjects).toContainEqual(object);
      if (object.kind !== "PodDisruptionBudget") expect(crdErrors(object)).toEqual([]);
    }

    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "lf-agent-cwd-"));
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd }).code).toBe(1);
    const written = cli(["agent", "manifests", outdir, "--out", "gitops"], { cwd });
    expect(written).toMatchObject({ code: 0, stderr: "" });
    expect(written.stdout).toContain("wrote   gitops/gcp-test-cluster/kustomization.yaml\n");
    expect(written.stdout).toContain("gitops: 4 generated files, 0 already up to date.\n");
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd }).code).toBe(0);
    const edited = path.join(cwd, "gitops/gcp-test-cluster/terraform-gcp-test-workloads.yaml");
    fs.writeFileSync(edited, fs.readFileSync(edited, "utf8").replace("10m", "1m"));
    expect(cli(["agent", "manifests", outdir, "--out", "gitops", "--check"], { cwd })).toEqual({
      code: 1,
      stdout: "",
      stderr: [
        "gitops/gcp-test-cluster/terraform-gcp-test-workloads.yaml: differs",
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
        "updated gitops/gcp-test-cluster/terraform-gcp-test-workloads.yaml",
        "removed gitops/old-cluster/kustomization.yaml",
        "gitops: 4 generated files, 3 already up to date.",
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
