import fs from "fs";
import path from "path";
import { CHARTS, POD_SIZES } from "../../lib";

// docs/delivery.md publishes two tables that must be the code's.
const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/delivery.md"), "utf8");

function rows(marker: string): string[][] {
  const table = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)<!-- ${marker}:end -->`).exec(doc)?.[1] ?? "";
  return table
    .trim()
    .split("\n")
    .slice(2)
    .map((r) =>
      r
        .split("|")
        .map((c) => c.trim())
        .filter(Boolean),
    );
}

test("the pod size table is POD_SIZES", () => {
  expect(rows("pod-size-table")).toEqual(Object.entries(POD_SIZES).map(([size, r]) => [size, r.cpu, r.memory]));
});

test("the chart table is CHARTS", () => {
  expect(rows("chart-table").map((r) => r.slice(0, 4))).toEqual(
    Object.entries(CHARTS).map(([name, c]) => [name, `${c.repository} ${c.chart}`, c.version, c.appVersion]),
  );
});
