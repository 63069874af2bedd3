import { ComputeFirewall } from "@cdktf/provider-google/lib/compute-firewall";
import { ComputeInstance } from "@cdktf/provider-google/lib/compute-instance";
import { DataGoogleComputeImage } from "@cdktf/provider-google/lib/data-google-compute-image";
import { DataGoogleComputeZones } from "@cdktf/provider-google/lib/data-google-compute-zones";
import { ServiceAccount } from "@cdktf/provider-google/lib/service-account";
import { Fn } from "cdktf";
import { Construct } from "constructs";
import type { Built } from "../core/target";
import type { ComputeInstanceAttributes, ComputeInstanceSpec } from "../contracts/compute-instance";
import { stackOf } from "../core/stack-info";
import { NameRules } from "../core/naming";
import { requireApis } from "./apis";
import { DEFAULT_GCP_SCOPES, GCP_IMAGES } from "./data";
import { addInstanceIngress, FirewallRules, PRIORITY } from "./firewall";

export interface GcpComputeInstanceResources {
  readonly instance: ComputeInstance;
  /** The instance's own service account: no roles. Grant what the workload needs to it. */
  readonly serviceAccount: ServiceAccount;
  /** Denies all ingress to this instance, including the network's allow-internal rule. */
  readonly denyIngress: ComputeFirewall;
  /** The region's zones; the instance goes in the first by name. */
  readonly zones: DataGoogleComputeZones;
  /** The image family lookup, when the image is given by portable name. */
  readonly image?: DataGoogleComputeImage;
  /** The instance's network tag, for rules written by hand. */
  readonly networkTag: string;
  readonly ingressRules: FirewallRules;
}

/** A Shielded VM with no external IP unless asked, its own service account, and ingress denied unless allowed. */
export function buildComputeInstance(
  scope: Construct,
  spec: ComputeInstanceSpec,
): Built<ComputeInstanceAttributes, GcpComputeInstanceResources> {
  const stack = stackOf(scope);
  const name = stack.nameFor(scope, NameRules.gcp);

  const serviceAccount = new ServiceAccount(scope, "ServiceAccount", {
    accountId: stack.nameFor(scope, NameRules.gcpServiceAccount, "vm"),
    displayName: `Landform ComputeInstance ${scope.node.path}`,
    description: "Identity of one VM; no roles until granted",
  });

  const source = GCP_IMAGES[spec.image];
  const image = spec.imageId
    ? undefined
    : new DataGoogleComputeImage(scope, "Image", { project: source.project, family: source.family[spec.architecture] });

  const metadata: Record<string, string> = {
    "block-project-ssh-keys": "true",
    "serial-port-enable": "false",
    // OS Login ignores metadata keys, so it is on only when no key is given.
    "enable-oslogin": spec.sshPublicKey ? "FALSE" : "TRUE",
  };
  if (spec.sshPublicKey) metadata["ssh-keys"] = `${spec.loginUser}:${spec.sshPublicKey}`;
  // The metadata key, not metadata_startup_script: changing that one replaces the instance.
  if (spec.startupScript) metadata["startup-script"] = spec.startupScript;

  // Not every region has a "-b" zone: take the region's first zone by name, when the instance is created.
  const zones = new DataGoogleComputeZones(scope, "Zones", { region: stack.region, status: "UP" });
  const instance = new ComputeInstance(scope, "Resource", {
    name,
    machineType: spec.machineType,
    zone: Fn.element(Fn.sort(zones.names), 0),
    tags: [name],
    labels: spec.labels,
    metadata,
    allowStoppingForUpdate: true,
    bootDisk: {
      autoDelete: true,
      kmsKeySelfLink: spec.encryptionKey,
      initializeParams: {
        image: spec.imageId ?? image!.selfLink,
        size: spec.rootDiskGb,
        type: "pd-balanced",
        labels: spec.labels,
      },
    },
    networkInterface: [
      { subnetwork: spec.network.privateSubnetIds[0], accessConfig: spec.publicIp ? [{}] : undefined },
    ],
    serviceAccount: { email: serviceAccount.email, scopes: spec.gcpScopes ?? DEFAULT_GCP_SCOPES },
    shieldedInstanceConfig: { enableSecureBoot: true, enableVtpm: true, enableIntegrityMonitoring: true },
    // The zone is chosen once: a zone going down or a new one sorting first must not move (replace)
    // a running instance. Nor may a newer image in the family.
    lifecycle: { ignoreChanges: image ? ["zone", "boot_disk[0].initialize_params[0].image"] : ["zone"] },
  });

  const denyIngress = new ComputeFirewall(scope, "DenyIngress", {
    name: stack.nameFor(scope, NameRules.gcp, "deny-ingress"),
    description: `no ingress to ${scope.node.path} unless a rule of its own allows it`,
    network: spec.network.networkId,
    direction: "INGRESS",
    priority: PRIORITY.instanceDeny,
    targetServiceAccounts: [serviceAccount.email],
    sourceRanges: ["0.0.0.0/0"],
    deny: [{ protocol: "all" }],
  });

  requireApis(scope, ["compute", "iam"]);
  const ingressRules: FirewallRules = {};
  return {
    attributes: {
      instanceId: instance.instanceId,
      privateIp: instance.networkInterface.get(0).networkIp,
      publicIp: spec.publicIp ? instance.networkInterface.get(0).accessConfig.get(0).natIp : undefined,
      identity: {
        name: serviceAccount.email,
        id: serviceAccount.email,
        principal: serviceAccount.member,
        cloud: "gcp",
      },
      connections: { owner: scope, serviceAccountEmail: serviceAccount.email },
    },
    resources: { instance, serviceAccount, denyIngress, zones, image, networkTag: name, ingressRules },
    addIngress: (rule) => addInstanceIngress(scope, spec.network.networkId, serviceAccount.email, rule, ingressRules),
  };
}
