import { Application, CanaryStep, Cloud, kubernetesPack, Probe, RolloutStrategy } from "../../lib";
import { checkStacks } from "../../lib/policy";
import { CHARTS } from "../../lib/kubernetes/addons";
import { rolloutStatusName } from "../../lib/kubernetes/private/rollout-health";
import { ROLLOUT_STATUS_IMAGE, ROLLOUT_STATUS_IMAGE_REASON } from "../../lib/kubernetes/private/rollout-status-image";
import { CLOUDS, once, TerraformJson } from "../helpers";
import { isBuiltIn, openApiErrors } from "../support/kubernetes-openapi";
import { DIGEST_IMAGE, SHA_IMAGE, withCluster } from "./fixtures";

// The apply's health wait for an Argo Rollout (issue 21, "Health feedback"): a per-release Job that
// runs `kubectl argo rollouts status`, which cannot pass before the controller observed the new spec.

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: any };
  [k: string]: any;
};
type Resource = { manifest: Obj; wait?: unknown; timeouts?: unknown; depends_on?: string[] };

const probes = { readiness: Probe.http("/ready") };
const canary = (pause: string) =>
  RolloutStrategy.canary({ steps: [CanaryStep.setWeight(20), CanaryStep.pause(pause), CanaryStep.setWeight(100)] });

/** One workloads stack with a canary `shop` in `apps` (image and pause as given), a rolling and an opted-out Rollout. */
function build(cloud: Cloud, image = DIGEST_IMAGE, pause = "5m", allowFrom = false) {
  const { cluster, namespace } = withCluster(cloud);
  const shop = new Application(cluster.workloads, "shop", {
    cluster,
    namespace,
    image,
    ports: [8080],
    probes,
    strategy: canary(pause),
  });
  if (allowFrom) shop.allowFrom("10.9.0.0/16");
  new Application(cluster.workloads, "rolling", { cluster, namespace, image: DIGEST_IMAGE, ports: [80] });
  new Application(cluster.workloads, "quiet", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [80],
    probes,
    strategy: RolloutStrategy.blueGreen(),
    waitForRollout: false,
  });
  // With its "//" metadata (construct paths, suppressions), which Testing.synth strips: what `landform policy` reads.
  return cluster.workloads.toTerraform() as TerraformJson;
}
const built = once(build);

function resources(config: TerraformJson): [string, Resource][] {
  return Object.entries((config.resource?.kubernetes_manifest ?? {}) as Record<string, Resource>);
}
const byKind = (config: TerraformJson, kind: string) => resources(config).filter(([, r]) => r.manifest.kind === kind);
const statusJob = (config: TerraformJson) => byKind(config, "Job").map(([, r]) => r)[0];
const podSpec = (config: TerraformJson) => statusJob(config).manifest.spec.template.spec;

describe.each(CLOUDS)("the rollout status Job on %s", (cloud: Cloud) => {
  const config = () => built(cloud);

  test("a Rollout gets no field wait; one status Job per waited Rollout; a Deployment keeps the rollout waiter", () => {
    const workload = (name: string) =>
      resources(config()).find(
        ([, r]) => ["Deployment", "Rollout"].includes(r.manifest.kind) && r.manifest.metadata.name === name,
      )![1];
    expect(workload("rolling").wait).toEqual({ rollout: true });
    expect(workload("shop").wait).toBeUndefined();
    expect(workload("quiet").wait).toBeUndefined();
    // Only shop: quiet opted out, rolling is a Deployment.
    expect(byKind(config(), "Job").map(([, r]) => r.manifest.metadata.name)).toEqual([
      expect.stringMatching(/^shop-rollout-status-[0-9a-f]{10}$/),
    ]);
  });

  test("the Job runs Argo's status on the Rollout and namespace that were synthesized, and the apply waits for it", () => {
    const [rolloutId, rollout] = byKind(config(), "Rollout").find(([, r]) => r.manifest.metadata.name === "shop")!;
    const job = statusJob(config());
    const { name, namespace } = rollout.manifest.metadata;
    expect(job.manifest.metadata.namespace).toBe(namespace);
    const container = podSpec(config()).containers[0];
    expect(container.image).toBe(ROLLOUT_STATUS_IMAGE);
    // 10 minutes plus the 5m pause, as the plugin's timeout; the Job's deadline 2 minutes more.
    expect(container.args).toEqual(["status", name, "--namespace", namespace, "--timeout", "900s"]);
    expect(job.manifest.spec).toMatchObject({
      backoffLimit: 0,
      activeDeadlineSeconds: 1020,
      podFailurePolicy: {
        rules: [{ action: "Ignore", onPodConditions: [{ type: "DisruptionTarget", status: "True" }] }],
      },
    });
    expect(job.manifest.spec.ttlSecondsAfterFinished).toBeUndefined();
    expect(podSpec(config()).restartPolicy).toBe("Never");
    expect(job.wait).toEqual({ condition: [{ type: "Complete", status: "True" }] });
    // The Job's deadline plus a minute for Terraform's last read.
    expect(job.timeouts).toEqual({ create: "18m", update: "18m" });
    expect(job.depends_on).toContain(`kubernetes_manifest.${rolloutId}`);
    // It also waits for its identity and egress to exist.
    for (const kind of ["RoleBinding", "NetworkPolicy"]) {
      const [id] = byKind(config(), kind).find(([, r]) => r.manifest.metadata.name === "shop-rollout-status")!;
      expect(job.depends_on).toContain(`kubernetes_manifest.${id}`);
    }
  });

  test("the Job's name changes with the Rollout and only with it", () => {
    const name = (c: TerraformJson) => statusJob(c).manifest.metadata.name;
    expect(name(build(cloud))).toBe(name(config())); // deterministic
    expect(name(built(cloud, SHA_IMAGE))).not.toBe(name(config()));
    expect(name(built(cloud, DIGEST_IMAGE, "6m"))).not.toBe(name(config()));
    // A NetworkPolicy change is no release.
    expect(name(built(cloud, DIGEST_IMAGE, "5m", true))).toBe(name(config()));
  });

  test("restricted Pod Security Standard and the other pod rules hold; the tag-only image is suppressed, with its reason", () => {
    const report = checkStacks([{ name: "w", json: config() as any }], { packs: [kubernetesPack] });
    const jobId = byKind(config(), "Job")[0][0];
    const onJob = report.findings.filter((f) => f.address === `kubernetes_manifest.${jobId}`);
    expect(onJob.map((f) => [f.ruleId, f.suppressed, f.reason])).toEqual([
      ["kubernetes-images-pinned", true, ROLLOUT_STATUS_IMAGE_REASON],
    ]);
    // The suppression is the Job's own: nothing else in the stack is suppressed.
    expect(report.findings.filter((f) => f.suppressed).map((f) => f.address)).toEqual([`kubernetes_manifest.${jobId}`]);
    expect(report.findings.filter((f) => f.ruleId === "kubernetes-pod-restricted")).toEqual([]);
    // The rule does read the Job's pod: without its seccomp profile, it is a finding.
    const planted = JSON.parse(JSON.stringify(config()));
    delete planted.resource.kubernetes_manifest[jobId].manifest.spec.template.spec.securityContext.seccompProfile;
    const restricted = checkStacks([{ name: "w", json: planted }], { packs: [kubernetesPack] }).findings.filter(
      (f) => f.ruleId === "kubernetes-pod-restricted",
    );
    expect(restricted.map((f) => f.address)).toEqual([`kubernetes_manifest.${jobId}`]);
  });

  test("the pod is restricted explicitly: non-root uid, RuntimeDefault seccomp, no capabilities, read-only root", () => {
    const spec = podSpec(config());
    expect(spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 999,
      runAsGroup: 999,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(spec.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
  });

  test("the built-in objects validate strictly against the Kubernetes OpenAPI", () => {
    const objects = resources(config())
      .map(([, r]) => r.manifest)
      .filter((o) => o.metadata.name.startsWith("shop-rollout-status") && isBuiltIn(o));
    expect(objects.map((o) => o.kind).sort()).toEqual([
      "Job",
      "NetworkPolicy",
      "Role",
      "RoleBinding",
      "ServiceAccount",
    ]);
    expect(objects.flatMap((o) => openApiErrors(o).map((e) => `${o.kind} ${e}`))).toEqual([]);
  });

  test("least privilege: the account reads only, in its namespace, and only the status pod mounts its token", () => {
    const one = (kind: string) =>
      byKind(config(), kind).find(([, r]) => r.manifest.metadata.name === "shop-rollout-status")![1].manifest;
    const role = one("Role");
    expect(role.metadata.namespace).toBe("apps");
    expect(new Set(role.rules.flatMap((r: { verbs: string[] }) => r.verbs))).toEqual(new Set(["get", "list", "watch"]));
    expect(role.rules.flatMap((r: { resources: string[] }) => r.resources).sort()).toEqual([
      "analysisruns",
      "deployments",
      "experiments",
      "pods",
      "replicasets",
      "rollouts",
    ]);
    expect(byKind(config(), "ClusterRole")).toEqual([]);
    const binding = one("RoleBinding");
    expect(binding.roleRef).toEqual({
      apiGroup: "rbac.authorization.k8s.io",
      kind: "Role",
      name: "shop-rollout-status",
    });
    expect(binding.subjects).toEqual([{ kind: "ServiceAccount", name: "shop-rollout-status", namespace: "apps" }]);
    expect(one("ServiceAccount").automountServiceAccountToken).toBe(false);
    expect(podSpec(config()).serviceAccountName).toBe("shop-rollout-status");
    expect(podSpec(config()).automountServiceAccountToken).toBe(true);
    // No Application pod runs as it.
    const templates = [...byKind(config(), "Rollout"), ...byKind(config(), "Deployment")].map(
      ([, r]) => r.manifest.spec.template?.spec?.serviceAccountName,
    );
    expect(templates).not.toContain("shop-rollout-status");
  });

  test("its NetworkPolicy selects only the status pods, admits nothing and lets it reach TCP 443 only", () => {
    const policy = byKind(config(), "NetworkPolicy").find(
      ([, r]) => r.manifest.metadata.name === "shop-rollout-status",
    )![1].manifest;
    const labels = statusJob(config()).manifest.spec.template.metadata.labels;
    for (const [k, v] of Object.entries(policy.spec.podSelector.matchLabels)) expect(labels[k]).toBe(v);
    // The Application's pods do not carry the selected label.
    const rollout = byKind(config(), "Rollout").find(([, r]) => r.manifest.metadata.name === "shop")![1].manifest;
    expect(Object.keys(rollout.spec.template.metadata.labels)).not.toContain(
      Object.keys(policy.spec.podSelector.matchLabels)[0],
    );
    expect(policy.spec).toEqual({
      podSelector: policy.spec.podSelector,
      policyTypes: ["Ingress", "Egress"],
      ingress: [],
      egress: [{ ports: [{ port: 443, protocol: "TCP" }] }],
    });
  });
});

describe("the status Job's name and image", () => {
  test("the name is at most 63 characters and keeps the hash for a long Application name", () => {
    const long = "a".repeat(63);
    const name = rolloutStatusName(long, { spec: 1 }, {});
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(/^a+-rollout-status-[0-9a-f]{10}$/);
    expect(rolloutStatusName(long, { spec: 2 }, {})).not.toBe(name);
  });

  test("the plugin image is the release of the controller the add-ons stack installs", () => {
    expect(ROLLOUT_STATUS_IMAGE).toBe(`quay.io/argoproj/kubectl-argo-rollouts:${CHARTS["argo-rollouts"].appVersion}`);
  });
});

describe("rolloutStatusImage", () => {
  const MIRROR = `registry.example.com/argoproj/kubectl-argo-rollouts@sha256:${"ab".repeat(32)}`;
  const app = (rolloutStatusImage: unknown) => {
    const { cluster, namespace } = withCluster("aws");
    new Application(cluster.workloads, "shop", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      ports: [8080],
      probes,
      strategy: canary("5m"),
      rolloutStatusImage: rolloutStatusImage as string,
    });
    return cluster.workloads.toTerraform() as TerraformJson;
  };

  test("a mirror pinned by digest runs instead, with no suppression, and is a new Job", () => {
    const config = app(MIRROR);
    expect(podSpec(config).containers[0].image).toBe(MIRROR);
    const report = checkStacks([{ name: "w", json: config as any }], { packs: [kubernetesPack] });
    expect(report.findings).toEqual([]);
    expect(statusJob(config).manifest.metadata.name).not.toBe(statusJob(built("aws")).manifest.metadata.name);
  });

  test("a mutable tag is refused like the Application's image, naming the prop", () => {
    expect(() => app("registry.example.com/argoproj/kubectl-argo-rollouts:v1.9.0")).toThrow(
      /Application 'aws-test-workloads\/shop': rolloutStatusImage "registry\.example\.com\/argoproj\/kubectl-argo-rollouts:v1\.9\.0" .*ImageRef\.unpinned/,
    );
  });
});

describe("names", () => {
  test("another workload named like the status objects is refused, in either order", () => {
    type At = ReturnType<typeof withCluster>;
    const other = (at: At) =>
      new Application(at.cluster.workloads, "other", {
        cluster: at.cluster,
        namespace: at.namespace,
        image: DIGEST_IMAGE,
        name: "shop-rollout-status",
      });
    const shop = (at: At, waitForRollout?: boolean) =>
      new Application(at.cluster.workloads, "shop", {
        cluster: at.cluster,
        namespace: at.namespace,
        image: DIGEST_IMAGE,
        ports: [8080],
        probes,
        strategy: canary("5m"),
        waitForRollout,
      });
    const first = withCluster("gcp");
    other(first);
    expect(() => shop(first)).toThrow(
      `Application 'gcp-test-workloads/shop': waitForRollout true names its service account "shop-rollout-status", which is the name of Application 'gcp-test-workloads/other' in namespace "apps" on cluster 'gcp-test/cluster'; rename the other workload, or set waitForRollout: false on this one.`,
    );
    const second = withCluster("gcp");
    shop(second);
    expect(() => other(second)).toThrow(
      /makes its workload "shop-rollout-status" in namespace "apps", which Application 'gcp-test-workloads\/shop'/,
    );
    // Opted out: no status objects, no clash.
    const third = withCluster("gcp");
    other(third);
    expect(() => shop(third, false)).not.toThrow();
  });
});
