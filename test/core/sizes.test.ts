import { machineType, SIZE_CLASSES, SIZE_NAMES } from "../../lib";

describe("size classes", () => {
  test("every size has a type for every cloud and workload, and grows monotonically", () => {
    let last = { vcpu: 0, memoryGib: 0 };
    for (const size of SIZE_NAMES) {
      const c = SIZE_CLASSES[size];
      expect(c.vcpu * 1000 + c.memoryGib).toBeGreaterThan(last.vcpu * 1000 + last.memoryGib);
      for (const cloud of ["aws", "gcp"] as const) {
        for (const workload of ["vm", "node", "database"] as const) expect(c.types[cloud][workload]).toMatch(/\S/);
      }
      last = c;
    }
  });

  test("GCP database types match the size's vCPU and memory", () => {
    for (const size of SIZE_NAMES) {
      const c = SIZE_CLASSES[size];
      expect(c.types.gcp.database).toBe(`db-custom-${c.vcpu}-${c.memoryGib * 1024}`);
    }
  });

  test("a per-cloud override wins on its cloud only", () => {
    expect(machineType("aws", "vm", "medium", { aws: "c7g.large" })).toBe("c7g.large");
    expect(machineType("gcp", "vm", "medium", { aws: "c7g.large" })).toBe("e2-standard-2");
  });
});
