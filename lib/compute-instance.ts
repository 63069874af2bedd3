import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsComputeInstanceResources } from "./aws/compute-instance";
import { forCloud } from "./core/cloud";
import { CloudStack } from "./core/cloud-stack";
import { resourcesOn } from "./core/escape-hatch";
import {
  Connectable,
  Connections,
  IngressRule,
  Ports,
  Protocol,
  resolveRule,
  ResolvedRule,
  RuleSet,
  Source,
} from "./core/connections";
import { invalidConfig, invalidProp, LandformError, unsupportedOnCloud } from "./core/errors";
import { Architecture, architectureOf, IMAGE_NAMES, ImageIds, ImageName, IMAGES, isImageName } from "./core/images";
import { encryptionKeyProblem } from "./core/keys";
import { labelsProblem } from "./core/labels";
import { isSizeName, machineType, MachineTypes, SIZE_NAMES, SizeName } from "./core/sizes";
import type { GcpComputeInstanceResources } from "./gcp/compute-instance";
import { Network, requireNetwork } from "./network";

/** Which of the network's subnets a resource lives in. */
export type SubnetTier = "private" | "public";

export interface ComputeInstanceProps {
  /** The network the instance lives in. */
  readonly network: Network;
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

/** The instance's identity, for granting it access to other resources. */
export interface Identity {
  /** AWS: the IAM role's name. GCP: the service account's email. */
  readonly name: string;
  /** AWS: the role's ARN. GCP: the IAM member `serviceAccount:<email>`. */
  readonly principal: string;
}

/** A ComputeInstance's props after defaults and validation. */
export interface ComputeInstanceSpec {
  readonly network: Network;
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
  readonly gcpScopes: string[];
}

export interface ComputeInstanceAttributes {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly identity: Identity;
  readonly connections: Connections;
}

/** What each cloud's implementation offers besides its resources. */
export interface ComputeInstanceBuild<R> {
  readonly attributes: ComputeInstanceAttributes;
  readonly resources: R;
  addIngress(rule: ResolvedRule): void;
}

const KIND = "ComputeInstance";
const SSH_KEY = /^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;
const DEFAULT_GCP_SCOPES = [
  "https://www.googleapis.com/auth/logging.write",
  "https://www.googleapis.com/auth/monitoring.write",
];

/**
 * A virtual machine (a bastion or a worker): an EC2 instance or a Compute Engine instance,
 * private, with an encrypted disk, its own identity with no permissions, and no ingress unless asked.
 */
export class ComputeInstance extends Construct implements Connectable {
  readonly instanceId: string;
  readonly privateIp: string;
  /** The public IP, only when `publicIp` is set. */
  readonly publicIp?: string;
  /** The role (AWS) or service account (GCP) the instance runs as. */
  readonly identity: Identity;
  readonly connections: Connections;
  readonly spec: ComputeInstanceSpec;
  private readonly stack: CloudStack;
  private readonly build: ComputeInstanceBuild<AwsComputeInstanceResources | GcpComputeInstanceResources>;
  private readonly rules = new RuleSet();

  constructor(scope: Construct, id: string, props: ComputeInstanceProps) {
    super(scope, id);
    this.stack = CloudStack.of(this);
    this.spec = resolve(this, this.stack, props);
    this.build = forCloud<ComputeInstanceBuild<AwsComputeInstanceResources | GcpComputeInstanceResources>>(
      this.stack.cloud,
      {
        aws: () =>
          (require("./aws/compute-instance") as typeof import("./aws/compute-instance")).buildComputeInstance(
            this,
            this.spec,
          ),
        gcp: () =>
          (require("./gcp/compute-instance") as typeof import("./gcp/compute-instance")).buildComputeInstance(
            this,
            this.spec,
          ),
      },
    );
    ({
      instanceId: this.instanceId,
      privateIp: this.privateIp,
      publicIp: this.publicIp,
      identity: this.identity,
      connections: this.connections,
    } = this.build.attributes);
    for (const rule of this.spec.ingress) this.addRule(rule);
  }

  /** Opens `port` (default protocol tcp) to `from`: a CIDR block or a Landform construct such as another ComputeInstance. */
  allowFrom(from: Source, port: Ports, protocol: Protocol = "tcp"): void {
    this.addRule(resolveRule(this, "allowFrom", { from, port, protocol }, KIND));
  }

  /** Escape hatch to the AWS resources (instance, security group, role, instance profile). Throws on other clouds. */
  get aws(): AwsComputeInstanceResources {
    return resourcesOn<AwsComputeInstanceResources>(this, "aws", this.build.resources);
  }

  /** Escape hatch to the GCP resources (instance, service account, firewall rules). Throws on other clouds. */
  get gcp(): GcpComputeInstanceResources {
    return resourcesOn<GcpComputeInstanceResources>(this, "gcp", this.build.resources);
  }

  private addRule(rule: ResolvedRule): void {
    if (rule.peer === this.connections) {
      throw invalidConfig(
        this,
        "an instance cannot be allowed to connect to itself",
        "allow traffic from another construct or a CIDR",
        KIND,
      );
    }
    if (this.rules.add(rule)) this.build.addIngress(rule);
  }
}

function resolve(scope: ComputeInstance, stack: CloudStack, props: ComputeInstanceProps): ComputeInstanceSpec {
  const cloud = stack.cloud;
  requireNetwork(scope, props.network, KIND);
  const subnet = props.subnet ?? "private";
  if (subnet !== "private" && subnet !== "public") {
    throw invalidProp(scope, "subnet", subnet, "is not a subnet tier", 'use "private" or "public"', KIND);
  }
  const publicIp = props.publicIp ?? false;
  if (publicIp && subnet !== "public") {
    throw invalidConfig(scope, 'publicIp needs subnet "public"', 'set subnet: "public", or leave publicIp out', KIND);
  }
  const size = props.size ?? "small";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      "size",
      size,
      "is not a size class",
      `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`,
      KIND,
    );
  }
  const type = machineType(cloud, "vm", size, props.machineType);
  const image = props.image ?? "ubuntu-24.04";
  if (!isImageName(image)) {
    throw invalidProp(
      scope,
      "image",
      image,
      "is not a known image",
      `use one of ${IMAGE_NAMES.map((s) => `"${s}"`).join(", ")}, or set imageId`,
      KIND,
    );
  }
  const imageId = props.imageId?.[cloud];
  if (
    cloud === "aws" &&
    imageId !== undefined &&
    !Token.isUnresolved(imageId) &&
    !/^ami-[0-9a-f]{8,17}$/.test(imageId)
  ) {
    throw invalidProp(
      scope,
      "imageId.aws",
      imageId,
      "is not an AMI id",
      'use an id such as "ami-0123456789abcdef0"',
      KIND,
    );
  }
  if (cloud === "gcp" && imageId !== undefined && imageId.trim() === "") {
    throw invalidProp(
      scope,
      "imageId.gcp",
      imageId,
      "is empty",
      'use an image such as "projects/debian-cloud/global/images/debian-12-bookworm-v20250101"',
      KIND,
    );
  }
  const rootDiskGb = props.rootDiskGb ?? 20;
  if (!Token.isUnresolved(rootDiskGb) && !(Number.isInteger(rootDiskGb) && rootDiskGb >= 10 && rootDiskGb <= 16384)) {
    throw invalidProp(
      scope,
      "rootDiskGb",
      rootDiskGb,
      "is outside 10 to 16384 GB",
      "set rootDiskGb to a whole number from 10 to 16384",
      KIND,
    );
  }
  if (
    props.startupScript !== undefined &&
    !Token.isUnresolved(props.startupScript) &&
    !props.startupScript.startsWith("#!")
  ) {
    throw invalidProp(
      scope,
      "startupScript",
      props.startupScript.slice(0, 20),
      "does not start with #!",
      'start the script with an interpreter line such as "#!/bin/bash"',
      KIND,
    );
  }
  const key = props.sshPublicKey?.trim();
  if (key !== undefined && !Token.isUnresolved(key) && !SSH_KEY.test(key)) {
    throw invalidProp(
      scope,
      "sshPublicKey",
      key.slice(0, 20),
      "is not an OpenSSH ed25519 or RSA public key",
      'pass the one line of a .pub file, e.g. "ssh-ed25519 AAAA... you@host"',
      KIND,
    );
  }
  const labels = props.labels ?? {};
  const problem = labelsProblem(cloud, labels);
  if (problem)
    throw new LandformError(
      `${KIND} '${scope.node.path}': labels ${problem}; fix the key or value, Landform does not rewrite them.`,
    );
  const keyProblem = props.encryptionKey === undefined ? undefined : encryptionKeyProblem(cloud, props.encryptionKey);
  if (keyProblem) throw invalidProp(scope, "encryptionKey", props.encryptionKey, ...keyProblem, KIND);
  if (cloud === "aws" && props.gcpScopes !== undefined) {
    throw unsupportedOnCloud(
      scope,
      "gcpScopes",
      "aws",
      "OAuth scopes belong to GCP service accounts",
      "grant permissions to the instance's role (identity.name) instead",
      KIND,
    );
  }
  return {
    network: props.network,
    subnet,
    publicIp,
    machineType: type,
    architecture: architectureOf(cloud, type),
    image,
    imageId,
    rootDiskGb,
    startupScript: props.startupScript,
    sshPublicKey: key,
    loginUser: IMAGES[image].user,
    labels,
    ingress: (props.ingress ?? []).map((rule, i) => resolveRule(scope, `ingress[${i}]`, rule, KIND)),
    encryptionKey: props.encryptionKey,
    gcpScopes: props.gcpScopes ?? DEFAULT_GCP_SCOPES,
  };
}
