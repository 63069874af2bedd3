import { Token } from "cdktf";
import { Construct } from "constructs";
import type { AwsComputeInstanceResources } from "./aws/compute-instance";
import {
  Connections,
  IngressRule,
  Ports,
  Protocol,
  resolveRule,
  ResolvedRule,
  RuleSet,
  Source,
} from "./core/connections";
import { invalidConfig, invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { IMAGE_NAMES, IMAGE_USERS, ImageName, isImageName } from "./core/images";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { Cloud, PerCloud } from "./core/cloud";
import {
  booleanProp,
  listProp,
  numberProp,
  objectProp,
  perCloudStringsProp,
  rejectNulls,
  stringProp,
} from "./core/prop-types";
import { builderOf, perCloud, targetFor, targetOf } from "./core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "./core/sizes";
import { stackOf, StackInfo } from "./core/stack-info";
import type { Built } from "./core/target";
import type { GcpComputeInstanceResources } from "./gcp/compute-instance";
import { requireNetwork } from "./network";
import {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  ComputeInstanceSpec,
  IComputeInstance,
} from "./contracts/compute-instance";
import { Identity } from "./contracts/identity";

export type {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  IComputeInstance,
  SubnetTier,
} from "./contracts/compute-instance";
export type { Identity } from "./contracts/identity";

/** Where each cloud publishes an image, and its login user: the table from portable image names, published in the docs. */
export const IMAGES = Object.fromEntries(
  IMAGE_NAMES.map((name) => [name, { ...perCloud((t) => t.data.images[name]), user: IMAGE_USERS[name] }]),
) as Readonly<Record<ImageName, PerCloud<object> & { readonly user: string }>>;

const SSH_KEY = /^(ssh-ed25519|ssh-rsa) [A-Za-z0-9+/]+={0,3}( [^\n]*)?$/;
/** A 16384-bit RSA key, the largest OpenSSH makes, is about 2,800 characters with a comment. */
const SSH_KEY_MAX_LENGTH = 8192;

/**
 * A virtual machine (a bastion or a worker): an EC2 instance or a Compute Engine instance,
 * private, with an encrypted disk, its own identity with no permissions, and no ingress unless asked.
 */
export class ComputeInstance extends Construct implements IComputeInstance {
  /** @internal */
  static readonly landformKind = "ComputeInstance";

  readonly instanceId: string;
  readonly privateIp: string;
  /** The public IP, only when `publicIp` is set. */
  readonly publicIp?: string;
  /** The role (AWS) or service account (GCP) the instance runs as. */
  readonly identity: Identity;
  readonly connections: Connections;
  private readonly built: Built<ComputeInstanceAttributes>;
  private readonly rules = new RuleSet();

  constructor(scope: Construct, id: string, props: ComputeInstanceProps) {
    super(scope, id);
    const spec = resolve(this, stackOf(this), props);
    const builder = builderOf(this, "computeInstance");
    builder.check(this, props, spec);
    this.built = builder.build(this, spec);
    ({
      instanceId: this.instanceId,
      privateIp: this.privateIp,
      publicIp: this.publicIp,
      identity: this.identity,
      connections: this.connections,
    } = this.built.attributes);
    for (const rule of spec.ingress) this.addRule(rule);
  }

  /** Opens `port` (default protocol tcp) to `from`: a CIDR block or a Landform construct such as another ComputeInstance. */
  allowFrom(from: Source, port: Ports, protocol: Protocol = "tcp"): void {
    this.addRule(resolveRule(this, "allowFrom", { from, port, protocol }));
  }

  /** Escape hatch to the AWS resources (instance, security group, role, instance profile). Throws on other clouds. */
  get aws(): AwsComputeInstanceResources {
    return resourcesOn<AwsComputeInstanceResources>(this, "aws", this.built.resources);
  }

  /** Escape hatch to the GCP resources (instance, service account, firewall rules). Throws on other clouds. */
  get gcp(): GcpComputeInstanceResources {
    return resourcesOn<GcpComputeInstanceResources>(this, "gcp", this.built.resources);
  }

  private addRule(rule: ResolvedRule): void {
    if (rule.peer === this.connections) {
      throw invalidConfig(
        this,
        "an instance cannot be allowed to connect to itself",
        "allow traffic from another construct or a CIDR",
      );
    }
    if (this.rules.add(rule)) this.built.addIngress!(rule);
  }
}

function resolve(scope: ComputeInstance, stack: StackInfo, props: ComputeInstanceProps): ComputeInstanceSpec {
  if (typeof props !== "object" || props === null) {
    throw invalidProp(scope, "props", props, "is missing", "pass ComputeInstanceProps with at least network");
  }
  rejectNulls(scope, props);
  const cloud = stack.cloud;
  const network = requireNetwork(scope, props.network);
  const subnet = props.subnet ?? "private";
  if (subnet !== "private" && subnet !== "public") {
    throw invalidProp(scope, "subnet", subnet, "is not a subnet tier", 'use "private" or "public"');
  }
  const publicIp = booleanProp(scope, "publicIp", props.publicIp, false);
  if (publicIp && subnet !== "public") {
    throw invalidConfig(scope, 'publicIp needs subnet "public"', 'set subnet: "public", or leave publicIp out');
  }
  const size = props.size ?? "small";
  if (!isSizeName(size)) {
    throw invalidProp(
      scope,
      "size",
      size,
      "is not a size class",
      `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`,
    );
  }
  const type = machineType(cloud, "vm", size, checkMachineTypes(scope, "machineType", props.machineType));
  const image = props.image ?? "ubuntu-24.04";
  if (!isImageName(image)) {
    throw invalidProp(
      scope,
      "image",
      image,
      "is not a known image",
      `use one of ${IMAGE_NAMES.map((s) => `"${s}"`).join(", ")}, or set imageId`,
    );
  }
  const imageId = perCloudStringsProp(scope, "imageId", props.imageId, 'e.g. { aws: "ami-0123456789abcdef0" }')?.[
    cloud
  ];
  const rootDiskGb = numberProp(scope, "rootDiskGb", props.rootDiskGb, 20);
  if (!Token.isUnresolved(rootDiskGb) && !(Number.isInteger(rootDiskGb) && rootDiskGb >= 10 && rootDiskGb <= 16384)) {
    throw invalidProp(
      scope,
      "rootDiskGb",
      rootDiskGb,
      "is outside 10 to 16384 GB",
      "set rootDiskGb to a whole number from 10 to 16384",
    );
  }
  const startupScript = resolveStartupScript(scope, cloud, props.startupScript);
  const key = stringProp(scope, "sshPublicKey", props.sshPublicKey, { maxLength: SSH_KEY_MAX_LENGTH })?.trim();
  if (key !== undefined && !Token.isUnresolved(key) && !SSH_KEY.test(key)) {
    throw invalidProp(
      scope,
      "sshPublicKey",
      key.slice(0, 20),
      "is not an OpenSSH ed25519 or RSA public key",
      'pass the one line of a .pub file, e.g. "ssh-ed25519 AAAA... you@host"',
    );
  }
  const labels = checkLabels(scope, "labels", props.labels);
  const encryptionKey = checkEncryptionKey(scope, "encryptionKey", props.encryptionKey);
  const ingress = listProp(scope, "ingress", props.ingress).map((rule, i) => {
    const prop = `ingress[${i}]`;
    objectProp(scope, prop, rule, 'pass each rule as { port, from }, e.g. { port: 22, from: "10.0.0.0/8" }');
    return resolveRule(scope, prop, rule as IngressRule);
  });
  return {
    network,
    subnet,
    publicIp,
    machineType: type,
    architecture: targetOf(scope).data.architectureOf(type),
    image,
    imageId,
    rootDiskGb,
    startupScript,
    sshPublicKey: key,
    loginUser: IMAGE_USERS[image],
    labels,
    ingress,
    encryptionKey,
    gcpScopes: props.gcpScopes === undefined ? undefined : resolveGcpScopes(scope, props.gcpScopes),
  };
}

function resolveStartupScript(scope: ComputeInstance, cloud: Cloud, value: unknown): string | undefined {
  const script = stringProp(scope, "startupScript", value);
  if (script === undefined || Token.isUnresolved(script)) return script;
  if (!script.startsWith("#!")) {
    throw invalidProp(
      scope,
      "startupScript",
      script.slice(0, 20),
      "does not start with #!",
      'start the script with an interpreter line such as "#!/bin/bash"',
    );
  }
  const bytes = Buffer.byteLength(script, "utf8");
  const max = targetFor(cloud).data.startupScriptMaxBytes;
  if (bytes > max) {
    throw invalidProp(
      scope,
      "startupScript",
      script,
      `is ${bytes} bytes, more than the ${max} bytes ${cloud} accepts`,
      "keep the boot script small and have it download the rest, e.g. from a bucket",
    );
  }
  return script;
}

function resolveGcpScopes(scope: ComputeInstance, value: unknown): string[] {
  return listProp(scope, "gcpScopes", value).map((entry, i) =>
    stringProp(scope, `gcpScopes[${i}]`, entry, { required: true })!,
  );
}
