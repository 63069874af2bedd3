import type { KubernetesTraffic } from "../core/target";

/**
 * Application traffic on GKE: GKE's Gateway controller serves `gke-l7-global-external-managed`
 * (the global external Application Load Balancer, no proxy-only subnet needed). Its Google Front
 * Ends reach pods from the health-check ranges 35.191.0.0/16 and 130.211.0.0/22 (Google Cloud
 * "Firewall rules": for this load balancer the GFE proxy ranges are the health-check ranges), and
 * it health-checks GET "/" unless a HealthCheckPolicy says otherwise. Workload Identity answers on
 * the metadata server at 169.254.169.254:80. Cloud SQL hosts are private IPs.
 */
export const GCP_TRAFFIC: KubernetesTraffic = {
  gatewayClass: { name: "gke-l7-global-external-managed" },
  gatewayPeers: [{ ipBlock: { cidr: "35.191.0.0/16" } }, { ipBlock: { cidr: "130.211.0.0/22" } }],
  healthCheckPolicy: true,
  identityEgress: [{ to: [{ ipBlock: { cidr: "169.254.169.254/32" } }], ports: [{ port: 80, protocol: "TCP" }] }],
  databaseAddress: "host",
};
