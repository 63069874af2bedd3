import { shieldedVm } from "../../../lib/policy/rules/shielded-vm";
import { check } from "../helpers";

describe("shielded-vm", () => {
  test.each([
    ["google_compute_instance", { shielded_instance_config: { enable_secure_boot: true } }],
    [
      "google_compute_instance_template",
      { shielded_instance_config: [{ enable_secure_boot: true, enable_vtpm: true }] },
    ],
    ["google_container_node_pool", { node_config: { shielded_instance_config: { enable_secure_boot: true } } }],
    ["google_container_cluster", { remove_default_node_pool: true }],
    ["google_container_cluster", { enable_autopilot: true }],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(shieldedVm, type, attributes)).toEqual([]);
  });

  test.each([
    ["google_compute_instance", {}, ["shielded_instance_config.enable_secure_boot is not set (defaults to false)"]],
    [
      "google_compute_instance",
      {
        shielded_instance_config: { enable_secure_boot: true, enable_vtpm: false, enable_integrity_monitoring: false },
      },
      [
        "shielded_instance_config.enable_vtpm is false",
        "shielded_instance_config.enable_integrity_monitoring is false",
      ],
    ],
    [
      "google_container_node_pool",
      { node_config: { machine_type: "e2-medium" } },
      ["node_config.shielded_instance_config.enable_secure_boot is not set (defaults to false)"],
    ],
    [
      "google_container_cluster",
      { node_config: { shielded_instance_config: { enable_secure_boot: false } } },
      ["node_config.shielded_instance_config.enable_secure_boot is false"],
    ],
    [
      "google_container_cluster",
      { remove_default_node_pool: true, node_pool: [{ name: "inline", node_config: { machine_type: "e2-medium" } }] },
      ["node_pool[0].node_config.shielded_instance_config.enable_secure_boot is not set (defaults to false)"],
    ],
  ])("%s %j is not", (type, attributes, messages) => {
    expect(check(shieldedVm, type, attributes)).toEqual(messages);
  });
});
