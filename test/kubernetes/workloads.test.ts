import * as fs from "fs";
import * as path from "path";
import {
  Application,
  CanaryStep,
  Cloud,
  ConfigMap,
  CronJob,
  Database,
  EnvValue,
  ImageRef,
  Job,
  kubernetesPack,
  LandformError,
  Probe,
  RolloutStrategy,
} from "../../lib";
import { checkStacks } from "../../lib/policy";
import { CLOUDS, resourcesOf, synth, TerraformJson } from "../helpers";
import { isBuiltIn, modelErrors, openApiErrors } from "../support/kubernetes-openapi";
import { crdErrors, hasCrd } from "./crd";
import { DIGEST_IMAGE, SHA_IMAGE, withCluster } from "./fixtures";

type Obj = { apiVersion: string; kind: string; metadata: { name: string }; spec?: any; [k: string]: any };

/** Every kubernetes_manifest object of a synthesized stack. */
function manifests(config: TerraformJson): Obj[] {
  return Object.values(config.resource?.kubernetes_manifest ?? {}).map((r) => (r as { manifest: Obj }).manifest);
}

/** Schema errors of every object: built-in kinds against the OpenAPI, custom resources against their CRD. */
function schemaErrors(objects: Obj[]): string[] {
  return objects.flatMap((o) => {
    const where = `${o.kind}/${o.metadata.name}`;
    if (isBuiltIn(o)) return openApiErrors(o).map((e) => `${where} ${e}`);
    if (!hasCrd(o)) return [`${where}: neither a built-in kind nor a CRD copied to test/schemas`];
    const pod = o.spec?.template ? modelErrors(o.spec.template, "V1PodTemplateSpec") : [];
    return [...crdErrors(o), ...pod].map((e) => `${where} ${e}`);
  });
}

describe("the OpenAPI walk (test/support/kubernetes-openapi.ts)", () => {
  const deployment = () => ({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "x" },
    spec: {
      selector: { matchLabels: { a: "b" } },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxSurge: "25%", maxUnavailable: 0 } },
      template: {
        metadata: { labels: { a: "b" } },
        spec: { containers: [{ name: "app", image: "x", securityContext: { runAsNonRoot: true } }] },
      },
    },
  });

  test("passes a valid object", () => {
    expect(openApiErrors(deployment())).toEqual([]);
  });

  test("catches planted errors: a misspelled field, an unknown field, a wrong type, a bad int-or-string", () => {
    const bad = deployment() as any;
    bad.spec.template.spec.containers[0].securityContext = { runAsNonroot: true };
    bad.spec.bogus = 1;
    bad.spec.replicas = "3";
    bad.spec.strategy.rollingUpdate.maxSurge = 1.5;
    bad.spec.template.spec.containers[0].resources = { request: { cpu: "1" } };
    expect(openApiErrors(bad).sort()).toEqual([
      ".spec.bogus: unknown field of V1DeploymentSpec",
      ".spec.replicas: expected a number, got string",
      ".spec.strategy.rollingUpdate.maxSurge: expected a whole number or a string, got number",
      ".spec.template.spec.containers[0].resources.request: unknown field of V1ResourceRequirements",
      ".spec.template.spec.containers[0].securityContext.runAsNonroot: unknown field of V1SecurityContext",
    ]);
    const hpa = {
      apiVersion: "autoscaling/v2",
      kind: "HorizontalPodAutoscaler",
      metadata: {},
      spec: { minReplicas: 2.5 },
    };
    expect(openApiErrors(hpa)).toEqual([".spec.minReplicas: expected a whole number, got 2.5"]);
  });
});

/** A scratch synth that uses every workload option. */
function everything(cloud: Cloud) {
  const { stack, network, cluster, namespace } = withCluster(cloud);
  const database = new Database(stack, "orders-db", { network });
  const config = new ConfigMap(cluster.workloads, "orders-config", {
    cluster,
    namespace,
    data: { "app.yaml": "level: info\n", LOG_LEVEL: "info" },
  });
  const pod = {
    automountServiceAccountToken: true,
    podAnnotations: { "prometheus.io/scrape": "true" },
    podLabels: { team: "orders" },
    nodeSelector: { pool: "general" },
    initContainers: [{ name: "wait", image: DIGEST_IMAGE, command: ["/bin/wait"], env: { LOG_LEVEL: "debug" } }],
    sidecars: [{ name: "proxy", image: SHA_IMAGE, args: ["--port", "9000"], size: "medium" as const }],
    configFiles: { "/etc/orders": config },
  };
  const env = {
    DB_USER: EnvValue.fromDatabase(database, "username"),
    DB_PASSWORD: EnvValue.fromDatabase(database, "password"),
    DB_HOST: EnvValue.fromDatabase(database, "host"),
    DB_PORT: EnvValue.fromDatabase(database, "port"),
    LOG_LEVEL: EnvValue.fromConfigMap(config, "LOG_LEVEL"),
    API_KEY: EnvValue.fromSecret("orders-api", "key"),
  };
  const migrate = new Job(cluster.workloads, "migrate", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    command: ["/app/migrate"],
    env,
    backoffLimit: 1,
    timeoutSeconds: 600,
    ...pod,
  });
  const app = new Application(cluster.workloads, "orders", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    runAfter: [migrate],
    ports: [8080, { port: 53, protocol: "UDP", name: "dns" }],
    probes: { readiness: Probe.http("/healthz"), liveness: Probe.tcp(), startup: Probe.exec(["true"]) },
    env,
    ...pod,
  });
  new Application(cluster.workloads, "canary", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [8080],
    probes: { readiness: Probe.http("/healthz") },
    env: { DB_PASSWORD: EnvValue.fromDatabase(database, "password") },
    strategy: RolloutStrategy.canary({ steps: [CanaryStep.setWeight(50), CanaryStep.setWeight(100)] }),
    ...pod,
  });
  new Application(cluster.workloads, "bluegreen", {
    cluster,
    namespace,
    image: ImageRef.unpinned("nginx:1.27", "the vendor publishes no digest here"),
    ports: [8080],
    probes: { readiness: Probe.http("/") },
    strategy: RolloutStrategy.blueGreen({ previewReplicas: 1 }),
  });
  new CronJob(cluster.workloads, "report", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    schedule: "0 3 * * *",
    timeZone: "Europe/Paris",
    concurrencyPolicy: "Replace",
    identity: false,
    env: { LOG_LEVEL: "info" },
    ...pod,
  });
  return { stack, cluster, database, app, migrate, config };
}

describe.each(CLOUDS)("workloads on %s", (cloud: Cloud) => {
  const built = everything(cloud);
  const workloads = synth(built.cluster.workloads).config;
  const objects = manifests(workloads);
  const byName = (kind: string, name: string) => objects.find((o) => o.kind === kind && o.metadata.name === name)!;

  test("every object of a synth with every option is valid: built-in kinds against the OpenAPI, custom resources against their CRDs", () => {
    const kinds = new Set(objects.map((o) => o.kind));
    for (const kind of ["Deployment", "Rollout", "Service", "HorizontalPodAutoscaler", "PodDisruptionBudget"])
      expect(kinds).toContain(kind);
    for (const kind of ["NetworkPolicy", "ConfigMap", "Job", "CronJob", "SecretStore", "ExternalSecret"])
      expect(kinds).toContain(kind);
    expect(schemaErrors(objects)).toEqual([]);
  });

  test("EnvValue.fromDatabase: External Secrets Operator copies the managed secret with the app's own identity", () => {
    const name = built.app.spec.name;
    const stores = objects.filter((o) => o.kind === "SecretStore" && o.metadata.name.startsWith(`${name}-db-`));
    expect(stores).toHaveLength(1);
    const secretName = stores[0].metadata.name;
    const provider = stores[0].spec.provider;
    if (cloud === "aws")
      expect(provider).toEqual({
        aws: {
          service: "SecretsManager",
          region: expect.stringMatching(/^\$\{element\(split\(":", .*\), 3\)\}$/),
          auth: { jwt: { serviceAccountRef: { name: "orders" } } },
        },
      });
    else
      expect(provider).toEqual({
        gcpsm: {
          projectID: expect.stringMatching(/^\$\{element\(split\("\/", .*\), 1\)\}$/),
          auth: { workloadIdentity: { serviceAccountRef: { name: "orders" } } },
        },
      });
    const external = byName("ExternalSecret", secretName);
    expect(external.spec.secretStoreRef).toEqual({ kind: "SecretStore", name: secretName });
    expect(external.spec.target).toMatchObject({ name: secretName, creationPolicy: "Owner" });
    expect(external.spec.data.map((d: any) => [d.secretKey, d.remoteRef.property])).toEqual([
      ["username", "username"],
      ["password", "password"],
    ]);
    // The env var reads the Secret the ExternalSecret writes, by the key it writes.
    const env = byName("Deployment", "orders").spec.template.spec.containers[0].env;
    expect(env).toEqual(
      expect.arrayContaining([
        { name: "DB_PASSWORD", valueFrom: { secretKeyRef: { name: secretName, key: "password" } } },
        { name: "DB_USER", valueFrom: { secretKeyRef: { name: secretName, key: "username" } } },
        { name: "DB_PORT", value: "5432" },
        { name: "LOG_LEVEL", valueFrom: { configMapKeyRef: { name: "orders-config", key: "LOG_LEVEL" } } },
      ]),
    );
    expect(env.find((e: any) => e.name === "DB_HOST").value).toMatch(/^\$\{/);
    // ESO is installed, pinned, in the add-ons stack.
    const releases = resourcesOf(synth(built.cluster.addons).config, "helm_release") as any[];
    expect(releases.find((r) => r.name === "external-secrets")).toMatchObject({
      repository: "https://charts.external-secrets.io",
      chart: "external-secrets",
      version: "2.9.0",
      namespace: "external-secrets",
    });
  });

  test("Database.grantRead: read on exactly the database's secret, declared beside the service account, once per identity", () => {
    if (cloud === "aws") {
      const policies = resourcesOf(workloads, "aws_iam_role_policy") as any[];
      const reads = policies.filter((p) => String(p.policy).includes("secretsmanager:GetSecretValue"));
      // orders, canary and migrate read the database; the CronJob does not.
      expect(reads).toHaveLength(3);
      for (const p of reads) {
        const doc = JSON.parse(p.policy);
        expect(doc.Statement).toEqual([
          {
            Sid: "ReadSecret",
            Effect: "Allow",
            Action: ["secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"],
            Resource: expect.stringMatching(/^\$\{/),
          },
        ]);
      }
    } else {
      const members = resourcesOf(workloads, "google_secret_manager_secret_iam_member") as any[];
      expect(members).toHaveLength(3);
      for (const m of members) expect(m.role).toBe("roles/secretmanager.secretAccessor");
    }
    const again = built.database.grantRead(built.app.serviceAccount!);
    expect(again).toBe(built.database.grantRead(built.app.serviceAccount!));
  });

  test("pods: drainable, token only when asked, per-revision spread, extra containers, files, metadata, node selection", () => {
    const rollout = byName("Rollout", "canary").spec.template;
    expect(rollout.spec.topologySpreadConstraints[0].matchLabelKeys).toEqual(["rollouts-pod-template-hash"]);
    const template = byName("Deployment", "orders").spec.template;
    expect(template.metadata.labels).toEqual({
      team: "orders",
      "app.kubernetes.io/name": "orders",
      "app.kubernetes.io/managed-by": "landform",
    });
    expect(template.metadata.annotations).toEqual({
      "prometheus.io/scrape": "true",
      "cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes": "tmp",
      "landform.dev/config-orders-config": built.config.digest,
    });
    const spec = template.spec;
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(spec.nodeSelector).toEqual({ pool: "general" });
    expect(spec.initContainers.map((c: any) => c.name)).toEqual(["wait"]);
    expect(spec.containers.map((c: any) => c.name)).toEqual(["app", "proxy"]);
    for (const c of [...spec.initContainers, ...spec.containers]) {
      expect(c.securityContext.capabilities).toEqual({ drop: ["ALL"] });
      expect(c.volumeMounts).toEqual([
        { name: "tmp", mountPath: "/tmp" },
        { name: "config-0", mountPath: "/etc/orders", readOnly: true },
      ]);
    }
    expect(spec.volumes[1]).toEqual({ name: "config-0", configMap: { name: "orders-config" } });
  });

  test("Job: a new Job per release that the apply waits for; CronJob on a schedule", () => {
    const resources = workloads.resource!.kubernetes_manifest as Record<string, any>;
    // The migration's Job (the canary's rollout status Job is another: test/kubernetes/rollout-health.test.ts).
    const job = Object.values(resources).find(
      (r) => r.manifest.kind === "Job" && r.manifest.metadata.labels["app.kubernetes.io/name"] === "migrate",
    );
    expect(job.manifest.metadata.name).toBe(built.migrate.name);
    expect(built.migrate.name).toMatch(/^migrate-[0-9a-f]{8}$/);
    expect(job.wait).toEqual({ condition: [{ type: "Complete", status: "True" }] });
    expect(job.manifest.spec).toMatchObject({ backoffLimit: 1, activeDeadlineSeconds: 600 });
    expect(job.manifest.spec.template.spec.restartPolicy).toBe("Never");
    const cron = byName("CronJob", "report");
    expect(cron.spec).toMatchObject({ schedule: "0 3 * * *", timeZone: "Europe/Paris", concurrencyPolicy: "Replace" });
    expect(cron.spec.jobTemplate.spec.template.spec.serviceAccountName).toBeUndefined();
    // Another image is another release: another Job; the same spec, the same Job.
    const release = (image: string) => {
      const { cluster, namespace } = withCluster(cloud);
      return new Job(cluster.workloads, "m", { cluster, namespace, name: "migrate", image, identity: false }).name;
    };
    expect(release(DIGEST_IMAGE)).not.toBe(release(SHA_IMAGE));
    expect(release(DIGEST_IMAGE)).toBe(release(DIGEST_IMAGE));
    // The Application with runAfter rolls out after the Job has succeeded.
    const deployment = Object.values(resources).find(
      (r) => r.manifest.kind === "Deployment" && r.manifest.metadata.name === "orders",
    );
    const jobAddress = Object.entries(resources).find(([, r]) => r === job)![0];
    expect(deployment.depends_on).toContain(`kubernetes_manifest.${jobAddress}`);
  });

  test("namespaces enforce the restricted Pod Security Standard", () => {
    const ns = resourcesOf(workloads, "kubernetes_namespace_v1")[0] as any;
    expect(ns.metadata.labels).toEqual({
      "pod-security.kubernetes.io/enforce": "restricted",
      "pod-security.kubernetes.io/enforce-version": "v1.33",
      "pod-security.kubernetes.io/warn": "restricted",
      "pod-security.kubernetes.io/warn-version": "v1.33",
      "pod-security.kubernetes.io/audit": "restricted",
      "pod-security.kubernetes.io/audit-version": "v1.33",
    });
  });

  test("metrics-server is installed on EKS only (GKE has its own)", () => {
    const releases = resourcesOf(synth(built.cluster.addons).config, "helm_release") as any[];
    const metrics = releases.find((r) => r.name === "metrics-server");
    if (cloud === "aws")
      expect(metrics).toMatchObject({
        repository: "https://kubernetes-sigs.github.io/metrics-server/",
        version: "3.13.1",
        namespace: "kube-system",
      });
    else expect(metrics).toBeUndefined();
  });

  test("the kubernetes pack's security rules find nothing in everything Landform emits, and commit tags are warned", () => {
    const report = checkStacks([{ name: "w", json: workloads as any }], { packs: [kubernetesPack] });
    const security = ["kubernetes-pod-hardened", "kubernetes-pod-restricted", "kubernetes-no-host-access"];
    expect(report.findings.filter((f) => security.includes(f.ruleId))).toEqual([]);
    // The sidecar's commit-SHA tag, in orders, canary, the Job and the CronJob.
    expect(report.findings.filter((f) => f.ruleId === "kubernetes-images-digest").map((f) => f.message)).toEqual(
      Array(4).fill(
        `container proxy: image "${SHA_IMAGE}" is a commit-SHA tag, which can be pushed again; pin it by digest`,
      ),
    );
  });
});

describe("mistakes", () => {
  test("EnvValue.fromDatabase without a cloud identity is refused, naming identity", () => {
    const { stack, network, cluster, namespace } = withCluster("aws");
    const database = new Database(stack, "db", { network });
    expect(
      () =>
        new Application(cluster.workloads, "x", {
          cluster,
          namespace,
          image: DIGEST_IMAGE,
          identity: false,
          env: { PASSWORD: EnvValue.fromDatabase(database, "password") },
        }),
    ).toThrow(/identity/);
  });

  test("a key the ConfigMap does not have, a container named app, a mount over /tmp", () => {
    const { cluster, namespace } = withCluster("gcp");
    const config = new ConfigMap(cluster.workloads, "cfg", { cluster, namespace, data: { a: "1" } });
    const app = (id: string, extra: object) => () =>
      new Application(cluster.workloads, id, { cluster, namespace, image: DIGEST_IMAGE, ...extra });
    expect(app("a", { env: { B: EnvValue.fromConfigMap(config, "b") } })).toThrow(
      /env\.B\.key.*is not a key of ConfigMap/,
    );
    expect(app("b", { sidecars: [{ name: "app", image: DIGEST_IMAGE }] })).toThrow(/sidecars\[0\]\.name/);
    expect(app("c", { configFiles: { "/tmp": config } })).toThrow(LandformError);
    expect(app("d", { initContainers: [{ name: "w", image: "nginx:latest" }] })).toThrow(/initContainers\[0\]\.image/);
  });

  test("a Job or CronJob named like another workload in its namespace", () => {
    const { cluster, namespace } = withCluster("gcp");
    new Application(cluster.workloads, "orders", { cluster, namespace, image: DIGEST_IMAGE });
    expect(
      () => new Job(cluster.workloads, "orders-job", { cluster, namespace, name: "orders", image: DIGEST_IMAGE }),
    ).toThrow(/name "orders" is the name of Application 'gcp-test-workloads\/orders' in namespace "apps"/);
    new CronJob(cluster.workloads, "report", { cluster, namespace, image: DIGEST_IMAGE, schedule: "@daily" });
    expect(
      () => new Application(cluster.workloads, "app", { cluster, namespace, name: "report", image: DIGEST_IMAGE }),
    ).toThrow(/which CronJob 'gcp-test-workloads\/report' already declares/);
  });

  test("a CronJob with a malformed schedule names schedule", () => {
    const { cluster, namespace } = withCluster("aws");
    expect(
      () => new CronJob(cluster.workloads, "r", { cluster, namespace, image: DIGEST_IMAGE, schedule: "daily" }),
    ).toThrow(/schedule/);
  });

  test("an escape-hatch edit that weakens a pod, or a namespace label that stops enforcing, is reported", () => {
    const { cluster, namespace } = withCluster("gcp");
    cluster.addNamespace(cluster.workloads, "legacy", {
      name: "legacy",
      labels: { "pod-security.kubernetes.io/enforce": "privileged" },
    });
    const app = new Application(cluster.workloads, "orders", { cluster, namespace, image: DIGEST_IMAGE });
    app.manifests.Resource.addOverride("manifest.spec.template.spec.securityContext.seccompProfile.type", "Unconfined");
    // cdktf appends a list override to the list: a second container.
    app.manifests.Resource.addOverride("manifest.spec.template.spec.containers", [
      { name: "debug", image: DIGEST_IMAGE, securityContext: { capabilities: { add: ["NET_ADMIN"] } } },
    ]);
    const report = checkStacks([{ name: "w", json: synth(cluster.workloads).config as any }], {
      packs: [kubernetesPack],
    });
    expect(
      report.findings
        .filter((f) => f.ruleId === "kubernetes-pod-restricted")
        .map((f) => `${f.address}: ${f.message}`)
        .sort(),
    ).toEqual([
      "kubernetes_manifest.orders_46FA7C19: container app runs with seccomp profile Unconfined",
      "kubernetes_manifest.orders_46FA7C19: container debug adds capabilities NET_ADMIN",
      "kubernetes_manifest.orders_46FA7C19: container debug does not drop ALL capabilities",
      "kubernetes_manifest.orders_46FA7C19: container debug runs with seccomp profile Unconfined",
      "kubernetes_namespace_v1.legacy: the namespace does not enforce the restricted Pod Security Standard (pod-security.kubernetes.io/enforce: privileged)",
    ]);
  });
});

describe("Database.grantRead", () => {
  test("an imported database, a plain identity, another cloud's identity, a service account without one", () => {
    const { stack, cluster } = withCluster("aws");
    const imported = Database.fromAttributes(stack, "legacy", {
      engine: "postgres",
      host: "legacy.internal",
      secretRef: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf",
    });
    const identity = {
      name: "worker",
      id: "arn:aws:iam::123456789012:role/worker",
      principal: "arn:aws:iam::123456789012:role/worker",
    };
    const grant = imported.grantRead(identity);
    expect(grant.identity).toBe(identity);
    const policy = (resourcesOf(synth(stack).config, "aws_iam_role_policy") as any[]).find((p) =>
      String(p.policy).includes("legacy-AbCdEf"),
    );
    expect(policy.role).toBe("worker");
    expect(JSON.parse(policy.policy).Statement[0].Resource).toBe(
      "arn:aws:secretsmanager:eu-west-1:123456789012:secret:legacy-AbCdEf",
    );
    expect(() =>
      imported.grantRead({
        name: "x",
        id: "x@p.iam.gserviceaccount.com",
        principal: "serviceAccount:x@p.iam.gserviceaccount.com",
      }),
    ).toThrow(/grantRead\.grantee.*aws database grants only aws identities/);
    const bare = cluster.addServiceAccount(cluster.workloads, "bare", { namespace: "apps", name: "bare" });
    expect(() => imported.grantRead({ ...bare, identity: undefined } as never)).toThrow(LandformError);
    expect(() => imported.grantRead(null as never)).toThrow(/grantRead\.grantee/);
  });
});

describe("the reference workloads stacks", () => {
  const dir = path.resolve(__dirname, "../../terraform/stacks");
  const stacks = fs.readdirSync(dir).filter((d) => d.endsWith("-workloads"));

  test.each(stacks)("%s: every object is valid against the OpenAPI or its CRD", (name) => {
    const config = JSON.parse(fs.readFileSync(path.join(dir, name, "cdk.tf.json"), "utf8")) as TerraformJson;
    const objects = manifests(config);
    expect(objects.length).toBeGreaterThan(0);
    expect(schemaErrors(objects)).toEqual([]);
  });
});
