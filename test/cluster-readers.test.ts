import { Cloud, Cluster, ClusterAddons, ClusterProps, Network } from "../lib";
import { resourcesOf, synth, testStack } from "./helpers";

type Props = Omit<ClusterProps, "network">;

const PLAN_ROLE = "arn:aws:iam::123456789012:role/landform-gh-plan";
const PLAN_SA = "landform-gh-plan@acme-test-123.iam.gserviceaccount.com";
const READ = ["get", "list", "watch"];

function cluster(cloud: Cloud, props: Props, controllers: ("flux" | "argo-rollouts")[] = []) {
  const stack = testStack(cloud);
  const network = new Network(stack, "network", {});
  const c = new Cluster(stack, "cluster", { network, ...props });
  for (const controller of controllers) ClusterAddons.install(c, c.addons, controller);
  return { stack, cluster: c, config: synth(stack).config, addons: synth(c.addons).config };
}

const policyName = (a: Record<string, unknown>) => String(a.policy_arn).split("/").pop();

/** Read on the custom resources the agent stacks declare (Flux sources, tofu-controller Terraform objects). */
const GITOPS_RULES = [
  { api_groups: ["source.toolkit.fluxcd.io"], resources: ["gitrepositories", "ocirepositories"], verbs: READ },
  { api_groups: ["infra.contrib.fluxcd.io"], resources: ["terraforms"], verbs: READ },
];

describe("Cluster readers on aws", () => {
  test("an access entry with AmazonEKSViewPolicy on the cluster and AmazonEKSSecretReaderPolicy in the Helm release namespaces", () => {
    const { config } = cluster("aws", { readers: [{ identity: PLAN_ROLE }] }, ["flux"]);
    const entries = resourcesOf(config, "aws_eks_access_entry");
    expect(entries).toEqual([
      expect.objectContaining({
        principal_arn: PLAN_ROLE,
        type: "STANDARD",
        cluster_name: expect.stringContaining("aws_eks_cluster."),
        kubernetes_groups: ["landform-cluster-readers"],
      }),
    ]);
    const associations = resourcesOf(config, "aws_eks_access_policy_association");
    expect(associations.map(policyName).sort()).toEqual(["AmazonEKSSecretReaderPolicy", "AmazonEKSViewPolicy"]);
    const view = associations.find((a) => policyName(a) === "AmazonEKSViewPolicy")!;
    expect(view.access_scope).toEqual({ type: "cluster" });
    const secrets = associations.find((a) => policyName(a) === "AmazonEKSSecretReaderPolicy")!;
    // Cluster Autoscaler and metrics-server (kube-system) and Flux (flux-system): the add-ons stack's releases.
    expect(secrets.access_scope).toEqual({ type: "namespace", namespaces: ["flux-system", "kube-system"] });
    expect(secrets.policy_arn).toBe(
      "arn:${data.aws_partition.AwsPartition.partition}:eks::aws:cluster-access-policy/AmazonEKSSecretReaderPolicy",
    );
    // Never a policy that writes, nor AdminView (whose get on pods/exec opens a WebSocket exec).
    expect(JSON.stringify(associations)).not.toMatch(/Admin|Edit/);
    for (const a of associations) expect(a.principal_arn).toContain("aws_eks_access_entry.");
  });

  test("the entries' group reads the agent stacks' Flux and tofu-controller objects, and nothing more", () => {
    const { addons } = cluster("aws", { readers: [{ identity: PLAN_ROLE }] }, ["flux"]);
    expect(resourcesOf(addons, "kubernetes_cluster_role_v1")).toEqual([
      expect.objectContaining({ metadata: { name: "landform-gitops-reader" }, rule: GITOPS_RULES }),
    ]);
    expect(resourcesOf(addons, "kubernetes_cluster_role_binding_v1")).toEqual([
      expect.objectContaining({
        metadata: { name: "landform-gitops-readers" },
        subject: [{ kind: "Group", name: "landform-cluster-readers", api_group: "rbac.authorization.k8s.io" }],
      }),
    ]);
  });

  test("namespaces as given, sorted", () => {
    const { config } = cluster("aws", { readers: [{ identity: PLAN_ROLE, namespaces: ["team-b", "team-a"] }] });
    const secrets = resourcesOf(config, "aws_eks_access_policy_association").find(
      (a) => policyName(a) === "AmazonEKSSecretReaderPolicy",
    )!;
    expect(secrets.access_scope).toEqual({ type: "namespace", namespaces: ["team-a", "team-b"] });
  });

  test("no reader, no access entry", () => {
    const { config } = cluster("aws", {});
    expect(resourcesOf(config, "aws_eks_access_entry")).toEqual([]);
  });

  const path = "Cluster 'aws-test/cluster'";
  test.each([
    [
      { readers: [{ identity: PLAN_SA }] },
      `readers[0].identity "${PLAN_SA}" is a Google service account email, an identity of gcp, but this cluster is on aws; use an IAM role or user ARN, e.g. "arn:aws:iam::123456789012:role/landform-gh-plan".`,
    ],
    [
      { readers: [{ identity: "landform-gh-plan" }] },
      `readers[0].identity "landform-gh-plan" is not an IAM role or user ARN;`,
    ],
    [{ readers: [{}] }, `readers[0].identity is missing; set readers[0].identity.`],
    [
      { readers: [{ identity: PLAN_ROLE }, { identity: PLAN_ROLE }] },
      `readers[1] "${PLAN_ROLE}" repeats readers[0]; give each entry its own value.`,
    ],
    [
      { readers: [{ identity: PLAN_ROLE, namespaces: ["Kube_System"] }] },
      `readers[0].namespaces[0] "Kube_System" is not a Kubernetes namespace name;`,
    ],
    [{ readers: [{ identity: PLAN_ROLE, namespaces: [] }] }, `readers[0].namespaces [] lists no namespace;`],
    [
      { readers: [{ identity: PLAN_ROLE, namespace: ["x"] }] },
      `readers[0].namespace ["x"] is not a known prop; use one of identity, namespaces.`,
    ],
    [{ readers: "x" }, `readers "x" is not a list;`],
    [
      { admins: [PLAN_ROLE], readers: [{ identity: PLAN_ROLE }] },
      `readers "${PLAN_ROLE}" is an admin too; list the identity in admins or in readers, not both.`,
    ],
  ] as [Props, string][])("rejects %j", (props, message) => {
    expect(() => cluster("aws", props)).toThrow(`${path}: ${message}`);
  });
});

describe("Cluster readers on gcp", () => {
  test("roles/container.clusterViewer in the cluster's stack, RBAC with only read verbs in the add-ons stack", () => {
    const { config, addons } = cluster("gcp", { readers: [{ identity: PLAN_SA }] }, ["flux", "argo-rollouts"]);
    const viewer = resourcesOf(config, "google_project_iam_member").filter(
      (m) => m.member === `serviceAccount:${PLAN_SA}`,
    );
    expect(viewer).toEqual([
      expect.objectContaining({ role: "roles/container.clusterViewer", project: "acme-test-123" }),
    ]);

    const user = { kind: "User", name: PLAN_SA, api_group: "rbac.authorization.k8s.io" };
    expect(resourcesOf(addons, "kubernetes_cluster_role_binding_v1")).toEqual([
      expect.objectContaining({ metadata: { name: "landform-gitops-readers" }, subject: [user] }),
      expect.objectContaining({
        metadata: { name: "landform-cluster-readers" },
        role_ref: { api_group: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "view" },
        subject: [user],
      }),
    ]);
    const roles = resourcesOf(addons, "kubernetes_cluster_role_v1");
    expect(roles).toEqual([
      expect.objectContaining({ metadata: { name: "landform-gitops-reader" }, rule: GITOPS_RULES }),
      expect.objectContaining({
        metadata: { name: "landform-secret-reader" },
        rule: [{ api_groups: [""], resources: ["secrets"], verbs: READ }],
      }),
    ]);
    const bindings = resourcesOf(addons, "kubernetes_role_binding_v1");
    expect(bindings.map((b) => (b.metadata as { namespace: string }).namespace)).toEqual([
      "argo-rollouts",
      "flux-system",
    ]);
    for (const b of bindings) {
      expect(b.role_ref).toEqual({
        api_group: "rbac.authorization.k8s.io",
        kind: "ClusterRole",
        name: expect.stringContaining("kubernetes_cluster_role_v1."),
      });
      expect(b.subject).toEqual([user]);
      // Helm creates the namespace: the binding waits for the release.
      expect(b.depends_on).toEqual([expect.stringMatching(/^helm_release\./)]);
    }
  });

  test("each namespace binds the readers that list it", () => {
    const other = "ci-drift@acme-test-123.iam.gserviceaccount.com";
    const { addons } = cluster("gcp", {
      readers: [
        { identity: PLAN_SA, namespaces: ["flux-system", "team-a"] },
        { identity: other, namespaces: ["team-a"] },
      ],
    });
    const bindings = resourcesOf(addons, "kubernetes_role_binding_v1").map((b) => [
      (b.metadata as { namespace: string }).namespace,
      (b.subject as { name: string }[]).map((s) => s.name),
    ]);
    expect(bindings).toEqual([
      ["flux-system", [PLAN_SA]],
      ["team-a", [PLAN_SA, other]],
    ]);
  });

  const path = "Cluster 'gcp-test/cluster'";
  test.each([
    [
      { readers: [{ identity: PLAN_ROLE }] },
      `readers[0].identity "${PLAN_ROLE}" is an IAM role or user ARN, an identity of aws, but this cluster is on gcp; use a Google service account email, e.g. "landform-gh-plan@my-project.iam.gserviceaccount.com".`,
    ],
    [
      { readers: [{ identity: "user:alice@example.com" }] },
      `readers[0].identity "user:alice@example.com" is not a Google service account email;`,
    ],
    [
      { admins: [`serviceAccount:${PLAN_SA}`], readers: [{ identity: PLAN_SA }] },
      `readers "${PLAN_SA}" is an admin too;`,
    ],
  ] as [Props, string][])("rejects %j", (props, message) => {
    expect(() => cluster("gcp", props)).toThrow(`${path}: ${message}`);
  });
});
