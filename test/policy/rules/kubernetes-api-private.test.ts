import { kubernetesApiPrivate } from "../../../lib/policy/rules/kubernetes-api-private";
import { check } from "../helpers";

describe("kubernetes-api-private", () => {
  test.each([
    ["aws_eks_cluster", { vpc_config: { endpoint_public_access: false } }],
    ["aws_eks_cluster", { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["203.0.113.0/24"] } }],
    ["google_container_cluster", { private_cluster_config: { enable_private_endpoint: true } }],
    [
      "google_container_cluster",
      { master_authorized_networks_config: { cidr_blocks: [{ cidr_block: "10.0.0.0/8" }] } },
    ],
  ])("%s %j is compliant", (type, attributes) => {
    expect(check(kubernetesApiPrivate, type, attributes)).toEqual([]);
  });

  test.each([
    [
      "aws_eks_cluster",
      { vpc_config: { subnet_ids: ["a"] } },
      "vpc_config.endpoint_public_access is on by default and public_access_cidrs is not set, so it defaults to 0.0.0.0/0",
    ],
    [
      "aws_eks_cluster",
      { vpc_config: { endpoint_public_access: true, public_access_cidrs: ["0.0.0.0/0"] } },
      "vpc_config.public_access_cidrs includes 0.0.0.0/0",
    ],
    [
      "google_container_cluster",
      {},
      "the cluster has a public endpoint and no master_authorized_networks_config, so any address may reach the API",
    ],
    [
      "google_container_cluster",
      { master_authorized_networks_config: [{ cidr_blocks: [{ cidr_block: "0.0.0.0/0" }] }] },
      "master_authorized_networks_config allows 0.0.0.0/0",
    ],
    [
      "google_container_cluster",
      {
        master_authorized_networks_config: {
          gcp_public_cidrs_access_enabled: true,
          cidr_blocks: [{ cidr_block: "203.0.113.0/24" }],
        },
      },
      "master_authorized_networks_config lets every Google Cloud public IP reach the API (gcp_public_cidrs_access_enabled)",
    ],
  ])("%s %j is not", (type, attributes, message) => {
    expect(check(kubernetesApiPrivate, type, attributes)).toEqual([message]);
  });
});
