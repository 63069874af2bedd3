import { CertificateManagerCertificate } from "@cdktf/provider-google/lib/certificate-manager-certificate";
import { CertificateManagerCertificateMap } from "@cdktf/provider-google/lib/certificate-manager-certificate-map";
import { CertificateManagerCertificateMapEntry } from "@cdktf/provider-google/lib/certificate-manager-certificate-map-entry";
import { Construct } from "constructs";
import { NameRules } from "../core/naming";
import { stackOf } from "../core/stack-info";
import type { GatewayCertificates } from "../core/target";
import type { ICluster } from "../contracts/cluster";

/**
 * HTTPS on GKE's Gateway: a Google-managed certificate per exposed host, in a Certificate Manager
 * certificate map the namespace's Gateway names with `networking.gke.io/certmap` (GKE docs "Secure a
 * Gateway": the HTTPS listeners then have no `tls`). The certificates use load balancer
 * authorization, which a global external Application Load Balancer supports without DNS
 * authorization once the host resolves to the Gateway's address (Certificate Manager docs "Domain
 * authorization"). cert-manager's HTTP-01 solver is not used on GKE: its generated Services get the
 * load balancer's default health check (GET "/"), which no HealthCheckPolicy can target.
 * The resources live in the workloads stack, whose google provider targets the environment's project;
 * the Certificate Manager API is enabled with the cluster's APIs.
 */
export function buildGatewayCertificates(
  scope: Construct,
  request: { readonly cluster: ICluster; readonly namespace: string },
): GatewayCertificates {
  const stack = stackOf(scope);
  const map = new CertificateManagerCertificateMap(scope, "CertificateMap", {
    name: stack.nameFor(scope, NameRules.gcp, "certs"),
    description: `Certificates of the Gateway of namespace ${request.namespace} on ${request.cluster.name}`,
  });
  return {
    annotations: { "networking.gke.io/certmap": map.name },
    addHost(hostScope, id, host) {
      const holder = new Construct(hostScope, id);
      const certificate = new CertificateManagerCertificate(holder, "Certificate", {
        name: stack.nameFor(holder, NameRules.gcp),
        description: `Google-managed certificate of ${host}`,
        // Load balancer authorization: no dnsAuthorizations, the global external load balancer serves the challenge.
        managed: { domains: [host] },
      });
      new CertificateManagerCertificateMapEntry(holder, "MapEntry", {
        name: stack.nameFor(holder, NameRules.gcp, "entry"),
        map: map.name,
        hostname: host,
        certificates: [certificate.id],
      });
    },
  };
}
