import { TerraformOutput, Testing } from "cdktf";
import { Cloud, CloudStack, Cluster, Network } from "../lib";
import { CLOUDS, onlyResource, resourcesOf, stackProps, synth, testStack } from "./helpers";

function withCluster(cloud: Cloud, id = "cluster") {
  const stack = testStack(cloud);
  const network = new Network(stack, "network");
  const cluster = new Cluster(stack, id, { network });
  return { stack, network, cluster };
}

describe.each(CLOUDS)("Cluster kubernetes provider on %s", (cloud) => {
  test("no kubernetes provider until one is asked for", () => {
    const { stack } = withCluster(cloud);
    const { config } = synth(stack);
    expect(config.provider?.kubernetes).toBeUndefined();
    expect(config.terraform?.required_providers.kubernetes).toBeUndefined();
  });

  test("the provider reads endpoint, CA and a short-lived token from the cluster", () => {
    const { stack, cluster } = withCluster(cloud);
    expect(cluster.kubernetesProvider).toBe(cluster.kubernetesProvider);
    const { config } = synth(stack);
    const [provider] = config.provider!.kubernetes;
    expect(config.provider!.kubernetes).toHaveLength(1);
    expect(provider.alias).toBeUndefined();
    if (cloud === "aws") {
      expect(provider).toEqual({
        host: expect.stringMatching(/^\$\{aws_eks_cluster\.cluster_\w+\.endpoint\}$/),
        cluster_ca_certificate: expect.stringMatching(
          /^\$\{base64decode\(aws_eks_cluster\.cluster_\w+\.certificate_authority\[0\]\.data\)\}$/,
        ),
        token: expect.stringMatching(/^\$\{data\.aws_eks_cluster_auth\.cluster_KubernetesAuth_\w+\.token\}$/),
      });
      expect(Object.values(config.data!.aws_eks_cluster_auth)[0].name).toMatch(
        /^\$\{aws_eks_cluster\.cluster_\w+\.name\}$/,
      );
    } else {
      expect(provider).toEqual({
        host: expect.stringMatching(/^https:\/\/\$\{google_container_cluster\.cluster_\w+\.endpoint\}$/),
        cluster_ca_certificate: expect.stringMatching(
          /^\$\{base64decode\(google_container_cluster\.cluster_\w+\.master_auth\[0\]\.cluster_ca_certificate\)\}$/,
        ),
        token: expect.stringMatching(
          /^\$\{data\.google_client_config\.cluster_KubernetesClientConfig_\w+\.access_token\}$/,
        ),
      });
    }
    expect(config.terraform!.required_providers.kubernetes).toEqual({ source: "kubernetes", version: "2.38.0" });
  });

  test("two clusters in one stack get one aliased provider each", () => {
    const { stack, network, cluster } = withCluster(cloud, "blue");
    const green = new Cluster(stack, "green", { network });
    cluster.addNamespace(stack, "blue-apps", { name: "apps" });
    green.addNamespace(stack, "green-apps", { name: "apps" });
    const { config } = synth(stack);
    expect(config.provider!.kubernetes.map((p) => p.alias)).toEqual([`${cloud}-test-blue`, `${cloud}-test-green`]);
    expect(resourcesOf(config, "kubernetes_namespace_v1").map((n) => n.provider)).toEqual([
      `kubernetes.${cloud}-test-blue`,
      `kubernetes.${cloud}-test-green`,
    ]);
  });

  test("addNamespace declares a namespace through the cluster's provider", () => {
    const { stack, cluster } = withCluster(cloud);
    cluster.addNamespace(stack, "apps", { name: "apps", labels: { team: "platform" } });
    expect(onlyResource(synth(stack).config, "kubernetes_namespace_v1")).toEqual({
      provider: "kubernetes",
      metadata: { name: "apps", labels: { team: "platform" } },
    });
  });

  test("a dependent stack looks the cluster up by name, fetches its own token and depends on the cluster's stack", () => {
    const app = Testing.app();
    const platform = new CloudStack(app, `${cloud}-platform`, stackProps(cloud));
    const cluster = new Cluster(platform, "cluster", { network: new Network(platform, "network") });
    const apps = new CloudStack(app, `${cloud}-apps`, stackProps(cloud));
    cluster.addNamespace(apps, "apps", { name: "apps" });
    expect(apps.dependencies).toContain(platform);
    const { config, json } = synth(apps);
    expect(config.output).toBeUndefined();
    expect(json).not.toContain("terraform_remote_state");
    const [provider] = config.provider!.kubernetes;
    if (cloud === "aws") {
      expect(Object.values(config.data!.aws_eks_cluster)[0]).toEqual({ name: "aws-platform-cluster" });
      expect(Object.values(config.data!.aws_eks_cluster_auth)[0]).toEqual({ name: "aws-platform-cluster" });
      expect(provider.host).toMatch(
        /^\$\{data\.aws_eks_cluster\.aws-platform-cluster-kubernetes_Cluster_\w+\.endpoint\}$/,
      );
      expect(provider.token).toMatch(/^\$\{data\.aws_eks_cluster_auth\./);
    } else {
      expect(Object.values(config.data!.google_container_cluster)[0]).toEqual({
        name: "gcp-platform-cluster",
        location: "europe-west1",
        project: "acme-test-123",
      });
      expect(provider.host).toMatch(/^https:\/\/\$\{data\.google_container_cluster\..*\.endpoint\}$/);
      expect(provider.token).toMatch(/^\$\{data\.google_client_config\..*\.access_token\}$/);
    }
    expect(json).toMatchSnapshot();
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
});

describe("addServiceAccount on aws (IRSA)", () => {
  test("an IAM role only system:serviceaccount:<ns>:<name> can assume, named in the service account's annotation", () => {
    const { stack, cluster } = withCluster("aws");
    const sa = cluster.addServiceAccount(stack, "orders", { namespace: "apps", name: "orders" });
    const { config } = synth(stack);
    const role = resourcesOf(config, "aws_iam_role").find((r) => (r.name as string) === "aws-test-orders")!;
    expect(role.assume_role_policy).toMatch(/^\$\{data\.aws_iam_policy_document\.orders_Trust_\w+\.json\}$/);
    const issuer = '${replace(aws_iam_openid_connect_provider.cluster_OidcProvider_780E0D72.url, "https://", "")}';
    const trustKey = Object.keys(config.data!.aws_iam_policy_document).find((k) => k.startsWith("orders_Trust"))!;
    expect(config.data!.aws_iam_policy_document[trustKey].statement).toEqual([
      {
        effect: "Allow",
        actions: ["sts:AssumeRoleWithWebIdentity"],
        principals: [
          { type: "Federated", identifiers: ["${aws_iam_openid_connect_provider.cluster_OidcProvider_780E0D72.arn}"] },
        ],
        condition: [
          { test: "StringEquals", variable: `${issuer}:sub`, values: ["system:serviceaccount:apps:orders"] },
          { test: "StringEquals", variable: `${issuer}:aud`, values: ["sts.amazonaws.com"] },
        ],
      },
    ]);
    expect(onlyResource(config, "kubernetes_service_account_v1")).toEqual({
      provider: "kubernetes",
      metadata: {
        name: "orders",
        namespace: "apps",
        annotations: {
          "eks.amazonaws.com/role-arn": expect.stringMatching(/^\$\{aws_iam_role\.orders_Role_\w+\.arn\}$/),
        },
      },
    });
    expect(sa.aws.role).toBeDefined();
    expect(() => sa.gcp).toThrow(
      "ClusterServiceAccount 'aws-test/orders': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });

  test("snapshot", () => {
    const { stack, cluster } = withCluster("aws");
    const ns = cluster.addNamespace(stack, "apps", { name: "apps" });
    cluster.addServiceAccount(stack, "orders", { namespace: ns, name: "orders" });
    expect(synth(stack).json).toMatchSnapshot();
  });
});

describe("addServiceAccount on gcp (workload identity)", () => {
  test("a Google service account the Kubernetes service account may act as, named in its annotation", () => {
    const { stack, cluster } = withCluster("gcp");
    const sa = cluster.addServiceAccount(stack, "orders", { namespace: "apps", name: "orders" });
    const { config } = synth(stack);
    const gsa = resourcesOf(config, "google_service_account").find((a) => a.account_id === "gcp-test-orders")!;
    expect(gsa.display_name).toBe("Kubernetes apps/orders on gcp-test-cluster");
    expect(onlyResource(config, "google_service_account_iam_member")).toEqual({
      service_account_id: expect.stringMatching(/^\$\{google_service_account\.orders_ServiceAccount_\w+\.name\}$/),
      role: "roles/iam.workloadIdentityUser",
      member: "serviceAccount:acme-test-123.svc.id.goog[apps/orders]",
      depends_on: [expect.stringMatching(/^google_container_cluster\.cluster_/)],
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

  test("snapshot", () => {
    const { stack, cluster } = withCluster("gcp");
    const ns = cluster.addNamespace(stack, "apps", { name: "apps" });
    cluster.addServiceAccount(stack, "orders", { namespace: ns, name: "orders" });
    expect(synth(stack).json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("addServiceAccount on %s (portable)", (cloud) => {
  test("a namespace resource orders the service account after it", () => {
    const { stack, cluster } = withCluster(cloud);
    const ns = cluster.addNamespace(stack, "apps", { name: "apps" });
    cluster.addServiceAccount(stack, "orders", { namespace: ns, name: "orders" });
    const sa = onlyResource(synth(stack).config, "kubernetes_service_account_v1");
    expect((sa.metadata as Record<string, string>).namespace).toBe("${kubernetes_namespace_v1.apps.metadata[0].name}");
  });

  test("in a dependent stack, the identity and service account live there", () => {
    const app = Testing.app();
    const platform = new CloudStack(app, `${cloud}-platform`, stackProps(cloud));
    const cluster = new Cluster(platform, "cluster", { network: new Network(platform, "network") });
    const apps = new CloudStack(app, `${cloud}-apps`, stackProps(cloud));
    const sa = cluster.addServiceAccount(apps, "orders", { namespace: "apps", name: "orders" });
    expect(sa.serviceAccount.provider).toBe(cluster.kubernetesProviderFor(apps));
    const { config } = synth(apps);
    expect(resourcesOf(config, "kubernetes_service_account_v1")).toHaveLength(1);
    if (cloud === "gcp") expect(onlyResource(config, "google_service_account_iam_member").depends_on).toBeUndefined();
  });

  test.each([
    [{ namespace: "Apps", name: "orders" }, `namespace "Apps" is not a Kubernetes name`],
    [
      { namespace: "apps", name: "orders_api" },
      `name "orders_api" is not a Kubernetes name; use up to 63 lowercase letters, digits and dashes, starting and ending with a letter or digit.`,
    ],
  ])("rejects %j", (options, message) => {
    const { stack, cluster } = withCluster(cloud);
    expect(() => cluster.addServiceAccount(stack, "orders", options)).toThrow(
      `ClusterServiceAccount '${cloud}-test/orders': ${message}`,
    );
  });
});

test.each(CLOUDS)("identity on %s is the role ARN or the service account email", (cloud) => {
  const { stack, cluster } = withCluster(cloud);
  const sa = cluster.addServiceAccount(stack, "orders", { namespace: "apps", name: "orders" });
  new TerraformOutput(stack, "identity", { value: sa.identity.id });
  const expected =
    cloud === "aws"
      ? /^\$\{aws_iam_role\.orders_Role_\w+\.arn\}$/
      : /^\$\{google_service_account\.orders_ServiceAccount_\w+\.email\}$/;
  expect(synth(stack).config.output!.identity.value).toMatch(expected);
});

test.each(CLOUDS)("the example declares a cluster stack and a dependent stack on %s", (cloud) => {
  const { build } = require("../examples/cluster") as typeof import("../examples/cluster");
  const app = build(Testing.app(), cloud);
  const stacks = app.node.children.filter((c): c is CloudStack => c instanceof CloudStack);
  expect(stacks.map((s) => s.node.id)).toEqual([`${cloud}-cluster`, `${cloud}-apps`]);
  for (const s of stacks) expect(() => synth(s)).not.toThrow();
});
