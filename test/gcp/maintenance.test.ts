import { Cluster, Network } from "../../lib";
import { onlyResource, synth, testStack } from "../helpers";

// F17: GKE auto-upgrades run in a maintenance window, and never in an exclusion.

function policy(props: Partial<ConstructorParameters<typeof Cluster>[2]> = {}, cloud: "aws" | "gcp" = "gcp") {
  const stack = testStack(cloud);
  new Cluster(stack, "cluster", { network: new Network(stack, "network", { zones: 2 }), ...props });
  return onlyResource(synth(stack).config, cloud === "gcp" ? "google_container_cluster" : "aws_eks_cluster")
    .maintenance_policy;
}

describe("GKE maintenance policy", () => {
  test("default: a daily window at 05:00 UTC (terraform-google-kubernetes-engine's default), no exclusions", () => {
    expect(policy()).toEqual({ daily_maintenance_window: { start_time: "05:00" } });
  });

  test("an hour alone moves the daily window", () => {
    expect(policy({ maintenanceWindow: { hour: 2 } })).toEqual({ daily_maintenance_window: { start_time: "02:00" } });
  });

  test("days and hours make a weekly recurring window, in UTC, on a fixed first date", () => {
    expect(policy({ maintenanceWindow: { hour: 22, days: ["sun", "sat"], hours: 8 } })).toEqual({
      recurring_window: {
        start_time: "2025-01-06T22:00:00Z",
        end_time: "2025-01-07T06:00:00Z",
        recurrence: "FREQ=WEEKLY;BYDAY=SA,SU",
      },
    });
  });

  test("exclusions become maintenance_exclusion blocks with their scope", () => {
    const result = policy({
      maintenanceExclusions: [
        { name: "black-friday", start: "2026-11-20T00:00:00Z", end: "2026-12-01T00:00:00Z" },
        { name: "q4-freeze", start: "2026-10-01T00:00:00Z", end: "2027-01-15T00:00:00Z", scope: "no-minor-upgrades" },
      ],
    });
    expect(result).toEqual({
      daily_maintenance_window: { start_time: "05:00" },
      maintenance_exclusion: [
        {
          exclusion_name: "black-friday",
          start_time: "2026-11-20T00:00:00Z",
          end_time: "2026-12-01T00:00:00Z",
          exclusion_options: { scope: "NO_UPGRADES" },
        },
        {
          exclusion_name: "q4-freeze",
          start_time: "2026-10-01T00:00:00Z",
          end_time: "2027-01-15T00:00:00Z",
          exclusion_options: { scope: "NO_MINOR_UPGRADES" },
        },
      ],
    });
  });

  test.each([
    [{ maintenanceWindow: { hour: 24 } }, "maintenanceWindow.hour 24 is not an hour from 0 to 23"],
    [{ maintenanceWindow: { hour: 3, hours: 2 } }, "maintenanceWindow.hours 2 is not a whole number from 4 to 24"],
    [
      { maintenanceWindow: { hour: 3, days: ["sun"] } },
      "opens 4 hours a week, and GKE needs at least 48 hours in any 32 days",
    ],
    [
      { maintenanceWindow: { hour: 3, days: ["funday"] } },
      'maintenanceWindow.days ["funday"] is not a list of distinct weekdays',
    ],
    [
      { maintenanceExclusions: [{ name: "x", start: "2026-11-20", end: "2026-12-01T00:00:00Z" }] },
      'maintenanceExclusions[0].start "2026-11-20" is not an RFC 3339 time',
    ],
    [
      { maintenanceExclusions: [{ name: "x", start: "2026-12-01T00:00:00Z", end: "2026-11-01T00:00:00Z" }] },
      'maintenanceExclusions[0].end "2026-11-01T00:00:00Z" is not after start 2026-12-01T00:00:00Z',
    ],
    [
      { maintenanceExclusions: [{ name: "x", start: "2026-11-01T00:00:00Z", end: "2026-12-15T00:00:00Z" }] },
      "ends more than 30 days after start, the longest a no-upgrades exclusion may last",
    ],
    [
      {
        maintenanceExclusions: [
          { name: "x", start: "2026-11-01T00:00:00Z", end: "2026-11-02T00:00:00Z" },
          { name: "x", start: "2026-12-01T00:00:00Z", end: "2026-12-02T00:00:00Z" },
        ],
      },
      'maintenanceExclusions[1].name "x" is used by another exclusion',
    ],
  ])("bad input %j fails with a clear message", (props, message) => {
    expect(() => policy(props as Partial<ConstructorParameters<typeof Cluster>[2]>)).toThrow(message);
  });

  test.each([
    [{ maintenanceWindow: { hour: 5 } }, "maintenanceWindow"],
    [{ maintenanceExclusions: [] }, "maintenanceExclusions"],
    [{ globalAccess: true }, "globalAccess"],
  ])("on aws %j fails as unsupported, never silently dropped", (props, prop) => {
    expect(() => policy(props as Partial<ConstructorParameters<typeof Cluster>[2]>, "aws")).toThrow(
      `${prop} is not supported on aws`,
    );
  });
});
