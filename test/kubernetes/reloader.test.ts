import { TerraformStack, Testing } from "cdktf";
import {
  Application,
  CanaryStep,
  CHARTS,
  Cloud,
  CloudStack,
  ClusterAddons,
  Database,
  EnvValue,
  Job,
  Network,
  Probe,
  RolloutStrategy,
} from "../../lib";
import { CLOUDS, resourcesOf, stackProps, synth } from "../helpers";
import { DIGEST_IMAGE, importedCluster, manifestsOf, withCluster } from "./fixtures";

const RELOAD = "secret.reloader.stakater.com/reload";
const STRATEGY = "reloader.stakater.com/rollout-strategy";

type Obj = { kind: string; metadata: { name: string; labels?: Record<string, string>; annotations?: any }; spec?: any };

/** The names of the Secrets the ExternalSecrets of workload `app` write. */
function secretsOf(objects: Record<string, Record<string, unknown>>, app: string): string[] {
  return (Object.values(objects) as Obj[])
    .filter((o) => o.kind === "ExternalSecret" && o.metadata.labels?.["app.kubernetes.io/name"] === app)
    .map((o) => o.spec.target.name as string)
    .sort();
}

function releasesOf(stack: Parameters<typeof synth>[0]): any[] {
  return resourcesOf(synth(stack).config, "helm_release") as any[];
}

describe.each(CLOUDS)("Reloader restarts workloads on a rotated database secret, on %s", (cloud: Cloud) => {
  const { stack, network, cluster, namespace } = withCluster(cloud);
  const orders = new Database(stack, "orders-db", { network });
  const audit = new Database(stack, "audit-db", { network });
  new Application(cluster.workloads, "orders", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [8080],
    env: {
      DB_PASSWORD: EnvValue.fromDatabase(orders, "password"),
      DB_USER: EnvValue.fromDatabase(orders, "username"),
      AUDIT_PASSWORD: EnvValue.fromDatabase(audit, "password"),
      API_KEY: EnvValue.fromSecret("orders-api", "key"),
    },
  });
  new Application(cluster.workloads, "canary", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [8080],
    probes: { readiness: Probe.http("/healthz") },
    env: { DB_PASSWORD: EnvValue.fromDatabase(orders, "password") },
    strategy: RolloutStrategy.canary({ steps: [CanaryStep.setWeight(50), CanaryStep.setWeight(100)] }),
  });
  new Application(cluster.workloads, "web", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    ports: [8080],
    // host and port are plain values: no Secret, nothing to reload.
    env: { DB_HOST: EnvValue.fromDatabase(orders, "host"), DB_PORT: EnvValue.fromDatabase(orders, "port") },
  });
  const migrate = new Job(cluster.workloads, "migrate", {
    cluster,
    namespace,
    image: DIGEST_IMAGE,
    command: ["/app/migrate"],
    env: { DB_PASSWORD: EnvValue.fromDatabase(orders, "password") },
  });
  const { objects } = manifestsOf(cluster.workloads);
  const releases = releasesOf(cluster.addons);

  test("a Deployment is annotated with exactly the Secrets its ExternalSecrets write, both databases", () => {
    const secrets = secretsOf(objects, "orders");
    expect(secrets).toHaveLength(2);
    const deployment = objects["Deployment/orders"] as Obj;
    expect(deployment.metadata.annotations).toEqual({ [RELOAD]: secrets.join(",") });
    // The annotation is on the workload, not the pod template (Reloader reads the workload's).
    expect(deployment.spec.template.metadata.annotations?.[RELOAD]).toBeUndefined();
  });

  test("a Rollout is annotated too, and restarted (spec.restartAt) rather than sent through its canary", () => {
    const secrets = secretsOf(objects, "canary");
    expect(secrets).toHaveLength(1);
    expect((objects["Rollout/canary"] as Obj).metadata.annotations).toEqual({
      [RELOAD]: secrets[0],
      [STRATEGY]: "restart",
    });
  });

  test("no annotation without a database Secret, and none on a Job", () => {
    expect((objects["Deployment/web"] as Obj).metadata.annotations).toBeUndefined();
    const job = objects[`Job/${migrate.name}`] as Obj;
    expect(job.metadata.annotations?.[RELOAD]).toBeUndefined();
  });

  test("Reloader is installed, pinned, in the add-ons stack, after Argo Rollouts, with Rollouts on and ConfigMaps off", () => {
    const reloader = releases.find((r) => r.name === "reloader");
    expect(reloader).toMatchObject({
      repository: "https://stakater.github.io/stakater-charts",
      chart: "reloader",
      version: "2.2.16",
      namespace: "reloader",
      atomic: true,
    });
    expect(CHARTS.reloader).toEqual({
      repository: "https://stakater.github.io/stakater-charts",
      chart: "reloader",
      version: "2.2.16",
      appVersion: "v1.4.21",
    });
    expect(JSON.parse(reloader.values[0])).toEqual({
      reloader: {
        autoReloadAll: false,
        isArgoRollouts: true,
        ignoreConfigMaps: true,
        ignoreJobs: true,
        ignoreCronJobs: true,
        watchGlobally: true,
        reloadStrategy: "annotations",
      },
    });
    const addons = synth(cluster.addons).config.resource!.helm_release as Record<string, any>;
    const rollouts = Object.entries(addons).find(([, r]) => r.name === "argo-rollouts")![0];
    expect(reloader.depends_on).toContain(`helm_release.${rollouts}`);
  });
});

describe.each(CLOUDS)("Reloader only where it is needed, on %s", (cloud: Cloud) => {
  test("no database Secret read by an Application: no Reloader, even with a Job reading one", () => {
    const { stack, network, cluster, namespace } = withCluster(cloud);
    const database = new Database(stack, "db", { network });
    new Job(cluster.workloads, "migrate", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      env: { DB_PASSWORD: EnvValue.fromDatabase(database, "password") },
    });
    new Application(cluster.workloads, "web", { cluster, namespace, image: DIGEST_IMAGE, ports: [8080] });
    const names = releasesOf(cluster.addons).map((r) => r.name);
    expect(names).toContain("external-secrets");
    expect(names).not.toContain("reloader");
  });

  test("Deployments only: Argo Rollouts support stays off", () => {
    const { stack, network, cluster, namespace } = withCluster(cloud);
    const database = new Database(stack, "db", { network });
    new Application(cluster.workloads, "web", {
      cluster,
      namespace,
      image: DIGEST_IMAGE,
      env: { DB_PASSWORD: EnvValue.fromDatabase(database, "password") },
    });
    const reloader = releasesOf(cluster.addons).find((r) => r.name === "reloader");
    expect(JSON.parse(reloader.values[0]).reloader.isArgoRollouts).toBe(false);
    expect(releasesOf(cluster.addons).map((r) => r.name)).not.toContain("argo-rollouts");
  });

  test("on a cluster made elsewhere: a missing Reloader is a clear error; installed in another stack it is used", () => {
    const app = Testing.app();
    const apps = new CloudStack(app, "apps", stackProps(cloud));
    const addons = new CloudStack(app, "addons", stackProps(cloud));
    const cluster = importedCluster(apps);
    const database = new Database(apps, "db", { network: new Network(apps, "network") });
    ClusterAddons.external(cluster, "external-secrets", "installed by the platform team");
    let n = 0;
    const web = () =>
      new Application(apps, `web${n++}`, {
        cluster,
        namespace: "apps",
        image: DIGEST_IMAGE,
        env: { DB_PASSWORD: EnvValue.fromDatabase(database, "password") },
      });
    expect(web).toThrow(
      `Application 'apps/web0': reloader is not installed on cluster 'apps/shared', which was made elsewhere; install it with ClusterAddons.install(cluster, addonsStack, "reloader") and make 'apps' depend on that stack, or declare it with ClusterAddons.external.`,
    );
    ClusterAddons.install(cluster, addons, "reloader");
    (apps as TerraformStack).addDependency(addons);
    expect(web).not.toThrow();
    expect(JSON.parse(releasesOf(addons).find((r) => r.name === "reloader").values[0]).reloader).toMatchObject({
      isArgoRollouts: false,
      watchGlobally: true,
    });
  });
});
