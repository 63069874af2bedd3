import { Testing } from "cdktf";
import { Construct } from "constructs";
import { NameRules, physicalName } from "../../lib";
import { nameFromParts } from "../../lib/core/naming";
import { testStack } from "../helpers";

describe("physicalName", () => {
  test("joins the stack and construct ids, leaving out Resource", () => {
    const stack = testStack("aws");
    const db = new Construct(new Construct(stack, "orders"), "Resource");
    expect(physicalName(db, NameRules.awsStrict)).toBe("aws-test-orders");
    expect(physicalName(db, NameRules.awsStrict, "replica")).toBe("aws-test-orders-replica");
  });

  test("applies each cloud's character rules", () => {
    expect(nameFromParts(["Aws_Prod", "Orders.DB"], NameRules.gcp)).toBe("aws-prod-orders-db");
    expect(nameFromParts(["Aws_Prod", "Orders.DB"], NameRules.awsIam)).toBe("Aws_Prod-Orders.DB");
    expect(nameFromParts(["1st", "db"], NameRules.gcp)).toBe("x1st-db");
  });

  test("cuts long names and ends them in a hash of the whole path", () => {
    const long = ["gcp-prod", "a-very-long-construct-identifier-for-the-orders", "database"];
    const name = nameFromParts(long, NameRules.gcpServiceAccount);
    expect(name.length).toBeLessThanOrEqual(30);
    expect(name).toMatch(/^gcp-prod-a-very-long-[0-9a-f]{8}$/);
    expect(nameFromParts([...long.slice(0, 2), "other"], NameRules.gcpServiceAccount)).not.toBe(name);
    expect(nameFromParts(long, NameRules.gcpServiceAccount)).toBe(name);
  });

  test("is the same for the same path in another app", () => {
    const a = physicalName(new Construct(testStack("gcp", {}, Testing.app()), "net"), NameRules.gcp);
    const b = physicalName(new Construct(testStack("gcp", {}, Testing.app()), "net"), NameRules.gcp);
    expect(a).toBe(b);
  });
});
