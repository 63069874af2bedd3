import { Cluster, ComputeInstance, Database, Network } from "../../lib";
import { onlyResource, resourcesOf, synth, testStack } from "../helpers";

// Issue 10, GCP: what keeps the synthesized Terraform from destroying data or breaking on a later
// plan (review findings F1, F23) and what hardens the control plane (F6, F17, F18).

function gcpCluster(props: Partial<ConstructorParameters<typeof Cluster>[2]> = {}) {
  const stack = testStack("gcp");
  const network = new Network(stack, "network");
  new Cluster(stack, "cluster", { network, ...props });
  return synth(stack).config;
}

describe("F1: Cloud SQL disk growth never replaces the instance", () => {
  test("with autoresize on, settings[0].disk_size is ignored after creation", () => {
    const stack = testStack("gcp");
    new Database(stack, "orders", { network: new Network(stack, "network"), storageGb: 20, maxStorageGb: 100 });
    const sql = onlyResource(synth(stack).config, "google_sql_database_instance");
    expect((sql.settings as Record<string, unknown>).disk_autoresize).toBe(true);
    expect(sql.lifecycle).toEqual({ ignore_changes: ["settings[0].disk_size"] });
  });

  test("with autoresize off, disk_size stays managed (a change is a real resize)", () => {
    const stack = testStack("gcp");
    new Database(stack, "orders", { network: new Network(stack, "network"), storageGb: 50, maxStorageGb: 50 });
    const sql = onlyResource(synth(stack).config, "google_sql_database_instance");
    expect((sql.settings as Record<string, unknown>).disk_autoresize).toBe(false);
    expect(sql.lifecycle).toBeUndefined();
  });

  test("GKE node pools: the autoscaler owns the size; only the starting count is configured, and ignored", () => {
    const pool = onlyResource(
      gcpCluster({ nodePools: { web: { minNodes: 2, maxNodes: 9 } } }),
      "google_container_node_pool",
    );
    expect(pool.node_count).toBeUndefined();
    expect(pool.autoscaling).toMatchObject({ total_min_node_count: 2, total_max_node_count: 9 });
    expect(pool.lifecycle).toEqual({ ignore_changes: ["initial_node_count"] });
  });
});

describe("F23: the VM's zone comes from the region's zones", () => {
  test("first zone by name, chosen at creation and then ignored", () => {
    const stack = testStack("gcp", { region: "us-east4" });
    new ComputeInstance(stack, "worker", { network: new Network(stack, "network") });
    const { config, json } = synth(stack);
    const zones = Object.entries(config.data!.google_compute_zones);
    expect(zones).toHaveLength(1);
    const [id, lookup] = zones[0];
    expect(lookup).toMatchObject({ region: "us-east4", status: "UP" });
    const vm = onlyResource(config, "google_compute_instance");
    expect(vm.zone).toBe(`\${element(sort(data.google_compute_zones.${id}.names), 0)}`);
    expect((vm.lifecycle as { ignore_changes: string[] }).ignore_changes).toContain("zone");
    expect(json).not.toContain("us-east4-b");
  });
});

describe("F6: the control plane's private endpoint", () => {
  test("authorized networks are enforced on the private endpoint; global access on by default", () => {
    const gke = onlyResource(gcpCluster(), "google_container_cluster");
    expect(gke.master_authorized_networks_config).toMatchObject({
      private_endpoint_enforcement_enabled: true,
      gcp_public_cidrs_access_enabled: false,
    });
    expect(gke.private_cluster_config).toMatchObject({
      enable_private_endpoint: true,
      master_global_access_config: { enabled: true },
    });
  });

  test("globalAccess: false keeps the endpoint to the cluster's region", () => {
    const gke = onlyResource(gcpCluster({ globalAccess: false }), "google_container_cluster");
    expect(gke.private_cluster_config).toMatchObject({ master_global_access_config: { enabled: false } });
  });

  test("globalAccess must be a boolean", () => {
    expect(() => gcpCluster({ globalAccess: "yes" as unknown as boolean })).toThrow(
      "Cluster 'gcp-test/cluster': globalAccess \"yes\" is not a boolean; use true or false, not a string.",
    );
  });
});

describe("F18: the node service account", () => {
  test("has roles/container.defaultNodeServiceAccount and artifactregistry.reader", () => {
    const roles = resourcesOf(gcpCluster(), "google_project_iam_member")
      .filter((m) => String(m.member).includes("NodeServiceAccount"))
      .map((m) => m.role);
    expect(roles).toEqual(
      expect.arrayContaining(["roles/container.defaultNodeServiceAccount", "roles/artifactregistry.reader"]),
    );
  });
});
