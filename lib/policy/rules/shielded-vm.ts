import { block, blockAt, blocks, bool } from "../attributes";
import { Attributes, Rule } from "../rule";

/** Problems of a shielded_instance_config: secure boot defaults to off, vTPM and integrity monitoring to on. */
function shieldedProblems(config: Attributes | undefined, where: string): string[] {
  const out: string[] = [];
  if (bool(config?.enable_secure_boot) !== true && !String(config?.enable_secure_boot ?? "").includes("${")) {
    out.push(
      `${where}shielded_instance_config.enable_secure_boot is ${config?.enable_secure_boot === undefined ? "not set (defaults to false)" : "false"}`,
    );
  }
  if (bool(config?.enable_vtpm) === false) out.push(`${where}shielded_instance_config.enable_vtpm is false`);
  if (bool(config?.enable_integrity_monitoring) === false)
    out.push(`${where}shielded_instance_config.enable_integrity_monitoring is false`);
  return out;
}

export const shieldedVm: Rule = {
  id: "shielded-vm",
  severity: "error",
  title: "GCP VMs and GKE nodes run as Shielded VMs",
  rationale:
    "Secure boot, vTPM and integrity monitoring stop boot-level rootkits and let you prove a node booted what you built.",
  remediation:
    "Set shielded_instance_config { enable_secure_boot = true } (and leave enable_vtpm and enable_integrity_monitoring on) on google_compute_instance, instance templates and GKE node_config.",
  check(r) {
    const a = r.attributes;
    switch (r.type) {
      case "google_compute_instance":
      case "google_compute_instance_template":
      case "google_compute_region_instance_template":
        return shieldedProblems(block(a, "shielded_instance_config"), "");
      case "google_compute_instance_from_template":
        // Without its own shielded_instance_config the instance takes the template's, judged where the template is declared.
        return a.shielded_instance_config === undefined
          ? undefined
          : shieldedProblems(block(a, "shielded_instance_config"), "");
      case "google_container_node_pool":
        return shieldedProblems(blockAt(a, "node_config", "shielded_instance_config"), "node_config.");
      case "google_container_cluster": {
        // Autopilot nodes are always shielded; a removed default pool's node_config is never used.
        if (bool(a.enable_autopilot) === true) return undefined;
        // Pools declared inline are created with the cluster and kept, whatever happens to the default pool.
        const inline = blocks(a, "node_pool").flatMap((pool, i) =>
          shieldedProblems(blockAt(pool, "node_config", "shielded_instance_config"), `node_pool[${i}].node_config.`),
        );
        if (bool(a.remove_default_node_pool) === true) return inline;
        return [...shieldedProblems(blockAt(a, "node_config", "shielded_instance_config"), "node_config."), ...inline];
      }
      default:
        return undefined;
    }
  },
};
