import { App } from "cdktf";
import { Cloud, CloudStack, ComputeInstance, Database, Network } from "../lib";
import { CLOUDS, onlyResource, resourcesOf, stackProps, synth, testStack } from "./helpers";

function platform(cloud: Cloud, engine: "postgres" | "mysql" = "postgres") {
  const stack = testStack(cloud);
  const network = new Network(stack, "network");
  const app = new ComputeInstance(stack, "app", { network });
  const db = new Database(stack, "orders", { network, engine });
  return { stack, network, app, db };
}

describe("wiring on aws", () => {
  test("database.allowFrom(instance) admits exactly the engine port from the instance's security group", () => {
    const { stack, db, app } = platform("aws");
    db.allowFrom(app);
    const { config } = synth(stack);
    expect(onlyResource(config, "aws_vpc_security_group_ingress_rule")).toEqual({
      security_group_id: expect.stringMatching(/^\$\{aws_security_group\.orders_SecurityGroup_[0-9A-F]+\.id\}$/),
      referenced_security_group_id: expect.stringMatching(
        /^\$\{aws_security_group\.app_SecurityGroup_[0-9A-F]+\.id\}$/,
      ),
      ip_protocol: "tcp",
      from_port: 5432,
      to_port: 5432,
      description: "tcp 5432 from aws-test/app",
    });
  });

  test("mysql opens 3306", () => {
    const { stack, db, app } = platform("aws", "mysql");
    db.allowFrom(app);
    expect(onlyResource(synth(stack).config, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      from_port: 3306,
      to_port: 3306,
    });
  });

  test("instance.allowFrom(instance) references the peer's security group", () => {
    const { stack, network, app } = platform("aws");
    const bastion = new ComputeInstance(stack, "bastion", { network, subnet: "public", publicIp: true });
    app.allowFrom(bastion, 22);
    const rule = onlyResource(synth(stack).config, "aws_vpc_security_group_ingress_rule");
    expect(rule).toMatchObject({
      from_port: 22,
      to_port: 22,
      referenced_security_group_id: expect.stringContaining("aws_security_group.bastion_SecurityGroup_"),
    });
    expect(rule.security_group_id).toContain("aws_security_group.app_SecurityGroup_");
  });

  test("snapshot of an app server wired to its database", () => {
    const { stack, db, app } = platform("aws");
    db.allowFrom(app);
    expect(synth(stack).json).toMatchSnapshot();
  });
});

describe("wiring on gcp", () => {
  test("database.allowFrom(instance) is an egress rule from the instance's service account to the database's address on the engine port", () => {
    const { stack, db, app } = platform("gcp");
    db.allowFrom(app);
    const rule = resourcesOf(synth(stack).config, "google_compute_firewall").find(
      (f) => f.name === "gcp-test-orders-allowtcp5432fromapp",
    );
    expect(rule).toEqual({
      name: "gcp-test-orders-allowtcp5432fromapp",
      description: "tcp 5432 to gcp-test/orders from gcp-test/app",
      network: expect.stringContaining("google_compute_network.network_"),
      direction: "EGRESS",
      priority: 1000,
      destination_ranges: [
        expect.stringMatching(/^\$\{google_sql_database_instance\.orders_[0-9A-F]+\.private_ip_address\}\/32$/),
      ],
      target_service_accounts: [
        expect.stringMatching(/^\$\{google_service_account\.app_ServiceAccount_[0-9A-F]+\.email\}$/),
      ],
      allow: [{ protocol: "tcp", ports: ["5432"] }],
    });
  });

  test("everything else in the network is denied egress to the private services range on the engine port, below the allow rules", () => {
    const { stack } = platform("gcp");
    const deny = resourcesOf(synth(stack).config, "google_compute_firewall").find((f) => f.direction === "EGRESS")!;
    expect(deny).toEqual({
      name: "gcp-test-network-deny-private-services-5432",
      description: "no VM reaches managed databases on 5432 unless a database allows it",
      network: expect.stringContaining("google_compute_network.network_"),
      direction: "EGRESS",
      priority: 65000,
      destination_ranges: [
        expect.stringMatching(
          /^\$\{google_compute_global_address\.network_PrivateServices_Range_[0-9A-F]+\.address\}\/20$/,
        ),
      ],
      deny: [{ protocol: "tcp", ports: ["5432"] }],
      depends_on: [
        "google_project_service.ProjectService-compute",
        "google_project_service.ProjectService-servicenetworking",
      ],
    });
  });

  test("one deny rule per engine port, however many databases share the network", () => {
    const { stack, network } = platform("gcp");
    new Database(stack, "billing", { network });
    new Database(stack, "legacy", { network, engine: "mysql" });
    const denies = resourcesOf(synth(stack).config, "google_compute_firewall").filter(
      (f) => f.direction === "EGRESS" && f.deny,
    );
    expect(denies.map((d) => d.name).sort()).toEqual([
      "gcp-test-network-deny-private-services-3306",
      "gcp-test-network-deny-private-services-5432",
    ]);
  });

  test("a CIDR source is matched by the sender's address", () => {
    const { stack, db } = platform("gcp");
    db.allowFrom("10.0.0.0/20");
    const rule = resourcesOf(synth(stack).config, "google_compute_firewall").find(
      (f) => f.name === "gcp-test-orders-allowtcp5432from10-0-0-0-20",
    )!;
    expect(rule).toMatchObject({
      direction: "EGRESS",
      source_ranges: ["10.0.0.0/20"],
      allow: [{ protocol: "tcp", ports: ["5432"] }],
    });
    expect(rule.target_service_accounts).toBeUndefined();
  });

  test("instance.allowFrom(instance) matches source and target service accounts", () => {
    const { stack, network, app } = platform("gcp");
    const bastion = new ComputeInstance(stack, "bastion", { network });
    app.allowFrom(bastion, 22);
    const rule = resourcesOf(synth(stack).config, "google_compute_firewall").find(
      (f) => f.name === "gcp-test-app-allowtcp22frombastion",
    )!;
    expect(rule).toMatchObject({
      direction: "INGRESS",
      priority: 900,
      source_service_accounts: [expect.stringContaining("google_service_account.bastion_ServiceAccount_")],
      target_service_accounts: [expect.stringContaining("google_service_account.app_ServiceAccount_")],
      allow: [{ protocol: "tcp", ports: ["22"] }],
    });
    expect(rule.source_ranges).toBeUndefined();
  });

  test("snapshot of an app server wired to its database", () => {
    const { stack, db, app } = platform("gcp");
    db.allowFrom(app);
    expect(synth(stack).json).toMatchSnapshot();
  });
});

describe.each(CLOUDS)("wiring on %s (portable)", (cloud) => {
  const rulesOf = (stack: CloudStack) => {
    const { config } = synth(stack);
    return cloud === "aws"
      ? resourcesOf(config, "aws_vpc_security_group_ingress_rule")
      : resourcesOf(config, "google_compute_firewall").filter((f) => (f.name as string).includes("-allowtcp"));
  };

  test("the same source allowed in props and again by allowFrom makes one rule", () => {
    const stack = testStack(cloud);
    const network = new Network(stack, "network");
    const app = new ComputeInstance(stack, "app", { network });
    const db = new Database(stack, "orders", { network, allowFrom: [app] });
    db.allowFrom(app);
    db.allowFrom(app);
    expect(rulesOf(stack)).toHaveLength(1);
  });

  test("allowFrom in props and by method, for constructs and CIDRs", () => {
    const { stack, network, db, app } = platform(cloud);
    const worker = new ComputeInstance(stack, "worker", { network });
    db.allowFrom(app);
    db.allowFrom(worker);
    db.allowFrom("10.0.0.0/20");
    expect(rulesOf(stack)).toHaveLength(3);
  });

  test("a construct from another stack is rejected", () => {
    const { stack, db } = platform(cloud);
    const other = new CloudStack(stack.node.root as App, "other", stackProps(cloud));
    const stranger = new ComputeInstance(other, "stranger", { network: new Network(other, "network") });
    expect(() => db.allowFrom(stranger)).toThrow(
      `Database '${cloud}-test/orders': allowFrom.from 'other/stranger' is in another stack; allow traffic only from constructs in the same CloudStack, or use their CIDR.`,
    );
  });

  test("an instance cannot allow itself", () => {
    const { app } = platform(cloud);
    expect(() => app.allowFrom(app, 22)).toThrow(
      `ComputeInstance '${cloud}-test/app': an instance cannot be allowed to connect to itself; allow traffic from another construct or a CIDR.`,
    );
  });

  test("allowFrom validates its port and protocol", () => {
    const { app } = platform(cloud);
    expect(() => app.allowFrom("10.0.0.0/8", 70000)).toThrow(
      `ComputeInstance '${cloud}-test/app': allowFrom.port 70000 is not a port or port range; use a whole number from 1 to 65535, or a range such as [8000, 8080].`,
    );
    expect(() => app.allowFrom("10.0.0.0/8", 53, "sctp" as never)).toThrow(
      `allowFrom.protocol "sctp" is not a supported protocol; use "tcp" or "udp".`,
    );
  });

  test("rule ids come from the source's path, so adding a source never renames another's rule", () => {
    const a = platform(cloud);
    a.db.allowFrom(a.app);
    const before = Object.keys(
      synth(a.stack).config.resource![
        cloud === "aws" ? "aws_vpc_security_group_ingress_rule" : "google_compute_firewall"
      ],
    );
    const b = platform(cloud);
    b.db.allowFrom("10.9.0.0/16");
    b.db.allowFrom(b.app);
    const after = Object.keys(
      synth(b.stack).config.resource![
        cloud === "aws" ? "aws_vpc_security_group_ingress_rule" : "google_compute_firewall"
      ],
    );
    for (const id of before) expect(after).toContain(id);
  });
});
