import { App, TerraformOutput } from "cdktf";
import { Cloud, CloudStack, ComputeInstance, ComputeInstanceProps, Network } from "../lib";
import {
  CLOUDS,
  onlyResource,
  resourcesOf,
  resourceTypes,
  stackProps,
  synth,
  testStack,
  TerraformJson,
} from "./helpers";

type Props = Omit<ComputeInstanceProps, "network">;

function instance(cloud: Cloud, props: Props = {}, environment = "dev") {
  const stack = testStack(cloud, { environment });
  const network = new Network(stack, "network");
  const vm = new ComputeInstance(stack, "app", { network, ...props });
  return { stack, network, vm, ...synth(stack) };
}

/** Resource types the instance adds on top of its network. */
function ownTypes(cloud: Cloud, config: TerraformJson): string[] {
  const network = new Set(resourceTypes(synthNetworkOnly(cloud)));
  return resourceTypes(config).filter(
    (t) => !network.has(t) || t === "google_compute_firewall" || t === "aws_iam_role",
  );
}

function synthNetworkOnly(cloud: Cloud): TerraformJson {
  const stack = testStack(cloud);
  new Network(stack, "network");
  return synth(stack).config;
}

const SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBd3 alice@laptop";

describe("ComputeInstance on aws", () => {
  test("defaults: private, IMDSv2 only, encrypted gp3 root, own security group without ingress, role without policies", () => {
    const { config } = instance("aws");
    expect(ownTypes("aws", config)).toEqual([
      "aws_iam_instance_profile",
      "aws_iam_role",
      "aws_instance",
      "aws_security_group",
      "aws_vpc_security_group_egress_rule",
    ]);
    const vm = onlyResource(config, "aws_instance");
    expect(vm).toMatchObject({
      instance_type: "t3.medium",
      associate_public_ip_address: false,
      subnet_id: expect.stringContaining("aws_subnet.network_PrivateSubnet1_"),
      monitoring: true,
      metadata_options: {
        http_endpoint: "enabled",
        http_tokens: "required",
        http_put_response_hop_limit: 1,
        instance_metadata_tags: "disabled",
      },
      root_block_device: { volume_type: "gp3", volume_size: 20, encrypted: true, delete_on_termination: true },
      lifecycle: { ignore_changes: ["ami"] },
      ami: expect.stringMatching(/^\$\{data\.aws_ami\.app_Ami_[0-9A-F]+\.id\}$/),
    });
    expect(vm.key_name).toBeUndefined();
    expect(vm.user_data).toBeUndefined();
    expect((vm.root_block_device as Record<string, unknown>).kms_key_id).toBeUndefined();
    const sg = onlyResource(config, "aws_security_group");
    expect(sg.ingress).toBeUndefined();
    expect(resourcesOf(config, "aws_vpc_security_group_ingress_rule")).toHaveLength(0);
    expect(onlyResource(config, "aws_vpc_security_group_egress_rule")).toMatchObject({
      ip_protocol: "-1",
      cidr_ipv4: "0.0.0.0/0",
    });
    const role = resourcesOf(config, "aws_iam_role").find((r) => r.name === "aws-test-app")!;
    expect(JSON.parse(role.assume_role_policy as string).Statement).toEqual([
      { Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" },
    ]);
    expect(resourcesOf(config, "aws_iam_role_policy_attachment")).toHaveLength(0);
    expect(resourcesOf(config, "aws_iam_role_policy")).toHaveLength(1); // the network's flow-log policy only
  });

  test("the image is looked up by Canonical's name pattern, newest first, and never replaces a running instance", () => {
    const { config } = instance("aws");
    expect(Object.values(config.data?.aws_ami ?? {})).toEqual([
      {
        most_recent: true,
        owners: ["099720109477"],
        filter: [
          { name: "name", values: ["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*"] },
          { name: "architecture", values: ["x86_64"] },
          { name: "virtualization-type", values: ["hvm"] },
          { name: "root-device-type", values: ["ebs"] },
        ],
      },
    ]);
  });

  test("sshPublicKey becomes an EC2 key pair", () => {
    const { config } = instance("aws", { sshPublicKey: SSH_KEY });
    expect(onlyResource(config, "aws_key_pair")).toMatchObject({ key_name: "aws-test-app", public_key: SSH_KEY });
    expect(onlyResource(config, "aws_instance").key_name).toMatch(
      /^\$\{aws_key_pair\.app_KeyPair_[0-9A-F]+\.key_name\}$/,
    );
  });

  test("startupScript is user data; labels are tags on the instance, its volume and its role", () => {
    const { config } = instance("aws", { startupScript: "#!/bin/bash\necho ok", labels: { team: "payments" } });
    const vm = onlyResource(config, "aws_instance");
    expect(vm.user_data).toBe("#!/bin/bash\necho ok");
    expect(vm.tags).toEqual({ Name: "aws-test-app", team: "payments" });
    expect((vm.root_block_device as Record<string, unknown>).tags).toEqual({ Name: "aws-test-app", team: "payments" });
    expect(resourcesOf(config, "aws_iam_role").find((r) => r.name === "aws-test-app")!.tags).toEqual({
      team: "payments",
    });
  });

  test("public subnet with publicIp: first public subnet and a public address", () => {
    const { config } = instance("aws", { subnet: "public", publicIp: true });
    expect(onlyResource(config, "aws_instance")).toMatchObject({
      associate_public_ip_address: true,
      subnet_id: expect.stringContaining("aws_subnet.network_PublicSubnet1_"),
    });
  });

  test("encryptionKey encrypts the root volume with the customer's KMS key", () => {
    const key = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
    const { config } = instance("aws", { encryptionKey: key });
    expect(onlyResource(config, "aws_instance").root_block_device).toMatchObject({ encrypted: true, kms_key_id: key });
  });

  test("ingress from a CIDR is one security group rule on the instance's group", () => {
    const { config } = instance("aws", {
      ingress: [
        { port: 22, from: "203.0.113.0/24" },
        { port: [60000, 61000], protocol: "udp", from: "198.51.100.0/24" },
      ],
    });
    const rules = resourcesOf(config, "aws_vpc_security_group_ingress_rule");
    expect(rules).toEqual([
      {
        security_group_id: expect.stringContaining("aws_security_group.app_SecurityGroup_"),
        ip_protocol: "tcp",
        from_port: 22,
        to_port: 22,
        cidr_ipv4: "203.0.113.0/24",
        description: "tcp 22 from 203.0.113.0/24",
      },
      expect.objectContaining({ ip_protocol: "udp", from_port: 60000, to_port: 61000, cidr_ipv4: "198.51.100.0/24" }),
    ]);
  });

  test("gcpScopes is GCP-only", () => {
    expect(() => instance("aws", { gcpScopes: ["https://www.googleapis.com/auth/cloud-platform"] })).toThrow(
      "ComputeInstance 'aws-test/app': gcpScopes is not supported on aws: OAuth scopes belong to GCP service accounts; grant permissions to the instance's role (identity.name) instead.",
    );
  });

  test("escape hatch reaches the role and instance, and .gcp fails", () => {
    const { vm } = instance("aws");
    expect(vm.aws.role).toBeDefined();
    expect(vm.aws.ami).toBeDefined();
    expect(() => vm.gcp).toThrow(
      "ComputeInstance 'aws-test/app': .gcp is only available on gcp stacks, and this stack targets aws; use the portable attributes or .aws.",
    );
  });

  test("snapshot", () => {
    expect(instance("aws").json).toMatchSnapshot();
  });
});

describe("ComputeInstance on gcp", () => {
  test("defaults: Shielded VM, no external IP, project keys blocked, serial port off, OS Login, own service account with narrow scopes", () => {
    const { config } = instance("gcp");
    expect(ownTypes("gcp", config)).toEqual([
      "google_compute_firewall",
      "google_compute_instance",
      "google_service_account",
    ]);
    const vm = onlyResource(config, "google_compute_instance");
    expect(vm).toMatchObject({
      name: "gcp-test-app",
      machine_type: "e2-medium",
      zone: expect.stringMatching(
        /^\$\{element\(sort\(data\.google_compute_zones\.app_Zones_[0-9A-F]+\.names\), 0\)\}$/,
      ),
      tags: ["gcp-test-app"],
      allow_stopping_for_update: true,
      shielded_instance_config: { enable_secure_boot: true, enable_vtpm: true, enable_integrity_monitoring: true },
      metadata: { "block-project-ssh-keys": "true", "serial-port-enable": "false", "enable-oslogin": "TRUE" },
      boot_disk: { auto_delete: true, initialize_params: { size: 20, type: "pd-balanced" } },
      network_interface: [{ subnetwork: expect.stringContaining("google_compute_subnetwork.network_Subnet_") }],
      service_account: {
        email: expect.stringMatching(/^\$\{google_service_account\.app_ServiceAccount_[0-9A-F]+\.email\}$/),
        scopes: ["https://www.googleapis.com/auth/logging.write", "https://www.googleapis.com/auth/monitoring.write"],
      },
      lifecycle: { ignore_changes: ["zone", "boot_disk[0].initialize_params[0].image"] },
    });
    expect((vm.network_interface as Record<string, unknown>[])[0].access_config).toBeUndefined();
    expect(Object.keys(vm.metadata as object)).not.toContain("ssh-keys");
    expect(vm.metadata_startup_script).toBeUndefined();
    expect(onlyResource(config, "google_service_account")).toMatchObject({ account_id: "gcp-test-app-vm" });
    expect(resourcesOf(config, "google_project_iam_member")).toHaveLength(0);
  });

  test("ingress to the instance is denied, even from inside the network, above the network's allow-internal rule", () => {
    const { config } = instance("gcp");
    const deny = resourcesOf(config, "google_compute_firewall").find((f) => f.name === "gcp-test-app-deny-ingress")!;
    expect(deny).toMatchObject({
      direction: "INGRESS",
      priority: 950,
      source_ranges: ["0.0.0.0/0"],
      deny: [{ protocol: "all" }],
      target_service_accounts: [expect.stringContaining("google_service_account.app_ServiceAccount_")],
    });
    const internal = resourcesOf(config, "google_compute_firewall").find(
      (f) => f.name === "gcp-test-network-allow-internal",
    )!;
    expect(deny.priority as number).toBeLessThan(internal.priority as number);
  });

  test("the image comes from the family, and a newer one never replaces a running instance", () => {
    const { config } = instance("gcp");
    expect(Object.values(config.data?.google_compute_image ?? {})).toEqual([
      { project: "ubuntu-os-cloud", family: "ubuntu-2404-lts-amd64", depends_on: expect.any(Array) },
    ]);
    expect(
      (onlyResource(config, "google_compute_instance").boot_disk as Record<string, Record<string, unknown>>)
        .initialize_params.image,
    ).toMatch(/^\$\{data\.google_compute_image\.app_Image_[0-9A-F]+\.self_link\}$/);
  });

  test("sshPublicKey goes in instance metadata for the image's user, with OS Login off", () => {
    const { config } = instance("gcp", { sshPublicKey: SSH_KEY, image: "debian-12" });
    expect(onlyResource(config, "google_compute_instance").metadata).toEqual({
      "block-project-ssh-keys": "true",
      "serial-port-enable": "false",
      "enable-oslogin": "FALSE",
      "ssh-keys": `admin:${SSH_KEY}`,
    });
  });

  test("startupScript is the startup-script metadata key (in place), labels go on the instance and its disk", () => {
    const { config } = instance("gcp", { startupScript: "#!/bin/bash\necho ok", labels: { team: "payments" } });
    const vm = onlyResource(config, "google_compute_instance");
    expect((vm.metadata as Record<string, string>)["startup-script"]).toBe("#!/bin/bash\necho ok");
    expect(vm.labels).toEqual({ team: "payments" });
    expect((vm.boot_disk as Record<string, Record<string, unknown>>).initialize_params.labels).toEqual({
      team: "payments",
    });
  });

  test("publicIp adds an ephemeral external address", () => {
    const { config } = instance("gcp", { subnet: "public", publicIp: true });
    expect(
      (onlyResource(config, "google_compute_instance").network_interface as Record<string, unknown>[])[0].access_config,
    ).toEqual([{}]);
  });

  test("encryptionKey encrypts the boot disk with the Cloud KMS key", () => {
    const key = "projects/acme/locations/europe-west1/keyRings/ring/cryptoKeys/disks";
    const { config } = instance("gcp", { encryptionKey: key });
    expect(onlyResource(config, "google_compute_instance").boot_disk).toMatchObject({ kms_key_self_link: key });
  });

  test("ingress from a CIDR targets the instance's service account, above its deny rule", () => {
    const { config } = instance("gcp", {
      ingress: [
        { port: 22, from: "203.0.113.0/24" },
        { port: [60000, 61000], protocol: "udp", from: "198.51.100.0/24" },
      ],
    });
    const rules = resourcesOf(config, "google_compute_firewall").filter((f) => (f.name as string).includes("allow"));
    expect(rules.filter((r) => r.name !== "gcp-test-network-allow-internal")).toEqual([
      {
        name: "gcp-test-app-allowtcp22from203-0-113-0-24",
        description: "tcp 22 from 203.0.113.0/24",
        network: expect.stringContaining("google_compute_network.network_"),
        direction: "INGRESS",
        priority: 900,
        target_service_accounts: [expect.stringContaining("google_service_account.app_ServiceAccount_")],
        source_ranges: ["203.0.113.0/24"],
        allow: [{ protocol: "tcp", ports: ["22"] }],
      },
      expect.objectContaining({
        source_ranges: ["198.51.100.0/24"],
        allow: [{ protocol: "udp", ports: ["60000-61000"] }],
      }),
    ]);
  });

  test("gcpScopes replaces the scopes (cloud-platform only when asked)", () => {
    const { config } = instance("gcp", { gcpScopes: ["https://www.googleapis.com/auth/cloud-platform"] });
    expect(onlyResource(config, "google_compute_instance").service_account).toMatchObject({
      scopes: ["https://www.googleapis.com/auth/cloud-platform"],
    });
  });

  test("escape hatch reaches the service account and tag, and .aws fails", () => {
    const { vm } = instance("gcp");
    expect(vm.gcp.networkTag).toBe("gcp-test-app");
    expect(vm.gcp.serviceAccount).toBeDefined();
    expect(() => vm.aws).toThrow(".aws is only available on aws stacks, and this stack targets gcp");
  });

  test("snapshot", () => {
    expect(instance("gcp").json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("ComputeInstance on %s (portable)", (cloud) => {
  const vmType = cloud === "aws" ? "aws_instance" : "google_compute_instance";
  const typeOf = (config: TerraformJson) =>
    onlyResource(config, vmType)[cloud === "aws" ? "instance_type" : "machine_type"];

  test("size and machineType pick the machine type", () => {
    expect(typeOf(instance(cloud, { size: "large" }).config)).toBe(cloud === "aws" ? "m6i.xlarge" : "e2-standard-4");
    expect(
      typeOf(instance(cloud, { size: "large", machineType: { aws: "c7i.large", gcp: "c3-standard-4" } }).config),
    ).toBe(cloud === "aws" ? "c7i.large" : "c3-standard-4");
  });

  test("image by portable name, and Arm machine types get the Arm image", () => {
    const debian = instance(cloud, { image: "debian-12" }).config;
    const arm = instance(cloud, { machineType: { aws: "t4g.medium", gcp: "t2a-standard-2" } }).config;
    if (cloud === "aws") {
      const filters = (c: TerraformJson) =>
        Object.values(c.data!.aws_ami)[0] as { owners: string[]; filter: { values: string[] }[] };
      expect(filters(debian).owners).toEqual(["136693071363"]);
      expect(filters(debian).filter[0].values).toEqual(["debian-12-amd64-*"]);
      expect(
        filters(arm)
          .filter.slice(0, 2)
          .map((f) => f.values[0]),
      ).toEqual(["ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-arm64-server-*", "arm64"]);
    } else {
      expect(Object.values(debian.data!.google_compute_image)).toEqual([
        { project: "debian-cloud", family: "debian-12", depends_on: expect.any(Array) },
      ]);
      expect(Object.values(arm.data!.google_compute_image)).toEqual([
        { project: "ubuntu-os-cloud", family: "ubuntu-2404-lts-arm64", depends_on: expect.any(Array) },
      ]);
    }
  });

  test("imageId pins an exact image: no lookup, and changing it replaces the instance (no ignore_changes)", () => {
    const { config } = instance(cloud, {
      imageId: {
        aws: "ami-0123456789abcdef0",
        gcp: "projects/debian-cloud/global/images/debian-12-bookworm-v20250101",
      },
    });
    const vm = onlyResource(config, vmType);
    // On gcp only the zone, chosen once at creation, is ignored.
    expect(vm.lifecycle).toEqual(cloud === "aws" ? undefined : { ignore_changes: ["zone"] });
    if (cloud === "aws") {
      expect(vm.ami).toBe("ami-0123456789abcdef0");
      expect(config.data?.aws_ami).toBeUndefined();
    } else {
      expect((vm.boot_disk as Record<string, Record<string, unknown>>).initialize_params.image).toBe(
        "projects/debian-cloud/global/images/debian-12-bookworm-v20250101",
      );
      expect(config.data?.google_compute_image).toBeUndefined();
    }
  });

  test("rootDiskGb sizes the root disk", () => {
    const vm = onlyResource(instance(cloud, { rootDiskGb: 64 }).config, vmType);
    if (cloud === "aws") expect(vm.root_block_device).toMatchObject({ volume_size: 64 });
    else expect((vm.boot_disk as Record<string, Record<string, unknown>>).initialize_params.size).toBe(64);
  });

  test("attributes: id, private IP, public IP only when asked, identity", () => {
    const stack = testStack(cloud);
    const network = new Network(stack, "network");
    const priv = new ComputeInstance(stack, "worker", { network });
    const pub = new ComputeInstance(stack, "bastion", { network, subnet: "public", publicIp: true });
    expect(priv.publicIp).toBeUndefined();
    for (const [name, value] of Object.entries({
      id: priv.instanceId,
      ip: priv.privateIp,
      pub: pub.publicIp!,
      name: priv.identity.name,
      principal: priv.identity.principal,
    })) {
      new TerraformOutput(stack, name, { value });
    }
    const out = synth(stack).config.output!;
    if (cloud === "aws") {
      expect(out.id.value).toMatch(/^\$\{aws_instance\.worker_[0-9A-F]+\.id\}$/);
      expect(out.ip.value).toMatch(/\.private_ip\}$/);
      expect(out.pub.value).toMatch(/^\$\{aws_instance\.bastion_[0-9A-F]+\.public_ip\}$/);
      expect(out.name.value).toMatch(/^\$\{aws_iam_role\.worker_Role_[0-9A-F]+\.name\}$/);
      expect(out.principal.value).toMatch(/^\$\{aws_iam_role\.worker_Role_[0-9A-F]+\.arn\}$/);
    } else {
      expect(out.id.value).toMatch(/^\$\{google_compute_instance\.worker_[0-9A-F]+\.instance_id\}$/);
      expect(out.ip.value).toMatch(/\.network_interface\[0\]\.network_ip\}$/);
      expect(out.pub.value).toMatch(/\.network_interface\[0\]\.access_config\[0\]\.nat_ip\}$/);
      expect(out.name.value).toMatch(/^\$\{google_service_account\.worker_ServiceAccount_[0-9A-F]+\.email\}$/);
      expect(out.principal.value).toMatch(/\.member\}$/);
    }
  });

  test.each<[Props, string]>([
    [{ size: "huge" as never }, `size "huge" is not a size class; use one of "small", "medium", "large", "xlarge".`],
    [{ subnet: "dmz" as never }, `subnet "dmz" is not a subnet tier; use "private" or "public".`],
    [{ publicIp: true }, `publicIp needs subnet "public"; set subnet: "public", or leave publicIp out.`],
    [
      { image: "windows-2022" as never },
      `image "windows-2022" is not a known image; use one of "ubuntu-24.04", "ubuntu-22.04", "debian-12", or set imageId.`,
    ],
    [{ rootDiskGb: 5 }, "rootDiskGb 5 is outside 10 to 16384 GB; set rootDiskGb to a whole number from 10 to 16384."],
    [
      { rootDiskGb: 20.5 },
      "rootDiskGb 20.5 is outside 10 to 16384 GB; set rootDiskGb to a whole number from 10 to 16384.",
    ],
    [
      { startupScript: "apt-get install -y nginx" },
      `startupScript "apt-get install -y n" does not start with #!; start the script with an interpreter line such as "#!/bin/bash".`,
    ],
    [
      { sshPublicKey: "ecdsa-sha2-nistp256 AAAA" },
      `sshPublicKey "ecdsa-sha2-nistp256 " is not an OpenSSH ed25519 or RSA public key; pass the one line of a .pub file, e.g. "ssh-ed25519 AAAA... you@host".`,
    ],
    [
      { ingress: [{ port: 0, from: "10.0.0.0/8" }] },
      "ingress[0].port 0 is not a port or port range; use a whole number from 1 to 65535, or a range such as [8000, 8080].",
    ],
    [
      { ingress: [{ port: [9000, 8000], from: "10.0.0.0/8" }] },
      "ingress[0].port [9000,8000] is a range that ends before it starts; write it as [8000, 9000].",
    ],
    [
      { ingress: [{ port: 22, protocol: "icmp" as never, from: "10.0.0.0/8" }] },
      `ingress[0].protocol "icmp" is not a supported protocol; use "tcp" or "udp".`,
    ],
    [
      { ingress: [{ port: 22, from: "10.0.0.1/8" }] },
      `ingress[0].from "10.0.0.1/8" has host bits set (the block starts at 10.0.0.0/8); use an IPv4 CIDR such as "10.0.0.0/16", or a Landform construct.`,
    ],
    [
      { ingress: [{ port: 22, from: "anywhere" }] },
      `ingress[0].from "anywhere" is not an IPv4 CIDR block; use an IPv4 CIDR such as "10.0.0.0/16", or a Landform construct.`,
    ],
    [
      { ingress: [{ port: 22, from: {} as never }] },
      'ingress[0].from {} is neither a CIDR nor a Landform construct; use an IPv4 CIDR such as "10.0.0.0/16", or a construct such as a ComputeInstance.',
    ],
  ])("rejects %j", (props, message) => {
    expect(() => instance(cloud, props)).toThrow(`ComputeInstance '${cloud}-test/app': ${message}`);
  });

  test("rejects bad image ids, keys and labels with the cloud's rules", () => {
    const path = `ComputeInstance '${cloud}-test/app'`;
    if (cloud === "aws") {
      expect(() => instance(cloud, { imageId: { aws: "ubuntu" } })).toThrow(
        `${path}: imageId.aws "ubuntu" is not an AMI id; use an id such as "ami-0123456789abcdef0".`,
      );
      expect(() => instance(cloud, { encryptionKey: "alias/disks" })).toThrow(
        `${path}: encryptionKey "alias/disks" is not a KMS key ARN; use the key's ARN (for an alias, its target_key_arn), e.g. "arn:aws:kms:eu-west-1:123456789012:key/...".`,
      );
      // An alias ARN would be reported back as the key ARN, replacing the instance on every plan.
      expect(() => instance(cloud, { encryptionKey: "arn:aws:kms:eu-west-1:123456789012:alias/disks" })).toThrow(
        `${path}: encryptionKey "arn:aws:kms:eu-west-1:123456789012:alias/disks" is not a KMS key ARN;`,
      );
      expect(() => instance(cloud, { labels: { "aws:team": "x" } })).toThrow(
        `${path}: labels key "aws:team" uses the reserved "aws:" prefix; fix the key or value, Landform does not rewrite them.`,
      );
    } else {
      expect(() => instance(cloud, { imageId: { gcp: " " } })).toThrow(
        `${path}: imageId.gcp " " is empty; use an image such as "projects/debian-cloud/global/images/debian-12-bookworm-v20250101".`,
      );
      expect(() => instance(cloud, { encryptionKey: "disks" })).toThrow(
        `${path}: encryptionKey "disks" is not a Cloud KMS key id; use "projects/<p>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>".`,
      );
      expect(() => instance(cloud, { labels: { Team: "x" } })).toThrow(
        `${path}: labels key "Team" breaks GCP's label rules`,
      );
    }
  });

  test("an imageId for the other cloud only leaves this cloud's lookup in place", () => {
    const other = cloud === "aws" ? { gcp: "projects/p/global/images/i" } : { aws: "ami-0123456789abcdef0" };
    const { config } = instance(cloud, { imageId: other });
    const vm = onlyResource(config, vmType);
    expect(vm.lifecycle).toEqual({
      ignore_changes: cloud === "aws" ? ["ami"] : ["zone", "boot_disk[0].initialize_params[0].image"],
    });
    expect(Object.keys(config.data ?? {})).toContain(cloud === "aws" ? "aws_ami" : "google_compute_image");
  });

  test("a network from another stack is rejected", () => {
    const stack = testStack(cloud);
    const network = new Network(new CloudStack(stack.node.root as App, "other", stackProps(cloud)), "network");
    expect(() => new ComputeInstance(stack, "app", { network })).toThrow(
      `ComputeInstance '${cloud}-test/app': network 'other/network' is in another stack; use a Network of the same CloudStack.`,
    );
  });

  test("production snapshot with every prop", () => {
    const { json } = instance(
      cloud,
      {
        subnet: "public",
        publicIp: true,
        size: "medium",
        image: "ubuntu-22.04",
        rootDiskGb: 40,
        startupScript: "#!/bin/bash\necho ok",
        sshPublicKey: SSH_KEY,
        labels: { team: "platform" },
        ingress: [{ port: 22, from: "203.0.113.0/24" }],
      },
      "prod",
    );
    expect(json).toMatchSnapshot();
  });
});
