import { execFileSync } from "child_process";
import path from "path";

// Jest has its own module registry, so what Node really loads is observed in a child process.
function providersLoaded(...clouds: string[]): string[] {
  const root = path.resolve(__dirname, "..");
  const out = execFileSync(
    process.execPath,
    ["--require", "./scripts/register-ts.js", "test/fixtures/load-one-cloud.ts", ...clouds],
    { cwd: root, encoding: "utf8" },
  );
  return JSON.parse(out) as string[];
}

describe("clouds load lazily", () => {
  test("a GCP-only program never loads the AWS provider", () => {
    expect(providersLoaded("gcp")).toEqual(["provider-google"]);
  });

  test("an AWS-only program never loads the Google provider", () => {
    expect(providersLoaded("aws")).toEqual(["provider-aws"]);
  });

  test("a program with both loads both", () => {
    expect(providersLoaded("aws", "gcp")).toEqual(["provider-aws", "provider-google"]);
  });
});
