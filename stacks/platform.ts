import { TerraformOutput } from "cdktf";
import { Construct } from "constructs";
import {
  AgentSource,
  type AnalysisTemplateProps,
  Application,
  CanaryStep,
  Cloud,
  CloudStack,
  Cluster,
  ComputeInstance,
  ConfigMap,
  Database,
  EnvValue,
  GitOpsAgent,
  ImageRef,
  Job,
  Network,
  Probe,
  RolloutStrategy,
  StateBackend,
} from "../lib";
import { EnvironmentConfig } from "./config";
import { AGENT_PULL_SECRET, AGENT_STACKS, agentArtifact, APPROVALS } from "./delivery";
import { pipeline } from "./pipeline";

/**
 * The agent's runner: images/agent-runner/Dockerfile (tofu-controller's tf-runner v0.16.5 plus the
 * AWS CLI and gke-gcloud-auth-plugin), built and pushed by you. A placeholder, like the account ids:
 * replace it with the digest your build printed.
 */
const AGENT_RUNNER_IMAGE =
  "ghcr.io/acme/landform-agent-runner@sha256:0000000000000000000000000000000000000000000000000000000000000000";

/** One environment of the reference platform on one cloud. */
export class PlatformStack extends CloudStack {
  constructor(scope: Construct, cloud: Cloud, config: EnvironmentConfig) {
    super(scope, `${cloud}-${config.environment}`, {
      cloud,
      environment: config.environment,
      ...(cloud === "aws"
        ? {
            region: config.aws.region,
            account: config.aws.account,
            backend: StateBackend.s3({ bucket: config.aws.stateBucket, kmsKeyId: config.aws.stateKey }),
          }
        : {
            region: config.gcp.region,
            project: config.gcp.project,
            backend: StateBackend.gcs({ bucket: config.gcp.stateBucket }),
          }),
      tags: { team: "platform" },
    });

    const network = new Network(this, "network", config.network);
    new TerraformOutput(this, "network_id", { value: network.networkId });
    new TerraformOutput(this, "private_subnet_ids", { value: network.privateSubnetIds });

    // EKS in production needs a named admin role: the role of that name in the account deployed to.
    const adminRole = cloud === "aws" ? config.aws.adminRole : undefined;
    const admins =
      adminRole && config.aws.account ? [`arn:aws:iam::${config.aws.account}:role/${adminRole}`] : undefined;
    // The pipeline's plan identity (BootstrapStack makes it, named from stacks/pipeline.ts) refreshes
    // the add-ons and agent stacks in pull request plans and drift scans: it reads the cluster and
    // the Secrets Helm keeps its releases in, nothing more (pipelines-review B7).
    const planIdentity = pipeline.planIdentity(cloud, config.environment, config[cloud].region);
    const cluster = new Cluster(this, "cluster", {
      network,
      version: "1.33",
      nodePools: { general: config.nodePool },
      admins,
      readers: [{ identity: planIdentity }],
    });
    new TerraformOutput(this, "cluster_name", { value: cluster.name });
    new TerraformOutput(this, "cluster_endpoint", { value: cluster.endpoint });
    // Kubernetes objects live in the cluster's workloads stack, applied after this one.
    const workloads = cluster.workloads;
    const apps = cluster.addNamespace(workloads, "apps", { name: "apps" });
    const appsIdentity = cluster.addServiceAccount(workloads, "apps-default", { namespace: apps, name: "apps" });
    new TerraformOutput(workloads, "apps_identity", { value: appsIdentity.identity.id });

    const worker = new ComputeInstance(this, "worker", { network, labels: { role: "worker" } });
    const database = new Database(this, "database", { network, databaseName: "platform" });
    database.allowFrom(worker);
    // Pods reach the database too: from the cluster security group (EKS) or the node service account (GKE).
    database.allowFrom(cluster);
    new TerraformOutput(this, "worker_private_ip", { value: worker.privateIp });
    new TerraformOutput(this, "database_host", { value: database.host });
    new TerraformOutput(this, "database_secret", { value: database.secretRef });

    // The database's credentials, as environment variables: External Secrets Operator copies them
    // from the cloud's secret store with each workload's own identity, granted read on that secret only.
    const databaseEnv = {
      DB_HOST: EnvValue.fromDatabase(database, "host"),
      DB_PORT: EnvValue.fromDatabase(database, "port"),
      DB_USER: EnvValue.fromDatabase(database, "username"),
      DB_PASSWORD: EnvValue.fromDatabase(database, "password"),
    };
    // The schema, migrated by a Job before each release: the migrations are files of a ConfigMap.
    const migrations = new ConfigMap(workloads, "migrations", {
      cluster,
      namespace: apps,
      data: {
        "1_init.up.sql":
          "CREATE TABLE IF NOT EXISTS visits (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now());\n",
        "1_init.down.sql": "DROP TABLE IF EXISTS visits;\n",
      },
    });
    const migrate = new Job(workloads, "migrate", {
      cluster,
      namespace: apps,
      // golang-migrate v4.18.3, by the digest public deployment scripts pin it to; verify with
      // `docker buildx imagetools inspect migrate/migrate:v4.18.3` before relying on it.
      image: "migrate/migrate:v4.18.3@sha256:39b59b389634e43bb3f2d4e94bc1edef0775ec2a9a3540ce6a2cf330e5daae55",
      // Kubernetes expands $(VAR) from the container's environment.
      args: [
        "-path=/migrations",
        "-database=postgres://$(DB_USER):$(DB_PASSWORD)@$(DB_HOST):$(DB_PORT)/platform?sslmode=require",
        "up",
      ],
      env: databaseEnv,
      configFiles: { "/migrations": migrations },
      timeoutSeconds: 600,
    });

    // The example application: a canary on AWS, a blue-green on GCP. podinfo, pinned by the digest
    // from the Flux/timoni documentation's `kubectl get deployment podinfo -oyaml` output. Its
    // `http_requests_total{status}` counter (stefanprodan/podinfo `pkg/api/http/metrics.go`), served
    // on /metrics, is scraped by the cluster's Prometheus; the analysis judges only the new
    // release's pods (`<app>-<canary-hash>-<suffix>`), and no traffic yet is inconclusive.
    const newPods = 'namespace="{{args.namespace}}",pod=~"{{args.app}}-{{args.canary-hash}}-.*"';
    const successRate: AnalysisTemplateProps = {
      name: "success-rate",
      metrics: [
        {
          name: "success-rate",
          query: `sum(rate(http_requests_total{${newPods},status!~"5.."}[2m])) / sum(rate(http_requests_total{${newPods}}[2m]))`,
          successCondition: "result[0] >= 0.99",
          initialDelay: "1m",
          interval: "1m",
          count: 3,
        },
      ],
    };
    const example = new Application(workloads, "podinfo", {
      cluster,
      namespace: apps,
      image: "ghcr.io/stefanprodan/podinfo@sha256:4a72d3ce7eda670b78baadd8995384db29483dfc76e12f81a24e1fc1256c0a8e",
      ports: [{ port: 9898, name: "http" }],
      metrics: { port: 9898 },
      probes: { readiness: Probe.http("/readyz"), liveness: Probe.http("/healthz") },
      env: databaseEnv,
      strategy:
        cloud === "aws"
          ? RolloutStrategy.canary({
              steps: [
                CanaryStep.setWeight(20),
                CanaryStep.pause("5m"),
                CanaryStep.analysis(successRate),
                CanaryStep.setWeight(50),
                CanaryStep.pause("5m"),
                CanaryStep.setWeight(100),
              ],
            })
          : RolloutStrategy.blueGreen({
              // The agent applies unattended: the preview is promoted after 5 minutes unless someone
              // aborts it, and the post-promotion analysis switches back on a bad success rate.
              autoPromoteAfter: "5m",
              previewReplicas: 1,
              scaleDownDelay: "5m",
              postPromotionAnalysis: successRate,
            }),
      // Each release migrates the schema first.
      runAfter: [migrate],
    });
    database.allowFrom(example);
    // Published on the apps namespace's Gateway (Envoy Gateway on EKS, GKE's Gateway on GKE), HTTPS
    // from cert-manager; point the host's DNS at the Gateway's address. The AWS canary's weights
    // are then set on this route, so setWeight(20) is 20% of requests.
    example.expose({
      host: `podinfo.${config.environment}.${cloud}.platform.example.com`,
      ...(cloud === "gcp" ? { previewHost: `preview.podinfo.${config.environment}.gcp.platform.example.com` } : {}),
    });
    // podinfo talks to the database and nothing else (plus cluster DNS, and on GKE the metadata server).
    example.allowTo(database);

    // Last, so it sees every stack of this cloud and environment: the pull-based agent. Its objects
    // live in `<env>-agent`, which CI applies after `<env>-addons`; it applies only the stacks the
    // pipeline leaves to it (AGENT_STACKS), and gates the environments the pipeline gates (APPROVALS).
    const agent = new GitOpsAgent(GitOpsAgent.stackFor(cluster), "agent", {
      cluster,
      // The artifact the deploy workflow pushes when these stacks change (stacks/delivery.ts): its
      // revision, and so a pending approval, does not move with unrelated commits to the trunk.
      source: AgentSource.ociArtifact({
        ...agentArtifact(cloud, config.environment),
        provider: "generic",
        secretName: AGENT_PULL_SECRET,
      }),
      stacks: AGENT_STACKS,
      approvals: APPROVALS,
      runnerImage: ImageRef.of(AGENT_RUNNER_IMAGE),
      // What images/agent-runner/Dockerfile installs (its last RUN checks both).
      runnerProvides: ["aws", "gke-gcloud-auth-plugin"],
    });
    agent.grantApply(workloads);
  }
}
