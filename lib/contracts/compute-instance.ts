import { IConstruct } from "constructs";
import { Connectable, Connections, IngressRule, ResolvedRule } from "../core/connections";
import { Architecture, ImageIds, ImageName } from "../core/images";
import { MachineTypes, SizeName } from "../core/sizes";
import { Identity } from "./identity";
import { INetwork } from "./network";

/** Which of the network's subnets a resource lives in. */
export type SubnetTier = "private" | "public";

export interface ComputeInstanceProps {
  /** The network the instance lives in. */
  readonly network: INetwork;
  /**
   * The subnet tier. AWS: the first private or public subnet. GCP: subnets are regional and
   * shared, so "public" only allows an external IP (see publicIp).
   * @default "private"
   */
  readonly subnet?: SubnetTier;
  /** Give the instance a public IP address. Needs `subnet: "public"`. @default false */
  readonly publicIp?: boolean;
  /** Portable size class. @default "small" */
  readonly size?: SizeName;
  /** An exact machine type per cloud, instead of the size's. @default - the size's machine type */
  readonly machineType?: MachineTypes;
  /** The operating system, by portable name. @default "ubuntu-24.04" */
  readonly image?: ImageName;
  /**
   * An exact image per cloud (AMI id on AWS, image self link or `project/image` on GCP). Pins the
   * image: changing it replaces the instance, which is how you upgrade on purpose.
   * @default - the newest image of `image` at first apply, then kept (never replaced by a newer one)
   */
  readonly imageId?: ImageIds;
  /** Root disk size in GB, 10 to 16384. @default 20 */
  readonly rootDiskGb?: number;
  /**
   * A shell script (starting with `#!`) run at boot. AWS: user data, run once on first boot by cloud-init.
   * GCP: the `startup-script` metadata key, run on every boot; write it to be idempotent.
   * @default - none
   */
  readonly startupScript?: string;
  /**
   * One OpenSSH public key (ed25519 or RSA) for the image's login user (`ubuntu` or `admin`).
   * AWS: an EC2 key pair. GCP: the instance's `ssh-keys` metadata, with OS Login turned off for it.
   * @default - no SSH key (GCP: OS Login on, so only IAM-granted users can log in)
   */
  readonly sshPublicKey?: string;
  /** Tags (AWS) or labels (GCP) on the instance. @default - only the stack's */
  readonly labels?: Record<string, string>;
  /** Who may connect, on which ports. More can be added with allowFrom. @default - no ingress */
  readonly ingress?: IngressRule[];
  /** Customer-managed key for the root disk: a KMS key ARN (AWS) or Cloud KMS key id (GCP). @default - the cloud's own key */
  readonly encryptionKey?: string;
  /**
   * GCP only: OAuth scopes of the instance's service account. What the instance may do is
   * decided by IAM roles on its service account (none by default); scopes only narrow it further.
   * @default - logging.write and monitoring.write
   */
  readonly gcpScopes?: string[];
}

/** A ComputeInstance's props after defaults and validation. */
export interface ComputeInstanceSpec {
  readonly network: INetwork;
  readonly subnet: SubnetTier;
  readonly publicIp: boolean;
  readonly machineType: string;
  readonly architecture: Architecture;
  readonly image: ImageName;
  /** This cloud's exact image, when given. */
  readonly imageId?: string;
  readonly rootDiskGb: number;
  readonly startupScript?: string;
  readonly sshPublicKey?: string;
  readonly loginUser: string;
  readonly labels: Record<string, string>;
  readonly ingress: ResolvedRule[];
  readonly encryptionKey?: string;
  /** GCP: the scopes given, if any; the builder applies the default. */
  readonly gcpScopes?: string[];
}

/** What other constructs use of an instance. */
export interface ComputeInstanceAttributes {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly identity: Identity;
  readonly connections: Connections;
}

/** What `ComputeInstance.fromAttributes` takes for an instance made elsewhere. */
export interface ImportedComputeInstanceAttributes {
  readonly instanceId: string;
  readonly privateIp: string;
  /** @default - none */
  readonly publicIp?: string;
  /** The role (AWS) or service account (GCP) the instance runs as, to grant access to. */
  readonly identity: Identity;
  /** AWS only: the instance's security group, so it can be a source of traffic. @default - not a source of traffic */
  readonly securityGroupId?: string;
  /** GCP only: the email of the instance's service account, which firewall rules match. @default - not a source of traffic */
  readonly serviceAccountEmail?: string;
}

/** A virtual machine, made by Landform or imported with `ComputeInstance.fromAttributes`. */
export interface IComputeInstance extends IConstruct, ComputeInstanceAttributes, Connectable {}
