import { Token } from "cdktf";
import { Construct, IConstruct } from "constructs";
import type { AwsComputeInstanceResources } from "./aws/compute-instance";
import { Connections, Ports, Protocol, resolveRule, ResolvedRule, RuleSet, Source } from "./core/connections";
import { invalidConfig, invalidProp } from "./core/errors";
import { resourcesOn } from "./core/escape-hatch";
import { IMAGE_NAMES, IMAGE_USERS, ImageName, isImageName } from "./core/images";
import { checkEncryptionKey } from "./core/keys";
import { checkLabels } from "./core/labels";
import { PerCloud } from "./core/cloud";
import { objectProp, perCloudStringsProp, stringProp } from "./core/prop-types";
import { builderOf, perCloud, targetOf } from "./core/registry";
import { checkMachineTypes, isSizeName, machineType, SIZE_NAMES } from "./core/sizes";
import { stackOf, StackInfo } from "./core/stack-info";
import type { Built, CloudInstanceAttribute } from "./core/target";
import { Check, Checks, PropRules, validateAllProps } from "./core/validate";
import type { GcpComputeInstanceResources } from "./gcp/compute-instance";
import { refuseOtherClouds, requireNetwork } from "./network";
import {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  ComputeInstanceSpec,
  IComputeInstance,
  ImportedComputeInstanceAttributes,
} from "./contracts/compute-instance";
import { Identity } from "./contracts/identity";
import { brand, hasBrand } from "./private/brand";
import { IDENTITY_RULES, requireOwnCloud } from "./private/identity";

export type {
  ComputeInstanceAttributes,
  ComputeInstanceProps,
  IComputeInstance,
  ImportedComputeInstanceAttributes,
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

const sshPublicKey: Check = (scope, prop, value) => {
  const key = stringProp(scope, prop, value, { maxLength: SSH_KEY_MAX_LENGTH })?.trim();
  if (key !== undefined && !Token.isUnresolved(key) && !SSH_KEY.test(key)) {
    throw invalidProp(
      scope,
      prop,
      key.slice(0, 20),
      "is not an OpenSSH ed25519 or RSA public key",
      'pass the one line of a .pub file, e.g. "ssh-ed25519 AAAA... you@host"',
    );
  }
};

const RULES: PropRules<ComputeInstanceProps> = {
  network: (scope, _prop, network) => void requireNetwork(scope, network as never),
  subnet: Checks.that(
    (tier) => tier === "private" || tier === "public",
    "is not a subnet tier",
    'use "private" or "public"',
  ),
  publicIp: Checks.boolean(),
  size: Checks.that(isSizeName, "is not a size class", `use one of ${SIZE_NAMES.map((s) => `"${s}"`).join(", ")}`),
  machineType: checkMachineTypes,
  image: Checks.that(
    isImageName,
    "is not a known image",
    `use one of ${IMAGE_NAMES.map((s) => `"${s}"`).join(", ")}, or set imageId`,
  ),
  imageId: (scope, prop, value) =>
    void perCloudStringsProp(scope, prop, value, 'e.g. { aws: "ami-0123456789abcdef0" }'),
  rootDiskGb: Checks.all(
    Checks.number(),
    Checks.that(
      (gb) => Number.isInteger(gb) && gb >= 10 && gb <= 16384,
      "is outside 10 to 16384 GB",
      "set rootDiskGb to a whole number from 10 to 16384",
    ),
  ),
  startupScript: (scope, prop, value) => void checkStartupScript(scope, prop, value),
  sshPublicKey,
  labels: checkLabels,
  ingress: Checks.list((scope, prop, rule) =>
    objectProp(scope, prop, rule, 'pass each rule as { port, from }, e.g. { port: 22, from: "10.0.0.0/8" }'),
  ),
  encryptionKey: checkEncryptionKey,
  gcpScopes: Checks.list(Checks.required(Checks.string()), { unique: (scope) => scope }),
};

const ATTRIBUTE_RULES: PropRules<ImportedComputeInstanceAttributes> = {
  instanceId: Checks.required(Checks.string({ nonEmpty: true })),
  privateIp: Checks.required(Checks.string({ nonEmpty: true })),
  publicIp: Checks.string({ nonEmpty: true }),
  identity: Checks.required(Checks.object<Identity>(IDENTITY_RULES)),
  securityGroupId: Checks.string({ nonEmpty: true }),
  serviceAccountEmail: Checks.string({ nonEmpty: true }),
};

const CLOUD_INSTANCE_ATTRIBUTES: readonly CloudInstanceAttribute[] = ["securityGroupId", "serviceAccountEmail"];

/**
 * What owned and imported instances share: what other constructs read of an instance.
 * Extend it for an IComputeInstance of your own: it carries the brand consumers recognise.
 */
export abstract class ComputeInstanceBase extends Construct implements IComputeInstance {
  /** @internal */
  static readonly landformKind = "ComputeInstance";
  abstract readonly instanceId: string;
  abstract readonly privateIp: string;
  abstract readonly publicIp?: string;
  abstract readonly identity: Identity;
  abstract readonly connections: Connections;
}
brand(ComputeInstanceBase, "IComputeInstance");

/** True for any instance with Landform's brand: a ComputeInstance or one from `ComputeInstance.fromAttributes`. */
export function isComputeInstance(value: unknown): value is IComputeInstance {
  return hasBrand(value, "IComputeInstance");
}

/**
 * A virtual machine (a bastion or a worker): an EC2 instance or a Compute Engine instance,
 * private, with an encrypted disk, its own identity with no permissions, and no ingress unless asked.
 */
export class ComputeInstance extends ComputeInstanceBase {
  /**
   * A virtual machine made elsewhere, as a source of traffic (`database.allowFrom(instance)`) and
   * an identity to grant to. Landform declares no resources for it.
   */
  static fromAttributes(scope: Construct, id: string, attributes: ImportedComputeInstanceAttributes): IComputeInstance {
    return new ImportedComputeInstance(scope, id, attributes);
  }

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

class ImportedComputeInstance extends ComputeInstanceBase {
  readonly instanceId: string;
  readonly privateIp: string;
  readonly publicIp?: string;
  readonly identity: Identity;
  readonly connections: Connections;

  constructor(scope: Construct, id: string, a: ImportedComputeInstanceAttributes) {
    super(scope, id);
    stackOf(this);
    validateAllProps<ImportedComputeInstanceAttributes>(this, a, ATTRIBUTE_RULES, {
      fix: "pass { instanceId, privateIp, identity, ... }",
      nullsFirst: true,
    });
    const target = targetOf(this);
    refuseOtherClouds(this, a, CLOUD_INSTANCE_ATTRIBUTES, target.data.instanceAttributes, "instances");
    requireOwnCloud(this, "identity", a.identity, "an instance");
    ({ instanceId: this.instanceId, privateIp: this.privateIp, publicIp: this.publicIp } = a);
    this.identity = { ...a.identity };
    this.connections = { owner: this, securityGroupId: a.securityGroupId, serviceAccountEmail: a.serviceAccountEmail };
  }
}

function resolve(scope: ComputeInstance, stack: StackInfo, props: ComputeInstanceProps): ComputeInstanceSpec {
  validateAllProps<ComputeInstanceProps>(scope, props, RULES, {
    fix: "pass ComputeInstanceProps with at least network",
    nullsFirst: true,
  });
  const cloud = stack.cloud;
  const subnet = props.subnet ?? "private";
  const publicIp = props.publicIp ?? false;
  if (publicIp && subnet !== "public") {
    throw invalidConfig(scope, 'publicIp needs subnet "public"', 'set subnet: "public", or leave publicIp out');
  }
  const type = machineType(cloud, "vm", props.size ?? "small", props.machineType);
  const image = props.image ?? "ubuntu-24.04";
  return {
    network: props.network,
    subnet,
    publicIp,
    machineType: type,
    architecture: targetOf(scope).data.architectureOf(type),
    image,
    imageId: props.imageId?.[cloud],
    rootDiskGb: props.rootDiskGb ?? 20,
    startupScript: props.startupScript,
    sshPublicKey: props.sshPublicKey?.trim(),
    loginUser: IMAGE_USERS[image],
    labels: checkLabels(scope, "labels", props.labels),
    ingress: (props.ingress ?? []).map((rule, i) => resolveRule(scope, `ingress[${i}]`, rule)),
    encryptionKey: props.encryptionKey,
    gcpScopes: props.gcpScopes === undefined ? undefined : [...props.gcpScopes],
  };
}

function checkStartupScript(scope: IConstruct, prop: string, value: unknown): void {
  const script = stringProp(scope, prop, value);
  if (script === undefined || Token.isUnresolved(script)) return;
  if (!script.startsWith("#!")) {
    throw invalidProp(
      scope,
      prop,
      script.slice(0, 20),
      "does not start with #!",
      'start the script with an interpreter line such as "#!/bin/bash"',
    );
  }
  const bytes = Buffer.byteLength(script, "utf8");
  const { cloud, data } = targetOf(scope);
  if (bytes > data.startupScriptMaxBytes) {
    throw invalidProp(
      scope,
      prop,
      script,
      `is ${bytes} bytes, more than the ${data.startupScriptMaxBytes} bytes ${cloud} accepts`,
      "keep the boot script small and have it download the rest, e.g. from a bucket",
    );
  }
}
