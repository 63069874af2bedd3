import { ANYWHERE, block, blocks, bool, isReference, strings } from "../attributes";
import { Rule } from "../rule";

export const kubernetesApiPrivate: Rule = {
  id: "kubernetes-api-private",
  severity: "error",
  title: "The Kubernetes API is not open to the internet",
  rationale:
    "A control plane reachable from anywhere exposes the cluster to credential stuffing and to every future API server vulnerability.",
  remediation:
    "EKS: set vpc_config.endpoint_public_access = false, or list your own ranges in public_access_cidrs. GKE: set private_cluster_config.enable_private_endpoint = true, or master_authorized_networks_config with your own ranges.",
  check(r) {
    const a = r.attributes;
    if (r.type === "aws_eks_cluster") {
      const vpc = block(a, "vpc_config");
      if (bool(vpc?.endpoint_public_access) === false || isReference(vpc?.endpoint_public_access)) return undefined;
      const cidrs = strings(vpc?.public_access_cidrs);
      if (Array.isArray(vpc?.public_access_cidrs) && vpc.public_access_cidrs.length === 0)
        return "vpc_config.public_access_cidrs is empty, and AWS then opens the public endpoint to 0.0.0.0/0";
      const access = vpc?.endpoint_public_access === undefined ? "is on by default" : "is true";
      if (vpc?.public_access_cidrs === undefined)
        return `vpc_config.endpoint_public_access ${access} and public_access_cidrs is not set, so it defaults to 0.0.0.0/0`;
      return cidrs.some((c) => ANYWHERE.includes(c)) ? "vpc_config.public_access_cidrs includes 0.0.0.0/0" : undefined;
    }
    if (r.type === "google_container_cluster") {
      if (bool(block(a, "private_cluster_config")?.enable_private_endpoint) === true) return undefined;
      const authorized = block(a, "master_authorized_networks_config");
      if (!authorized)
        return "the cluster has a public endpoint and no master_authorized_networks_config, so any address may reach the API";
      if (bool(authorized.gcp_public_cidrs_access_enabled) === true)
        return "master_authorized_networks_config lets every Google Cloud public IP reach the API (gcp_public_cidrs_access_enabled)";
      const open = blocks(authorized, "cidr_blocks").some((c) => ANYWHERE.includes(String(c.cidr_block)));
      return open ? "master_authorized_networks_config allows 0.0.0.0/0" : undefined;
    }
    return undefined;
  },
};
