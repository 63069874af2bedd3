import { capacity, cidrProblem, format, overlaps, parseCidr, subnet } from "../../lib/core/cidr";

describe("cidr", () => {
  test.each([
    ["10.0.0.0/16", undefined],
    ["10.0.0.0/33", "is not an IPv4 CIDR block"],
    ["10.0.0.256/24", "is not an IPv4 CIDR block"],
    ["10.0.0.0", "is not an IPv4 CIDR block"],
    ["banana", "is not an IPv4 CIDR block"],
    ["10.0.1.0/16", "has host bits set (the block starts at 10.0.0.0/16)"],
  ])("%s -> %s", (text, problem) => {
    expect(cidrProblem(text)).toBe(problem);
  });

  test("carves blocks at fixed slots", () => {
    const parent = parseCidr("10.0.0.0/16");
    expect(format(subnet(parent, 20, 0))).toBe("10.0.0.0/20");
    expect(format(subnet(parent, 20, 8))).toBe("10.0.128.0/20");
    expect(format(subnet(parent, 17, 1))).toBe("10.0.128.0/17");
    expect(capacity(parent, 20)).toBe(16);
    expect(() => subnet(parent, 20, 16)).toThrow("no block 16 of /20 in 10.0.0.0/16");
  });

  test("handles the top of the address space", () => {
    expect(format(subnet(parseCidr("192.168.0.0/16"), 24, 255))).toBe("192.168.255.0/24");
  });

  test("overlap", () => {
    expect(overlaps(parseCidr("10.0.0.0/16"), parseCidr("10.0.128.0/17"))).toBe(true);
    expect(overlaps(parseCidr("10.0.0.0/17"), parseCidr("10.0.128.0/17"))).toBe(false);
    expect(overlaps(parseCidr("10.0.0.0/8"), parseCidr("172.16.0.0/12"))).toBe(false);
  });
});
