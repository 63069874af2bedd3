import * as fs from "fs";
import { TerraformStack, Testing } from "cdktf";
import { Application, CanaryStep, Cloud, CloudStack, Database, ImageRef, Probe, RolloutStrategy } from "../../lib";
import { CLOUDS, resourcesOf, stackProps, synth } from "../helpers";
import { crdErrors, hasCrd } from "./crd";
import { DIGEST_IMAGE, importedCluster, manifestsOf, SHA_IMAGE, withCluster } from "./fixtures";

const SUCCESS_RATE = {
  name: "success-rate",
  metrics: [
    {
      name: "success-rate",
      address: "http://prometheus.monitoring:9090",
      query:
        'sum(rate(http_requests_total{app="{{args.app}}",code!~"5.."}[2m])) / sum(rate(http_requests_total{app="{{args.app}}"}[2m]))',
      successCondition: "result[0] >= 0.99",
    },
  ],
};

describe.each(CLOUDS)("Application on %s", (cloud: Cloud) => {
  test("rolling: a hardened Deployment with Service, HPA, PDB, zone spread and a default-deny NetworkPolicy", () => {
    const { cluster, namespace } = withCluster(cloud);
    const app = new Application(cluster.workloads, "orders", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      ports: [8080],
      probes: { readiness: Probe.http("/healthz"), liveness: Probe.tcp() },
      env: { LOG_LEVEL: "info" },
    });
    const { objects, config } = manifestsOf(cluster.workloads);
    expect(Object.keys(objects).sort()).toEqual([
      "Deployment/orders",
      "HorizontalPodAutoscaler/orders",
      "NetworkPolicy/orders",
      "PodDisruptionBudget/orders",
      "Service/orders",
    ]);
    const deployment = objects["Deployment/orders"] as any;
    expect(deployment.spec.replicas).toBeUndefined(); // the HPA's
    expect(deployment.spec.strategy).toEqual({
      type: "RollingUpdate",
      rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 },
    });
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 65532,
      runAsGroup: 65532,
      fsGroup: 65532,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(pod.containers[0].securityContext).toEqual({
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ["ALL"] },
    });
    expect(pod.containers[0].resources).toEqual({
      requests: { cpu: "250m", memory: "512Mi" },
      limits: { memory: "512Mi" },
    });
    expect(pod.containers[0].image).toBe(DIGEST_IMAGE);
    expect(pod.containers[0].readinessProbe.httpGet).toEqual({ path: "/healthz", port: 8080 });
    expect(pod.containers[0].env).toEqual([{ name: "LOG_LEVEL", value: "info" }]);
    expect(pod.serviceAccountName).toBe("orders");
    // No API token even with a cloud identity (IRSA projects its own, GKE uses the metadata server): S3.
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.topologySpreadConstraints.map((c: any) => c.topologyKey)).toEqual([
      "topology.kubernetes.io/zone",
      "kubernetes.io/hostname",
    ]);
    // Skew per revision, not across old and new pods of a rollout: M11.
    expect(pod.topologySpreadConstraints.map((c: any) => c.matchLabelKeys)).toEqual([
      ["pod-template-hash"],
      ["pod-template-hash"],
    ]);
    // Cluster Autoscaler may drain the node: the tmp emptyDir is scratch space (M3).
    expect(deployment.spec.template.metadata.annotations).toEqual({
      "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "tmp",
    });
    expect(pod.volumes).toEqual([{ name: "tmp", emptyDir: { sizeLimit: "64Mi" } }]);
    // An unready pod never blocks a drain (M9).
    expect((objects["PodDisruptionBudget/orders"] as any).spec.unhealthyPodEvictionPolicy).toBe("AlwaysAllow");
    expect((objects["HorizontalPodAutoscaler/orders"] as any).spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "orders" },
      minReplicas: 2,
      maxReplicas: 6,
    });
    expect((objects["PodDisruptionBudget/orders"] as any).spec.maxUnavailable).toBe(1);
    expect((objects["NetworkPolicy/orders"] as any).spec).toEqual({
      podSelector: { matchLabels: { "app.kubernetes.io/name": "orders" } },
      policyTypes: ["Ingress"],
      ingress: [],
    });
    // Its own service account, bound to a cloud identity.
    expect(resourcesOf(config, "kubernetes_service_account_v1")).toHaveLength(1);
    expect(app.identity).toBeDefined();
    expect(resourcesOf(config, cloud === "aws" ? "aws_iam_role" : "google_service_account")).toHaveLength(1);
    // A rolling update needs no controller: nothing installed in the add-ons stack for it.
    expect(JSON.stringify(synth(cluster.addons).config.resource?.helm_release ?? {})).not.toContain("argo-rollouts");
  });

  test("without identity and with a fixed replica count: no token, no service account, no HPA", () => {
    const { cluster, namespace } = withCluster(cloud);
    new Application(cluster.workloads, "worker", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      identity: false,
      replicas: 2,
      maxReplicas: 2,
    });
    const { objects, config } = manifestsOf(cluster.workloads);
    const pod = (objects["Deployment/worker"] as any).spec.template.spec;
    expect(pod.automountServiceAccountToken).toBe(false);
    expect(pod.serviceAccountName).toBeUndefined();
    expect((objects["Deployment/worker"] as any).spec.replicas).toBe(2);
    expect(objects["HorizontalPodAutoscaler/worker"]).toBeUndefined();
    expect(objects["Service/worker"]).toBeUndefined();
    expect(resourcesOf(config, "kubernetes_service_account_v1")).toHaveLength(0);
  });

  test("canary: an Argo Rollouts Rollout with stable and canary Services and an AnalysisTemplate, valid against the CRDs", () => {
    const { cluster, namespace } = withCluster(cloud);
    new Application(cluster.workloads, "orders", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      ports: [8080],
      probes: { readiness: Probe.http("/healthz") },
      strategy: RolloutStrategy.canary({
        steps: [
          CanaryStep.setWeight(10),
          CanaryStep.pause("5m"),
          CanaryStep.analysis(SUCCESS_RATE),
          CanaryStep.setWeight(50),
          CanaryStep.pause(),
          CanaryStep.setWeight(100),
        ],
        analysis: SUCCESS_RATE,
      }),
    });
    const { objects, config } = manifestsOf(cluster.workloads);
    expect(Object.keys(objects).sort()).toEqual([
      "AnalysisTemplate/orders-success-rate",
      "HorizontalPodAutoscaler/orders",
      // The release's health check (test/kubernetes/rollout-health.test.ts).
      expect.stringMatching(/^Job\/orders-rollout-status-[0-9a-f]{10}$/),
      "NetworkPolicy/orders",
      "NetworkPolicy/orders-rollout-status",
      "PodDisruptionBudget/orders",
      "Role/orders-rollout-status",
      "RoleBinding/orders-rollout-status",
      "Rollout/orders",
      "Service/orders",
      "Service/orders-canary",
      "Service/orders-stable",
      "ServiceAccount/orders-rollout-status",
    ]);
    const rollout = objects["Rollout/orders"] as any;
    // Review R1: clients use "orders", which selects both ReplicaSets; Argo pins only the stable and canary Services.
    expect((objects["Service/orders"] as any).spec.selector).toEqual({ "app.kubernetes.io/name": "orders" });
    expect(rollout.spec.strategy.canary.trafficRouting).toBeUndefined();
    expect(rollout.spec.strategy.canary).toMatchObject({
      stableService: "orders-stable",
      canaryService: "orders-canary",
      steps: [
        { setWeight: 10 },
        { pause: { duration: "5m" } },
        { analysis: { templates: [{ templateName: "orders-success-rate" }] } },
        { setWeight: 50 },
        { pause: {} },
        { setWeight: 100 },
      ],
      analysis: { templates: [{ templateName: "orders-success-rate" }] },
    });
    expect((objects["HorizontalPodAutoscaler/orders"] as any).spec.scaleTargetRef).toEqual({
      apiVersion: "argoproj.io/v1alpha1",
      kind: "Rollout",
      name: "orders",
    });
    for (const object of Object.values(objects) as { apiVersion: string; kind: string }[]) {
      if (hasCrd(object)) expect(crdErrors(object)).toEqual([]);
    }
    // Services the controller switches: their selectors are its to change; the client Service is Terraform's.
    const services = Object.values(config.resource!.kubernetes_manifest).filter(
      (r: any) => r.manifest.kind === "Service",
    ) as any[];
    for (const s of services)
      expect(s.computed_fields).toEqual(
        s.manifest.metadata.name === "orders"
          ? undefined
          : ["metadata.annotations", "metadata.labels", "spec.selector"],
      );
    // The controller is installed in the add-ons stack, which the workloads stack waits for.
    const releases = Object.values(synth(cluster.addons).config.resource!.helm_release) as any[];
    expect(releases.find((r) => r.chart === "argo-rollouts")).toMatchObject({
      repository: "https://argoproj.github.io/argo-helm",
      version: "2.41.0",
      namespace: "argo-rollouts",
    });
    expect(cluster.workloads.dependencies).toContain(cluster.addons);
  });

  test("blue-green: active and preview Services, manual promotion by default, valid against the CRD", () => {
    const { cluster, namespace } = withCluster(cloud);
    new Application(cluster.workloads, "payments", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [{ port: 8443, name: "https" }],
      probes: { readiness: Probe.http("/ready") },
      strategy: RolloutStrategy.blueGreen({
        previewReplicas: 1,
        scaleDownDelay: "2m",
        prePromotionAnalysis: SUCCESS_RATE,
      }),
    });
    const { objects } = manifestsOf(cluster.workloads);
    const rollout = objects["Rollout/payments"] as any;
    expect(rollout.spec.strategy.blueGreen).toEqual({
      activeService: "payments",
      previewService: "payments-preview",
      autoPromotionEnabled: false,
      previewReplicaCount: 1,
      scaleDownDelaySeconds: 120,
      prePromotionAnalysis: {
        templates: [{ templateName: "payments-success-rate" }],
        args: [
          { name: "app", value: "payments" },
          { name: "namespace", value: "apps" },
          { name: "canary-hash", valueFrom: { podTemplateHashValue: "Latest" } },
          { name: "service", value: "payments-preview" },
        ],
      },
    });
    expect(objects["Service/payments-preview"]).toBeDefined();
    expect(crdErrors(rollout)).toEqual([]);
    expect(crdErrors(objects["AnalysisTemplate/payments-success-rate"] as any)).toEqual([]);
  });

  test("allowFrom: another Application, a namespace and a CIDR become NetworkPolicy peers", () => {
    const { cluster, namespace } = withCluster(cloud);
    const web = new Application(cluster.workloads, "web", { cluster, namespace, image: SHA_IMAGE, ports: [80] });
    const api = new Application(cluster.workloads, "api", {
      cluster,
      namespace,
      image: SHA_IMAGE,
      ports: [8080],
      allowFrom: [web],
    });
    api.allowFrom({ namespace: "monitoring" });
    api.allowFrom("10.0.0.0/8");
    const { objects } = manifestsOf(cluster.workloads);
    expect((objects["NetworkPolicy/api"] as any).spec.ingress).toEqual([
      {
        from: [
          {
            podSelector: { matchLabels: { "app.kubernetes.io/name": "web" } },
            namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "apps" } },
          },
          { namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "monitoring" } } },
          { ipBlock: { cidr: "10.0.0.0/8" } },
        ],
        ports: [{ port: 8080, protocol: "TCP" }],
      },
    ]);
    expect(() => api.allowFrom("10.0.0.0/33")).toThrow(
      /^Application 'gcp-test-workloads\/api'|^Application 'aws-test-workloads\/api'/,
    );
  });

  test("is a traffic source for the database: the cloud sees the cluster's nodes", () => {
    const { stack, network, cluster, namespace } = withCluster(cloud);
    const app = new Application(cluster.workloads, "orders", { cluster, namespace, image: SHA_IMAGE });
    const database = new Database(stack, "database", { network });
    database.allowFrom(app);
    database.allowFrom(cluster); // the same rule: created once
    const rules = cloud === "aws" ? "aws_vpc_security_group_ingress_rule" : "google_compute_firewall";
    const fromCluster = resourcesOf(synth(stack).config, rules).filter((r) => JSON.stringify(r).includes("5432"));
    expect(fromCluster.length).toBeGreaterThan(0);
    expect(app.connections).toBe(cluster.connections);
  });

  describe("bad input, each a clear error at construction", () => {
    const path = `${cloud}-test-workloads/orders`;

    test("a mutable tag", () => {
      const { cluster, namespace } = withCluster(cloud);
      expect(() => new Application(cluster.workloads, "orders", { cluster, namespace, image: "nginx:1.27" })).toThrow(
        `Application '${path}': image "nginx:1.27" uses the version tag "1.27", which can be pushed again; pin it by digest (nginx@sha256:<64 hex>, from \`docker buildx imagetools inspect nginx:1.27\`), tag releases with the full commit SHA, or accept it explicitly with ImageRef.unpinned(ref, reason).`,
      );
    });

    test.each([
      [
        [10, 50],
        "strategy.steps 50 is the last weight, and canary weights must rise to 100; end the steps with CanaryStep.setWeight(100).",
      ],
      [
        [50, 20, 100],
        "strategy.steps[1].setWeight 20 does not rise above the previous weight 50; make each weight larger than the one before, ending at 100.",
      ],
      [[20, 120], "strategy.steps[1].percent 120 is out of range; use a number from 1 to 100."],
    ])("canary weights %j", (weights, message) => {
      const { cluster, namespace } = withCluster(cloud);
      const strategy = RolloutStrategy.canary({ steps: weights.map((w) => CanaryStep.setWeight(w)) });
      expect(
        () =>
          new Application(cluster.workloads, "orders", {
            cluster,
            namespace,
            image: SHA_IMAGE,
            ports: [80],
            probes: { readiness: Probe.http("/") },
            strategy,
          }),
      ).toThrow(`Application '${path}': ${message}`);
    });

    test("a blue-green without a readiness probe", () => {
      const { cluster, namespace } = withCluster(cloud);
      expect(
        () =>
          new Application(cluster.workloads, "orders", {
            cluster,
            namespace,
            image: SHA_IMAGE,
            ports: [80],
            strategy: RolloutStrategy.blueGreen(),
          }),
      ).toThrow(
        `Application '${path}': a blueGreen rollout has no readiness probe, so a broken release would count as healthy and be promoted; set probes.readiness, e.g. Probe.http("/healthz").`,
      );
    });

    test("an Application in the cluster's own stack", () => {
      const { stack, cluster } = withCluster(cloud);
      expect(() => new Application(stack, "orders", { cluster, namespace: "apps", image: SHA_IMAGE })).toThrow(
        `Cluster '${cloud}-test/cluster': Kubernetes objects on this cluster are declared in its own stack '${cloud}-test'`,
      );
    });

    test("a canary on a cluster from another stack whose controller stack it does not depend on", () => {
      const app = Testing.app();
      const apps = new CloudStack(app, "apps", stackProps(cloud));
      const addons = new CloudStack(app, "addons", stackProps(cloud));
      const cluster = importedCluster(apps);
      let n = 0;
      const canary = () =>
        new Application(apps, `orders${n++}`, {
          cluster,
          namespace: "apps",
          image: SHA_IMAGE,
          ports: [80],
          probes: { readiness: Probe.http("/") },
          identity: false,
          strategy: RolloutStrategy.canary({ steps: [CanaryStep.setWeight(100)] }),
        });
      expect(canary).toThrow(
        `Application 'apps/orders0': argo-rollouts is not installed on cluster 'apps/shared', which was made elsewhere; install it with ClusterAddons.install(cluster, addonsStack, "argo-rollouts") and make 'apps' depend on that stack, or declare it with ClusterAddons.external.`,
      );
      const { ClusterAddons } = require("../../lib") as typeof import("../../lib");
      ClusterAddons.install(cluster, addons, "argo-rollouts");
      expect(canary).toThrow(
        `Application 'apps/orders1': stack 'apps' declares argo-rollouts custom resources but does not depend on 'addons', which installs the controller; call apps.addDependency(addons) so the CRDs exist before it is planned.`,
      );
      (apps as TerraformStack).addDependency(addons);
      expect(canary).not.toThrow();
    });

    test("an unpinned image is accepted only with a reason, recorded as a policy suppression", () => {
      const { cluster, namespace } = withCluster(cloud);
      new Application(cluster.workloads, "redis", {
        cluster,
        namespace,
        image: ImageRef.unpinned("bitnami/redis:7.4", "vendor publishes no digests; reviewed monthly"),
      });
      const out = Testing.fullSynth(cluster.workloads);
      const json = JSON.parse(fs.readFileSync(`${out}/stacks/${cloud}-test-workloads/cdk.tf.json`, "utf8"));
      expect(json["//"].landform.suppressions).toEqual([
        {
          ruleId: "kubernetes-images-pinned",
          path: `${cloud}-test-workloads/redis`,
          reason: "vendor publishes no digests; reviewed monthly",
        },
      ]);
    });
  });
});
