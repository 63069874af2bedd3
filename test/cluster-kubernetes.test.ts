import { TerraformOutput, Testing } from "cdktf";
import { Cloud, CloudStack, Cluster, ComputeInstance, Database, Network } from "../lib";
import { CLOUDS, onlyResource, resourcesOf, stackProps, synth, testStack } from "./helpers";

function withCluster(cloud: Cloud, id = "cluster") {
  const stack = testStack(cloud);
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, id, { network });
  return { stack, network, cluster };
}

describe.each(CLOUDS)("Kubernetes objects of a Cluster on %s", (cloud) => {
  test("never live in the cluster's own stack: no kubernetes provider and no token there", () => {
    const { stack, cluster } = withCluster(cloud);
    expect(() => cluster.addNamespace(stack, "apps", { name: "apps" })).toThrow(
      `Cluster '${cloud}-test/cluster': Kubernetes objects on this cluster are declared in its own stack '${cloud}-test', where the provider cannot plan while the cluster changes; declare them in the cluster's workloads stack (cluster.workloads) or another CloudStack of the same cloud, region and project.`,
    );
    const { config, json } = synth(stack);
    expect(config.provider?.kubernetes).toBeUndefined();
    expect(json).not.toMatch(/aws_eks_cluster_auth|google_client_config/);
  });

  test("cluster.workloads is a stack beside the cluster's, same cloud and environment, applied after it", () => {
    const { stack, cluster } = withCluster(cloud);
    const workloads = cluster.workloads;
    expect(cluster.workloads).toBe(workloads);
    expect(workloads.node.id).toBe(`${cloud}-test-workloads`);
    expect(workloads.node.scope).toBe(stack.node.scope);
    expect([workloads.cloud, workloads.region, workloads.environment, workloads.project]).toEqual([
      stack.cloud,
      stack.region,
      stack.environment,
      stack.project,
    ]);
    expect(workloads.dependencies).toContain(stack);
    expect(workloads.tags.stack).toBe(`${cloud}-test-workloads`);
  });

  test("the provider looks the cluster up by name and gets a fresh token from an exec plugin on every run", () => {
    const { cluster } = withCluster(cloud);
    cluster.addNamespace(cluster.workloads, "apps", { name: "apps", labels: { team: "platform" } });
    const { config, json } = synth(cluster.workloads);
    expect(config.provider!.kubernetes).toHaveLength(1);
    const [provider] = config.provider!.kubernetes;
    expect(json).not.toMatch(/aws_eks_cluster_auth|google_client_config|terraform_remote_state/);
    expect(provider.token).toBeUndefined();
    if (cloud === "aws") {
      expect(Object.values(config.data!.aws_eks_cluster)[0]).toEqual({ name: "aws-test-cluster" });
      expect(provider).toEqual({
        host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.aws-test-cluster-kubernetes_Cluster_\w+\.endpoint\}$/),
        cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.aws_eks_cluster\..*\.data\)\}$/),
        exec: [
          {
            api_version: "client.authentication.k8s.io/v1beta1",
            command: "aws",
            args: [
              "eks",
              "get-token",
              "--cluster-name",
              "aws-test-cluster",
              "--region",
              "eu-west-1",
              "--output",
              "json",
            ],
          },
        ],
      });
    } else {
      expect(Object.values(config.data!.google_container_cluster)[0]).toEqual({
        name: "gcp-test-cluster",
        location: "europe-west1",
        project: "acme-test-123",
      });
      expect(provider).toEqual({
        host: expect.stringMatching(/^https:\/\/\$\{data\.google_container_cluster\..*\.endpoint\}$/),
        cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.google_container_cluster\./),
        exec: [{ api_version: "client.authentication.k8s.io/v1beta1", command: "gke-gcloud-auth-plugin" }],
      });
    }
    expect(onlyResource(config, "kubernetes_namespace_v1")).toEqual({
      provider: "kubernetes",
      // The restricted Pod Security Standard, enforced at the cluster's minor (S4).
      metadata: {
        name: "apps",
        labels: {
          team: "platform",
          "pod-security.kubernetes.io/enforce": "restricted",
          "pod-security.kubernetes.io/enforce-version": "v1.33",
          "pod-security.kubernetes.io/warn": "restricted",
          "pod-security.kubernetes.io/warn-version": "v1.33",
          "pod-security.kubernetes.io/audit": "restricted",
          "pod-security.kubernetes.io/audit-version": "v1.33",
        },
      },
    });
    expect(json).toMatchSnapshot();
  });

  test("two clusters in one stack share the workloads stack with one aliased provider each", () => {
    const { network, cluster } = withCluster(cloud, "blue");
    const green = new Cluster(cluster.node.scope!, "green", { network });
    expect(green.workloads).toBe(cluster.workloads);
    cluster.addNamespace(cluster.workloads, "blue-apps", { name: "apps" });
    green.addNamespace(green.workloads, "green-apps", { name: "apps" });
    const { config } = synth(cluster.workloads);
    expect(config.provider!.kubernetes.map((p) => p.alias)).toEqual([`${cloud}-test-blue`, `${cloud}-test-green`]);
    expect(resourcesOf(config, "kubernetes_namespace_v1").map((n) => n.provider)).toEqual([
      `kubernetes.${cloud}-test-blue`,
      `kubernetes.${cloud}-test-green`,
    ]);
  });

  test("a stack of the user's own works too, and depends on the cluster's stack", () => {
    const app = Testing.app();
    const platform = new CloudStack(app, `${cloud}-platform`, stackProps(cloud));
    const cluster = new Cluster(platform, "cluster", { network: new Network(platform, "network") });
    const apps = new CloudStack(app, `${cloud}-apps`, stackProps(cloud));
    cluster.addNamespace(apps, "apps", { name: "apps" });
    expect(apps.dependencies).toContain(platform);
    expect(synth(apps).json).not.toContain("terraform_remote_state");
  });

  test("a stack in another region cannot reach the cluster", () => {
    const app = Testing.app();
    const platform = new CloudStack(app, `${cloud}-platform`, stackProps(cloud));
    const cluster = new Cluster(platform, "cluster", { network: new Network(platform, "network") });
    const region = cloud === "aws" ? "us-east-1" : "us-central1";
    const other = new CloudStack(app, `${cloud}-other`, stackProps(cloud, { region }));
    const here = cloud === "aws" ? "aws eu-west-1" : "gcp europe-west1 acme-test-123";
    const there = cloud === "aws" ? "aws us-east-1" : "gcp us-central1 acme-test-123";
    expect(() => cluster.kubernetesProviderFor(other)).toThrow(
      `Cluster '${cloud}-platform/cluster': stack '${cloud}-other' (${there}) cannot reach this cluster (${here}); declare Kubernetes resources in a stack of the same cloud, region and project.`,
    );
  });

  test("a database admits the cluster's nodes and pods", () => {
    const { stack, network, cluster } = withCluster(cloud);
    const database = new Database(stack, "database", { network });
    database.allowFrom(cluster);
    const { config } = synth(stack);
    if (cloud === "aws") {
      const rule = resourcesOf(config, "aws_vpc_security_group_ingress_rule").find(
        (r) => r.from_port === 5432 && r.referenced_security_group_id !== undefined,
      )!;
      expect(rule.referenced_security_group_id).toMatch(
        /^\$\{aws_eks_cluster\.cluster_\w+\.vpc_config\[0\]\.cluster_security_group_id\}$/,
      );
    } else {
      const rule = resourcesOf(config, "google_compute_firewall").find((r) => String(r.name).includes("fromcluster"))!;
      expect(rule.direction).toBe("EGRESS");
      expect(rule.target_service_accounts).toEqual([
        expect.stringMatching(/^\$\{google_service_account\.cluster_NodeServiceAccount_\w+\.email\}$/),
      ]);
    }
  });

  test("a cluster of another stack cannot be allowed into a database", () => {
    const app = Testing.app();
    const platform = new CloudStack(app, `${cloud}-platform`, stackProps(cloud));
    const cluster = new Cluster(platform, "cluster", { network: new Network(platform, "network") });
    const data = new CloudStack(app, `${cloud}-data`, stackProps(cloud));
    const database = new Database(data, "database", { network: new Network(data, "network") });
    expect(() => database.allowFrom(cluster)).toThrow("is in another stack");
    // A VM is a traffic source too; a cluster is just another one.
    const vm = new ComputeInstance(data, "vm", { network: database.node.scope!.node.findChild("network") as Network });
    expect(() => database.allowFrom(vm)).not.toThrow();
  });
});

describe("add-ons stack", () => {
  test("on aws, Cluster Autoscaler is installed by Helm in <stack>-addons with its IRSA role looked up by name", () => {
    const { stack, cluster } = withCluster("aws");
    const addons = cluster.addons;
    expect(addons.node.id).toBe("aws-test-addons");
    expect(addons.dependencies).toContain(stack);
    expect(cluster.workloads.dependencies).toEqual(expect.arrayContaining([stack, addons]));
    const { config, json } = synth(addons);
    const [helm] = config.provider!.helm;
    expect(helm.kubernetes).toEqual({
      host: expect.stringMatching(/^\$\{data\.aws_eks_cluster\.aws-test-cluster-helm_Cluster_\w+\.endpoint\}$/),
      cluster_ca_certificate: expect.stringMatching(/^\$\{base64decode\(data\.aws_eks_cluster\./),
      exec: {
        api_version: "client.authentication.k8s.io/v1beta1",
        command: "aws",
        args: ["eks", "get-token", "--cluster-name", "aws-test-cluster", "--region", "eu-west-1", "--output", "json"],
      },
    });
    const releases = resourcesOf(config, "helm_release") as Record<string, unknown>[];
    // Cluster Autoscaler, and metrics-server for the HPA (EKS ships none).
    expect(releases.map((r) => r.name)).toEqual(["cluster-autoscaler", "metrics-server"]);
    const release = releases[0];
    expect(release).toMatchObject({
      name: "cluster-autoscaler",
      namespace: "kube-system",
      chart: "cluster-autoscaler",
      repository: "https://kubernetes.github.io/autoscaler",
      version: "9.59.0",
      atomic: true,
    });
    const values = JSON.parse((release.values as string[])[0].replace(/\$\{[^}]+\}/g, "REF")) as Record<string, any>;
    expect(values.autoDiscovery).toEqual({ clusterName: "aws-test-cluster" });
    expect(values.image).toEqual({ tag: "v1.33.6" });
    expect(values.awsRegion).toBe("eu-west-1");
    expect(values.rbac.serviceAccount.annotations["eks.amazonaws.com/role-arn"]).toBe("REF");
    expect(json).toMatch(/"data":\s*\{[\s\S]*"aws_iam_role"/);
    expect(json).not.toMatch(/terraform_remote_state|aws_eks_cluster_auth/);
  });

  test("on gcp, GKE scales node pools itself: no add-ons stack unless asked for", () => {
    const { stack } = withCluster("gcp");
    const app = stack.node.scope!;
    expect(app.node.tryFindChild("gcp-test-addons")).toBeUndefined();
  });
});

describe("addServiceAccount on aws (IRSA)", () => {
  test("an IAM role only system:serviceaccount:<ns>:<name> can assume, trusting the cluster's OIDC provider found by name", () => {
    const { cluster } = withCluster("aws");
    const workloads = cluster.workloads;
    const ns = cluster.addNamespace(workloads, "apps", { name: "apps" });
    const sa = cluster.addServiceAccount(workloads, "orders", { namespace: ns, name: "orders" });
    const { config, json } = synth(workloads);
    const role = resourcesOf(config, "aws_iam_role").find((r) => (r.name as string) === "aws-test-workloads-orders")!;
    expect(role.assume_role_policy).toMatch(/^\$\{data\.aws_iam_policy_document\.orders_Trust_\w+\.json\}$/);
    // The plain namespace name, not the namespace resource: cloud IAM never waits on the Kubernetes API.
    expect(role.description).toBe("Kubernetes service account apps/orders on aws-test-cluster (IRSA)");
    const oidc = Object.values(config.data!.aws_iam_openid_connect_provider);
    expect(oidc).toEqual([
      {
        url: expect.stringMatching(
          /^\$\{data\.aws_eks_cluster\.orders_ClusterLookup_\w+\.identity\[0\]\.oidc\[0\]\.issuer\}$/,
        ),
      },
    ]);
    const statement = (onlyResource({ resource: config.data }, "aws_iam_policy_document").statement as any[])[0];
    expect(statement.principals).toEqual([
      {
        type: "Federated",
        identifiers: [
          expect.stringMatching(/^\$\{data\.aws_iam_openid_connect_provider\.orders_OidcProvider_\w+\.arn\}$/),
        ],
      },
    ]);
    expect(statement.condition[0].values).toEqual(["system:serviceaccount:apps:orders"]);
    expect(onlyResource(config, "kubernetes_service_account_v1")).toEqual({
      provider: "kubernetes",
      metadata: {
        name: "orders",
        namespace: "${kubernetes_namespace_v1.apps.metadata[0].name}",
        annotations: {
          "eks.amazonaws.com/role-arn": expect.stringMatching(/^\$\{aws_iam_role\.orders_Role_\w+\.arn\}$/),
        },
      },
    });
    expect(json).not.toContain("terraform_remote_state");
    expect(sa.aws.role).toBeDefined();
    expect(() => sa.gcp).toThrow(
      "ClusterServiceAccount 'aws-test-workloads/orders': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });
});

describe("addServiceAccount on gcp (workload identity)", () => {
  test("a Google service account the Kubernetes service account may act as, named in its annotation", () => {
    const { cluster } = withCluster("gcp");
    const workloads = cluster.workloads;
    const sa = cluster.addServiceAccount(workloads, "orders", { namespace: "apps", name: "orders" });
    const { config } = synth(workloads);
    const gsa = resourcesOf(config, "google_service_account").find(
      (a) => a.account_id === "gcp-test-workloads-orders",
    )!;
    expect(gsa.display_name).toBe("Kubernetes apps/orders on gcp-test-cluster");
    expect(onlyResource(config, "google_service_account_iam_member")).toEqual({
      service_account_id: expect.stringMatching(/^\$\{google_service_account\.orders_ServiceAccount_\w+\.name\}$/),
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:acme-test-123.svc.id.goog[apps/orders]",
    });
    expect(onlyResource(config, "kubernetes_service_account_v1")).toEqual({
      provider: "kubernetes",
      metadata: {
        name: "orders",
        namespace: "apps",
        annotations: {
          "iam.gke.io/gcp-service-account": expect.stringMatching(
            /^\$\{google_service_account\.orders_ServiceAccount_\w+\.email\}$/,
          ),
        },
      },
    });
    expect(sa.gcp.binding).toBeDefined();
    expect(() => sa.aws).toThrow(".aws is only available on aws stacks, and this stack targets gcp");
  });
});

describe.each(CLOUDS)("addServiceAccount on %s (portable)", (cloud) => {
  test("a namespace resource orders the service account after it", () => {
    const { cluster } = withCluster(cloud);
    const ns = cluster.addNamespace(cluster.workloads, "apps", { name: "apps" });
    cluster.addServiceAccount(cluster.workloads, "orders", { namespace: ns, name: "orders" });
    const sa = onlyResource(synth(cluster.workloads).config, "kubernetes_service_account_v1");
    expect((sa.metadata as Record<string, string>).namespace).toBe("${kubernetes_namespace_v1.apps.metadata[0].name}");
  });

  test.each([
    [{ namespace: "Apps", name: "orders" }, `namespace "Apps" is not a Kubernetes name`],
    [
      { namespace: "apps", name: "orders_api" },
      `name "orders_api" is not a Kubernetes name; use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit.`,
    ],
  ])("rejects %j", (options, message) => {
    const { cluster } = withCluster(cloud);
    expect(() => cluster.addServiceAccount(cluster.workloads, "orders", options)).toThrow(
      `ClusterServiceAccount '${cloud}-test-workloads/orders': ${message}`,
    );
  });

  test("addNamespace checks the name", () => {
    const { cluster } = withCluster(cloud);
    expect(() => cluster.addNamespace(cluster.workloads, "apps", { name: "Apps" })).toThrow(
      `Cluster '${cloud}-test/cluster': addNamespace name "Apps" is not valid; use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit.`,
    );
  });

  test("identity is the role ARN or the service account email", () => {
    const { cluster } = withCluster(cloud);
    const sa = cluster.addServiceAccount(cluster.workloads, "orders", { namespace: "apps", name: "orders" });
    new TerraformOutput(cluster.workloads, "identity", { value: sa.identity.id });
    const expected =
      cloud === "aws"
        ? /^\$\{aws_iam_role\.orders_Role_\w+\.arn\}$/
        : /^\$\{google_service_account\.orders_ServiceAccount_\w+\.email\}$/;
    expect(synth(cluster.workloads).config.output!.identity.value).toMatch(expected);
  });
});
