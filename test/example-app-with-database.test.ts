import { Testing } from "cdktf";
import { build } from "../examples/app-with-database";
import { CLOUDS, onlyResource, resourcesOf, synth } from "./helpers";

describe.each(CLOUDS)("example app-with-database on %s", (cloud) => {
  test("one config value switches the cloud; the server reaches the database on 5432 only", () => {
    const { config } = synth(build(Testing.app(), cloud));
    if (cloud === "aws") {
      expect(onlyResource(config, "aws_instance")).toMatchObject({ instance_type: "m6i.large" });
      expect(onlyResource(config, "aws_db_instance")).toMatchObject({
        engine: "postgres",
        db_name: "orders",
        multi_az: true,
      });
      expect(onlyResource(config, "aws_vpc_security_group_ingress_rule")).toMatchObject({
        from_port: 5432,
        to_port: 5432,
      });
    } else {
      expect(onlyResource(config, "google_compute_instance")).toMatchObject({ machine_type: "e2-standard-2" });
      expect(onlyResource(config, "google_sql_database")).toMatchObject({ name: "orders" });
      const allow = resourcesOf(config, "google_compute_firewall").filter((f) => f.direction === "EGRESS" && f.allow);
      expect(allow).toHaveLength(1);
      expect(allow[0].allow).toEqual([{ protocol: "tcp", ports: ["5432"] }]);
    }
    expect(Object.keys(config.output ?? {}).sort()).toEqual([
      "app_identity",
      "app_private_ip",
      "db_host",
      "db_port",
      "db_secret",
    ]);
  });
});
